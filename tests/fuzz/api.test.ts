import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type ApiMethod } from '../../src/shared/api'
import { ROLES, type Role } from '../../src/shared/roles'
import { openStation, type Station } from '../../src/core/station'
import { tempDir } from '../helpers'
import { asUser } from '../support/actors'
import { databaseFingerprint } from '../support/fingerprint'
import { TEST_KEYS } from '../support/keys'

// Random and malformed input to every API method, as every role and signed out.
// Dispatch must always answer with an envelope, never an internal error, and a
// refusal must leave the database as it was, row for row.
const METHODS = Object.keys(api) as ApiMethod[]
const RUNS_PER_METHOD = 200
const SEED = 20261123

type Dispatch = Station['dispatch']

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

/**
 * Fuzzes one method and returns how many calls reached the station's dispatch
 * and passed every check. `through` stands between the fuzzer and the station:
 * the tests below use it to break things on purpose.
 */
async function fuzzMethod(
  station: Station,
  method: ApiMethod,
  runs: number,
  through: (toStation: Dispatch) => Dispatch = (d) => d,
): Promise<number> {
  let executed = 0
  const dispatch = through((m, input, ctx) => {
    executed++
    return station.dispatch(m, input, ctx)
  })
  const callers: Array<Role | null> = [null, ...ROLES]
  await fc.assert(
    fc.asyncProperty(hostile, fc.constantFrom(...callers), async (input, role) => {
      const before = await databaseFingerprint(station.db)
      const ctx = role ? asUser(`fuzz-${role}`, role) : { transport: 'test' as const }
      const r = await dispatch(method, input, ctx)
      expect(typeof r.ok).toBe('boolean')
      if (!r.ok) {
        expect(r.error.code).not.toBe('internal')
        expect(typeof r.error.message).toBe('string')
        expect(await databaseFingerprint(station.db), 'a refusal changed the database').toEqual(
          before,
        )
      }
    }),
    { numRuns: runs, seed: SEED },
  )
  return executed
}

/** Methods that ran fewer cases than they should have, and the total run. */
function shortfall(executed: Map<ApiMethod, number>, runs: number) {
  const short = METHODS.filter((m) => (executed.get(m) ?? 0) < runs)
  const total = [...executed.values()].reduce((a, b) => a + b, 0)
  return { short, total }
}

async function freshStation(dir: string): Promise<Station> {
  return openStation({
    keys: TEST_KEYS,
    dataDir: dir,
    autoSync: false,
    log: () => {},
    // Nothing leaves the machine: enrolment attempts meet a refused connection.
    fetch: async () => {
      throw new TypeError('fetch failed')
    },
  })
}

describe('fuzzing every API method', () => {
  const dir = tempDir()
  let station: Station
  const executed = new Map<ApiMethod, number>()
  beforeAll(async () => {
    station = await freshStation(dir.path)
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it.each(METHODS)(
    '%s answers every input without crashing or changing state on refusal',
    async (method) => {
      executed.set(method, await fuzzMethod(station, method, RUNS_PER_METHOD))
    },
  )

  it('ran at least 10,000 cases over all methods, every method its share', () => {
    const { short, total } = shortfall(executed, RUNS_PER_METHOD)
    expect(short).toEqual([])
    expect(total).toBeGreaterThanOrEqual(10_000)
  })
})

describe('the fuzz checks fail when something is broken on purpose', () => {
  const dir = tempDir()
  let station: Station
  beforeAll(async () => {
    station = await freshStation(dir.path)
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('catches a refusal that rewrites a row in place', async () => {
    const agencies = () => station.db('agencies').orderBy('code').select('code', 'name')
    const before = await agencies()
    const writesOnRefusal =
      (toStation: Dispatch): Dispatch =>
      async (m, input, ctx) => {
        const r = await toStation(m, input, ctx)
        if (!r.ok) {
          await station.db.raw(
            `UPDATE agencies SET name = name || '~' WHERE code = (SELECT min(code) FROM agencies)`,
          )
        }
        return r
      }
    const failure = await fuzzMethod(station, 'case.get', 5, writesOnRefusal).then(
      () => undefined,
      (e: unknown) => e,
    )
    // fast-check reports the counterexample and keeps the failed check as the cause.
    expect(failure).toBeInstanceOf(Error)
    expect(String((failure as Error).cause)).toMatch(/a refusal changed the database/)
    // One row rewritten in place, no row added or removed: counting rows would not have seen it.
    const after = await agencies()
    expect(after.length).toBe(before.length)
    expect(after.filter((a, i) => a.name !== before[i]?.name)).toHaveLength(1)
  })

  it('catches calls that never reached the station', async () => {
    // A stand-in that answers every other call itself, as a stub would.
    const skipsHalf = (toStation: Dispatch): Dispatch => {
      let n = 0
      return async (m, input, ctx) =>
        n++ % 2 === 0
          ? toStation(m, input, ctx)
          : { ok: false, error: { code: 'invalid_input', message: 'Ditolak.' } }
    }
    const executed = new Map<ApiMethod, number>([
      ['case.get', await fuzzMethod(station, 'case.get', 20, skipsHalf)],
    ])
    expect(executed.get('case.get')).toBe(10)
    const { short, total } = shortfall(executed, 20)
    expect(short).toContain('case.get')
    expect(total).toBeLessThan(10_000)
  })
})
