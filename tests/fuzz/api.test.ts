import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type ApiMethod } from '../../src/shared/api'
import { ROLES, type Role } from '../../src/shared/roles'
import { openStation, type Station } from '../../src/core/station'
import { tempDir } from '../helpers'
import { asUser } from '../support/actors'
import { TEST_KEYS } from '../support/keys'

// Random and malformed input to every API method, as every role and signed out.
// Dispatch must always answer with an envelope, never an internal error, and a
// refusal must leave the database as it was.
const METHODS = Object.keys(api) as ApiMethod[]
const RUNS_PER_METHOD = 200

/** Row counts of every table and the settings' content: what a refusal must not change. */
async function fingerprint(station: Station): Promise<string> {
  const tables = (await station.db.raw(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'cases_fts_%' ORDER BY name`,
  )) as { name: string }[]
  const parts: string[] = []
  for (const { name } of tables) {
    const [row] = (await station.db.raw(`SELECT count(*) AS n FROM "${name}"`)) as { n: number }[]
    parts.push(`${name}:${row?.n}`)
  }
  const settings = await station.db('settings').orderBy('key').select('key', 'value')
  return `${parts.join(',')}|${JSON.stringify(settings)}`
}

// Values a schema should refuse, and shapes near the real ones.
const hostile = fc.oneof(
  fc.jsonValue(),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(
    '\u0000',
    '\u202e',
    "'; DROP TABLE cases; --",
    '__proto__',
    '../../etc/passwd',
    'x'.repeat(70_000),
    -0,
    1e308,
    -1,
    2 ** 53,
  ),
  fc.dictionary(
    fc.constantFrom(
      'id',
      'caseId',
      'q',
      'cursor',
      'limit',
      'day',
      'username',
      'password',
      'name',
      '__proto__',
      'constructor',
      'afterSeq',
      'filter',
      'jobId',
      'transition',
      'serverUrl',
      'code',
    ),
    fc.oneof(fc.jsonValue(), fc.string({ maxLength: 50 }), fc.integer()),
  ),
)

describe('fuzzing every API method', () => {
  const dir = tempDir()
  let station: Station
  let cases = 0
  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      autoSync: false,
      log: () => {},
      // Nothing leaves the machine: enrolment attempts meet a refused connection.
      fetch: async () => {
        throw new TypeError('fetch failed')
      },
    })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it.each(METHODS)(
    '%s answers every input without crashing or changing state on refusal',
    async (method) => {
      const callers: Array<Role | null> = [null, ...ROLES]
      await fc.assert(
        fc.asyncProperty(hostile, fc.constantFrom(...callers), async (input, role) => {
          cases++
          const before = await fingerprint(station)
          const ctx = role ? asUser(`fuzz-${role}`, role) : { transport: 'test' as const }
          const r = await station.dispatch(method, input, ctx)
          expect(typeof r.ok).toBe('boolean')
          if (!r.ok) {
            expect(r.error.code).not.toBe('internal')
            expect(typeof r.error.message).toBe('string')
            expect(await fingerprint(station)).toBe(before)
          }
        }),
        { numRuns: RUNS_PER_METHOD, seed: 20261123 },
      )
    },
  )

  it('ran at least 10,000 cases over all methods', () => {
    expect(METHODS.length * RUNS_PER_METHOD).toBeGreaterThanOrEqual(10_000)
    expect(cases).toBe(METHODS.length * RUNS_PER_METHOD)
  })
})
