import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CreatedCase } from '../../src/shared/api'
import { foldCase, storedFoldEvent, type FoldEvent } from '../../src/shared/caseFold'
import type { CaseStatus, EventType } from '../../src/shared/domain'
import { TRANSITIONS, type Transition } from '../../src/shared/lifecycle'
import type { WireEvent } from '../../src/shared/sync'
import type { Station } from '../../src/core/station'
import { openPayload } from '../../src/server/central/atRest'
import { FOLD_COLUMN_TYPES, foldColumns, type FoldColumns } from '../../src/server/central/caseRows'
import { recordDecision } from '../../src/server/central/decisions'
import { storeEvents } from '../../src/server/central/eventStore'
import { Refused } from '../../src/server/central/refused'
import type { ServerDb } from '../../src/server/db'
import { tempDir, todayIn, validIntake } from '../helpers'
import { call, enrolledStation, startCentral, type Backend, type Central } from '../support/central'
import { history } from '../support/histories'
import { mulberry32 } from '../../bench/seed/random'

// The centre folds each case's row on from the stored one when new events come
// after all it has folded, and folds the case again from its whole log
// otherwise. Whatever the interleaving of writers and the moments events
// arrive, the row and the list of pending conflicts must be what `foldCase`
// gives over every event the centre holds.
const pgUrl = inject('pgUrl')

// Every column the fold writes: a column added to the rows is held to the fold at once.
const FOLD_FIELDS = Object.keys(FOLD_COLUMN_TYPES) as (keyof FoldColumns)[]

/** A row's fold columns and its pending conflicts, next to what foldCase makes of its log. */
async function rowAndFold(db: ServerDb, caseId: string) {
  const row = (await db('cases').where({ id: caseId }).first()) as Record<string, unknown>
  const events = (
    (await db('events').where({ case_id: caseId }).select('id', 'hlc', 'type', 'payload')) as {
      id: string
      hlc: string
      type: EventType
      payload: string
    }[]
  ).map((r) => storedFoldEvent({ ...r, payload: openPayload(db, r) }))
  const fold = foldCase(events)!
  const latest = events.reduce((m, e) => (e.hlc > m ? e.hlc : m), events[0]!.hlc)
  const expected = foldColumns(fold, 'Asia/Jakarta', latest)
  const actual = Object.fromEntries(
    FOLD_FIELDS.map((k) => {
      const v = row[k]
      const boolean = typeof expected[k] === 'boolean'
      return [k, v === null || !boolean ? (typeof v === 'number' ? Number(v) : v) : Boolean(v)]
    }),
  )
  const pending = (await db('conflicts')
    .where({ case_id: caseId })
    .whereNull('resolved_at')
    .pluck('event_id')) as string[]
  return {
    actual: { ...actual, conflicts: Number(actual['conflicts']), pending: pending.sort() },
    expected: {
      ...Object.fromEntries(FOLD_FIELDS.map((k) => [k, expected[k]])),
      pending: [...fold.conflicts].sort(),
    },
    events: events.length,
    conflicts: fold.conflicts.length,
  }
}

/** A history under ids of its own (its events' references to each other follow). */
function renamed(h: { caseId: string; events: FoldEvent[] }, run: number) {
  const ids = new Map<string, string>()
  const id = (old: string) => {
    let fresh = ids.get(old)
    if (!fresh) {
      fresh = `${run.toString(16).padStart(8, '0')}-0000-7000-8000-${(ids.size + 1).toString(16).padStart(12, '0')}`
      ids.set(old, fresh)
    }
    return fresh
  }
  const caseId = id(h.caseId)
  const events = h.events.map((e) => {
    const p = e.payload as Record<string, unknown>
    const payload =
      e.type === 'case.received'
        ? { ...p, trackingNumber: `UJI-${caseId.slice(0, 8)}` }
        : typeof p['resolves'] === 'string'
          ? { ...p, resolves: id(p['resolves']) }
          : p
    return { ...e, id: id(e.id), payload } as FoldEvent
  })
  return { caseId, events }
}

