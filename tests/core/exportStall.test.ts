import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportJob } from '../../src/shared/rapor'
import { openStation, type Station } from '../../src/core/station'
import { watchStalls } from '../../bench/stall'
import { seedCases } from '../../bench/seed'
import { TestClock, tempDir } from '../helpers'
import { as } from '../support/actors'
import { TEST_KEYS } from '../support/keys'

// The thread that serves the window stays responsive while a large export is
// written: the rows are read here in batches, a worker thread writes the file.
// With the file written on this thread instead, the same export read p99
// 1,007 ms and max 1,664 ms here; with the worker, on the same loaded machine,
// p99 stays near 60 ms while a rare spike can pass 200 ms, hence two bounds.

const CASES = 20_000
/** Generous for a shared machine: the targets of `npm run bench` are 50 and 100 ms. */
const P99_STALL_MS = 200
const MAX_STALL_MS = 500

describe('the serving thread during a 20,000-case XLSX export', () => {
  const dir = tempDir()
  const clock = new TestClock('2026-03-02T03:00:00Z')
  let station: Station

  const call = async <R>(method: string, input: unknown): Promise<R> => {
    const res = await station.dispatch(method, input, as(method, 'stall'))
    if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`)
    return res.result as R
  }
  const exportXlsx = async (limit: number) => {
    const job = await call<ExportJob>('export.start', {
      format: 'xlsx',
      variant: 'internal',
      filter: {},
      limit,
    })
    return station.exports.settled(job.id)
  }

  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      autoSync: false,
      now: clock.now,
    })
    const identity = new Map(
      (
        (await station.db('settings').whereIn('key', ['stationId', 'stationCode'])) as {
          key: string
          value: string
        }[]
      ).map((s) => [s.key, s.value]),
    )
    await seedCases(station.db, {
      count: CASES,
      stationId: identity.get('stationId') as string,
      stationCode: identity.get('stationCode') as string,
      until: clock.now(),
      spanDays: 365,
    })
    // The rapor facts brought up to date and the worker started, as a desk's
    // first export would: not what is measured here.
    expect((await exportXlsx(100)).state).toBe('done')
  }, 300_000)
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it(`answers within ${P99_STALL_MS} ms (p99), never kept for ${MAX_STALL_MS} ms`, async () => {
    const { value: job, stall } = await watchStalls(() => exportXlsx(CASES))
    expect(job).toMatchObject({ state: 'done', done: CASES, total: CASES })
    const seen = `stalls (ms): ${JSON.stringify(stall)}`
    expect(stall.p99, seen).toBeLessThan(P99_STALL_MS)
    expect(stall.max, seen).toBeLessThan(MAX_STALL_MS)
  }, 300_000)
})
