import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

// A failing test must fail the run and a passing one must not: `npm test` and CI
// read only the exit code. The PostgreSQL package once hooked the process's exit,
// made every run exit 0, and then threw on the way out.
const run = (fixture: string) =>
  spawnSync(
    'npx',
    ['vitest', 'run', '--config', 'tests/support/fixtures/vitest.fixtures.config.ts', fixture],
    { encoding: 'utf8', timeout: 110_000 },
  )

describe('the test run, with the suite’s own global setup', () => {
  it('exits 1 when a test fails', { timeout: 120_000 }, () => {
    const r = run('fails.fixture')
    expect(r.stdout + r.stderr).toContain('fails on purpose')
    expect(r.status).toBe(1)
  })

  it(
    'exits 0 when every test passes, with nothing thrown on the way out',
    { timeout: 120_000 },
    () => {
      const r = run('passes.fixture')
      expect(r.stdout + r.stderr).toContain('1 passed')
      expect(r.stderr).not.toMatch(/TypeError|Error:/)
      expect(r.status).toBe(0)
    },
  )
})
