import { openStation, type Station } from '../../src/core/station'
import type { FetchLike } from '../../src/core/sync/client'
import { recordDecision } from '../../src/server/central/decisions'
import type { CreatedCase, SyncStatus } from '../../src/shared/api'
import { tempDir, todayIn, validIntake } from '../helpers'
import { call, enrolledStation, injectFetch, type Central } from './central'
import { TEST_KEYS } from './keys'
import { mulberry32 } from '../../bench/seed/random'

// Randomised sync runs under faults. Each run is one station with its own seed:
// it writes cases in rounds, syncs while the line misbehaves, and sometimes dies
// between sending and hearing back. At the end, with the line healed, every
// event must be on the server exactly once and the outbox empty. Used by the
// test suite (a few hundred runs) and by scripts/soak.ts (many more).

export const FAULTS = [
  'pass',
  'refused', // nothing reaches the server (server down, connection refused)
  'cut', // the server did the work, the answer is lost (connection cut, server killed after commit)
  'error500', // the server answers 500 without doing anything
  'error500after', // the server did the work, then a proxy answers 500
  'duplicate', // the network delivers the request twice
  'kill', // the answer is lost and the station is killed before it hears back
] as const
export type Fault = (typeof FAULTS)[number]

export interface RunResult {
  seed: number
  events: number
  faults: Record<Fault, number>
  restarts: number
  cycles: number
}

class StationKilled extends Error {}

/** One randomised run against a central server; throws if exactly-once does not hold. */
export async function faultRun(central: Central, seed: number): Promise<RunResult> {
  const rng = mulberry32(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!
  const faults = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>
  const real = injectFetch(central.app)
  // Enrolment goes through cleanly; the faults start with the first sync.
  let faulty = false
  let killPending = false
  const transport: FetchLike = async (url, init) => {
    if (killPending) throw new StationKilled('station is dead')
    const fault: Fault = faulty && rng() < 0.45 ? pick(FAULTS.slice(1)) : 'pass'
    faults[fault]++
    switch (fault) {
      case 'pass':
        return real(url, init)
      case 'refused':
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
      case 'cut':
        await real(url, init)
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
      case 'error500':
        return { status: 500, json: async () => ({ code: 'internal', reason: 'proxy' }) }
      case 'error500after':
        await real(url, init)
        return { status: 500, json: async () => ({ code: 'internal', reason: 'proxy' }) }
      case 'duplicate': {
        const first = await real(url, init)
        await real(url, init)
        return first
      }
      case 'kill':
        await real(url, init)
        killPending = true
        throw new StationKilled('station killed between send and acknowledgement')
    }
  }

  const dir = tempDir('loket-fault-')
  // Small batches, so a push spans several with two in flight.
  const syncBatchEvents = 1 + Math.floor(rng() * 3)
  let station: Station = await enrolledStation(central, dir.path, (u, i) => transport(u, i), {
    syncBatchEvents,
  })
  const stationId = station.sync.stationId
  faulty = true
  let restarts = 0
  let cycles = 0
  const created: string[] = []
  try {
    const rounds = 1 + Math.floor(rng() * 4)
    for (let round = 0; round < rounds; round++) {
      const n = 1 + Math.floor(rng() * 4)
      for (let i = 0; i < n; i++) {
        const c = await call<CreatedCase>(
          station,
          'case.create',
          validIntake({ subject: `Run ${seed} round ${round} case ${i}` }),
        )
        created.push(c.id)
      }
      // Now and then the centre decides on a case it already has.
      if (rng() < 0.4) {
        const known = (await central
          .db('cases')
          .whereIn('id', created)
          .where({ status: 'belum_terverifikasi' })
          .first('id')) as { id: string } | undefined
        if (known) {
          await recordDecision(
            central.db,
            central.identity,
            known.id,
            {
              type: 'followup.recorded',
              kind: 'note',
              day: todayIn(),
              agencyCode: null,
              letterNumber: null,
              note: `catatan ${seed}`,
            },
            'Pusat',
            new Date(),
          )
        }
      }
      const attempts = 1 + Math.floor(rng() * 3)
      for (let a = 0; a < attempts; a++) {
        cycles++
        await station.sync.runOnce().catch(() => undefined)
        if (killPending) {
          // The process dies; a new one opens the same data folder.
          await station.close()
          killPending = false
          restarts++
          station = await openStation({
            keys: TEST_KEYS,
            dataDir: dir.path,
            fetch: (u, i) => transport(u, i),
            autoSync: false,
            syncBatchEvents,
          })
        }
      }
    }
    // The line heals: sync must now finish within a few cycles.
    faulty = false
    let status: SyncStatus | null = null
    for (let i = 0; i < 5; i++) {
      cycles++
      status = await call<SyncStatus>(station, 'sync.now', {})
      if (status.lastError === null) break
    }
    if (!status || status.lastError !== null) {
      throw new Error(`seed ${seed}: sync did not recover: ${status?.lastError}`)
    }
    if (status.pending !== 0) throw new Error(`seed ${seed}: outbox not empty (${status.pending})`)

    const local = (await station
      .db('events')
      .where({ station_id: stationId })
      .orderBy('seq')
      .select('seq', 'id', 'hash')) as { seq: number; id: string; hash: string }[]
    const remote = (await central
      .db('events')
      .where({ station_id: stationId })
      .orderBy('seq')
      .select('seq', 'id', 'hash')) as { seq: number | string; id: string; hash: string }[]
    if (remote.length !== local.length) {
      throw new Error(
        `seed ${seed}: server holds ${remote.length} events, station wrote ${local.length}`,
      )
    }
    local.forEach((e, i) => {
      const r = remote[i]!
      if (Number(r.seq) !== e.seq || r.id !== e.id || r.hash !== e.hash) {
        throw new Error(`seed ${seed}: event ${e.seq} differs on the server`)
      }
    })
    // Every central decision on the station's cases came back, once.
    const centralIds = (await central
      .db('events')
      .whereIn('case_id', created)
      .whereNot({ station_id: stationId })
      .pluck('id')) as string[]
    const pulled = (await station.db('events').whereIn('id', centralIds).count({ n: '*' })) as {
      n: number
    }[]
    if (Number(pulled[0]?.n) !== centralIds.length) {
      throw new Error(
        `seed ${seed}: ${centralIds.length} central events, station has ${pulled[0]?.n}`,
      )
    }
    return { seed, events: local.length, faults, restarts, cycles }
  } finally {
    await station.close()
    dir.remove()
  }
}