describe.each<Backend>(['sqlite', 'pg'])('the centre’s case rows (%s)', (backend) => {
  let central: Central
  beforeAll(async () => {
    central = await startCentral(backend, pgUrl)
  })
  afterAll(async () => {
    await central.close()
  })

  it('equal foldCase over random histories delivered in random batches and orders', async () => {
    let seq = 0
    let run = 0
    let refolded = 0
    await fc.assert(
      fc.asyncProperty(history, fc.integer(), async (drawn, seed) => {
        // Shrinking replays drawn histories: each run stores its own copy, under new ids.
        const { caseId, events } = renamed(drawn, ++run)
        const rng = mulberry32(seed)
        // The receipt comes first (a case's other events follow it); the rest arrive in
        // random batches, in an order that is not the merged one.
        const [received, ...rest] = events as [FoldEvent, ...FoldEvent[]]
        const shuffled = [...rest].sort(() => rng() - 0.5)
        const batches: FoldEvent[][] = [[received]]
        for (const e of shuffled) {
          if (rng() < 0.4 || batches.length === 1) batches.push([e])
          else batches.at(-1)!.push(e)
        }
        for (const batch of batches) {
          const wire = batch.map((e): WireEvent => ({
            id: e.id,
            stationId: '00000000-0000-4000-8000-00000000000a',
            seq: ++seq,
            caseId,
            type: e.type,
            payload: e.payload as Record<string, unknown>,
            actor: 'uji',
            hlc: e.hlc,
            prevHash: '0'.repeat(64),
            hash: '0'.repeat(64),
          }))
          await central.db.transaction((trx) => storeEvents(trx, wire, new Date()))
        }
        const sorted = [...rest].sort((a, b) => (a.hlc < b.hlc ? -1 : 1))
        if (shuffled.some((e, i) => e !== sorted[i])) refolded++
        const r = await rowAndFold(central.db, caseId)
        expect(r.actual).toEqual(r.expected)
      }),
      { numRuns: backend === 'sqlite' ? 120 : 40, seed: 20261203 },
    )
    // Some histories did arrive out of merged order, so the refold path ran.
    expect(refolded).toBeGreaterThan(10)
  })

  // Dozens of syncs and decisions: on a loaded machine, PostgreSQL's round trips add up.
  it('equals foldCase after a station’s syncs and the centre’s decisions interleave', async () => {
    const dir = tempDir()
    const station: Station = await enrolledStation(central, dir.path)
    try {
      const rng = mulberry32(20261123)
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!
      const cases: string[] = []
      for (let i = 0; i < 6; i++) {
        cases.push((await call<CreatedCase>(station, 'case.create', validIntake())).id)
      }
      await call(station, 'sync.now', {})
      const possible = (status: CaseStatus) =>
        (Object.keys(TRANSITIONS) as Transition[]).filter((t) =>
          (TRANSITIONS[t].from as readonly CaseStatus[]).includes(status),
        )
      for (let step = 0; step < 20 * 6; step++) {
        const caseId = pick(cases)
        if (rng() < 0.5) {
          // The station moves the case as it sees it; the centre may not know yet.
          const d = (await station.db('cases').where({ id: caseId }).first('status')) as {
            status: CaseStatus
          }
          const t = pick(possible(d.status))
          await call(station, 'case.transition', {
            caseId,
            transition: t,
            day: todayIn(),
            reason: 'Alasan uji.',
            ...(t === 'forward' ? { agencyCode: 'DINKES' } : {}),
          })
        } else {
          // The centre decides on what it has seen.
          const c = (await central.db('cases').where({ id: caseId }).first('status')) as {
            status: CaseStatus
          }
          const t = pick(possible(c.status))
          await recordDecision(
            central.db,
            central.identity,
            caseId,
            {
              type: 'case.transitioned',
              transition: t,
              day: todayIn(),
              reason: 'Alasan uji.',
              agencyCode: t === 'forward' ? 'DINKES' : null,
            },
            'pusat:uji',
            new Date(),
          ).catch((err: unknown) => {
            if (!(err instanceof Refused)) throw err
          })
        }
        if (rng() < 0.3) await call(station, 'sync.now', {})
      }
      await call(station, 'sync.now', {})
      let events = 0
      let conflicts = 0
      for (const caseId of cases) {
        const r = await rowAndFold(central.db, caseId)
        expect(r.actual).toEqual(r.expected)
        events += r.events
        conflicts += r.conflicts
      }
      expect(events).toBeGreaterThan(60)
      // The interleavings did produce transitions that no longer applied.
      expect(conflicts).toBeGreaterThan(0)
    } finally {
      await station.close()
      dir.remove()
    }
  }, 120_000)
})
