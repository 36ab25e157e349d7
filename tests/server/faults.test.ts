import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startCentral, type Backend, type Central } from '../support/central'
import { FAULTS, faultRun, type Fault, type RunResult } from '../support/faults'

// Exactly once under faults: 200 randomised runs in the suite (scripts/soak.ts runs more).
// Each run's seed is printed on failure, so a failing run can be replayed alone.
const pgUrl = inject('pgUrl')
// The moved-clock runs (npm run test:dates) repeat the suite to prove it keeps to no
// date, not to soak again: they scale the runs down (LOKET_FAULT_RUNS_SCALE).
const scale = Number(process.env['LOKET_FAULT_RUNS_SCALE'] ?? '1')
const RUNS: Record<Backend, number> = {
  sqlite: Math.max(10, Math.round(160 * scale)),
  pg: Math.max(5, Math.round(40 * scale)),
}

describe.each<Backend>(['sqlite', 'pg'])('sync under faults (%s)', (backend) => {
  let central: Central
  beforeAll(async () => {
    central = await startCentral(backend, pgUrl, {
      LOKET_ENROL_RATE_LIMIT: '100000',
      LOKET_RATE_LIMIT: '1000000',
    })
  })
  afterAll(async () => {
    await central.close()
  })

  it(
    `keeps every event exactly once over ${RUNS[backend]} randomised runs`,
    { timeout: 240_000 },
    async () => {
      const results: RunResult[] = []
      const base = backend === 'sqlite' ? 1000 : 5000
      for (let i = 0; i < RUNS[backend]; i++) results.push(await faultRun(central, base + i))
      const total = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>
      for (const r of results) for (const f of FAULTS) total[f] += r.faults[f]
      // The runs exercised every fault, and station deaths with restarts.
      for (const f of FAULTS) expect(total[f], f).toBeGreaterThan(0)
      expect(results.reduce((n, r) => n + r.restarts, 0)).toBeGreaterThan(0)
      expect(results).toHaveLength(RUNS[backend])
      // Every station's events are on the server exactly once (the run checks each one).
      const events = results.reduce((n, r) => n + r.events, 0)
      const stored = (await central
        .db('events')
        .whereNot({ station_id: central.identity.centralStationId })
        .count({ n: '*' })) as { n: number | string }[]
      expect(Number(stored[0]?.n)).toBe(events)
    },
  )
})
