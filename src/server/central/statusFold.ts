import type { Knex } from 'knex'
import type { CaseStatus } from '../../shared/domain'
import { compareMergedOrder, transitionApplies } from '../../shared/caseFold'
import { foldStatus, type WireEvent } from '../../shared/sync'
import { INSERT_CHUNK, insertIgnoring } from './sql'

// The centre's status fold: the public-status view (`cases.status`,
// `last_hlc`, `conflicts`, `folded_hlc`) and the `conflicts` list, kept by
// the same merged-order rule as the station's projection. Its surface is
// `foldTransitions` alone.

type Step = { id: string; hlc: string; payload: { from: CaseStatus; to: CaseStatus } }

/** Folds the transitions among newly stored events into their cases' statuses. */
export async function foldTransitions(
  trx: Knex.Transaction,
  events: WireEvent[],
  now: Date,
): Promise<void> {
  const transitions = new Map<string, Step[]>()
  for (const e of events) {
    if (e.type !== 'case.transitioned') continue
    const list = transitions.get(e.caseId) ?? []
    list.push({ id: e.id, hlc: e.hlc, payload: e.payload as Step['payload'] })
    transitions.set(e.caseId, list)
  }
  const touched = [...transitions.keys()]
  for (let i = 0; i < touched.length; i += INSERT_CHUNK) {
    await refoldCases(trx, touched.slice(i, i + INSERT_CHUNK), transitions, now)
  }
}

/**
 * Brings cases' statuses up to date with new transitions, flagging those that
 * do not apply: a few statements for many cases. When a case's new
 * transitions all come after every transition it already folded (the usual
 * order of a station's outbox), the fold goes on from the stored status;
 * otherwise the case is refolded from all its transitions in clock order.
 * Both give what foldStatus gives over the whole history (tested).
 */
async function refoldCases(
  trx: Knex.Transaction,
  caseIds: string[],
  fresh: ReadonlyMap<string, Step[]>,
  now: Date,
): Promise<void> {
  const cases = (await trx('cases')
    .whereIn('id', caseIds)
    .select('id', 'received_hlc', 'status', 'last_hlc', 'conflicts', 'folded_hlc')) as {
    id: string
    received_hlc: string
    status: CaseStatus
    last_hlc: string
    conflicts: number
    folded_hlc: string | null
  }[]
  if (cases.length === 0) return
  type Fold = { id: string; status: CaseStatus; lastHlc: string; conflicts: number; folded: string }
  const folds: Fold[] = []
  const newConflicts: { event_id: string; case_id: string; found_at: string }[] = []
  const full: typeof cases = []
  for (const c of cases) {
    const steps = [...(fresh.get(c.id) ?? [])].sort(compareMergedOrder)
    if (c.folded_hlc === null || steps.length === 0 || steps[0]!.hlc <= c.folded_hlc) {
      full.push(c)
      continue
    }
    let status = c.status
    let lastHlc = c.last_hlc
    let conflicts = Number(c.conflicts)
    for (const t of steps) {
      if (transitionApplies(status, t.payload)) {
        status = t.payload.to
        lastHlc = t.hlc
      } else {
        conflicts++
        newConflicts.push({ event_id: t.id, case_id: c.id, found_at: now.toISOString() })
      }
    }
    folds.push({ id: c.id, status, lastHlc, conflicts, folded: steps.at(-1)!.hlc })
  }
  if (full.length > 0) {
    const ids = full.map((c) => c.id)
    const rows = (await trx('events')
      .whereIn('case_id', ids)
      .where({ type: 'case.transitioned' })
      .select('case_id', 'id', 'hlc', 'payload')) as {
      case_id: string
      id: string
      hlc: string
      payload: string
    }[]
    const byCase = new Map<string, Step[]>()
    for (const r of rows) {
      const list = byCase.get(r.case_id) ?? []
      list.push({ id: r.id, hlc: r.hlc, payload: JSON.parse(r.payload) as Step['payload'] })
      byCase.set(r.case_id, list)
    }
    await trx('conflicts').whereIn('case_id', ids).delete()
    for (const c of full) {
      const steps = byCase.get(c.id) ?? []
      const fold = foldStatus(c.received_hlc, steps)
      for (const eventId of fold.conflicts) {
        newConflicts.push({ event_id: eventId, case_id: c.id, found_at: now.toISOString() })
      }
      const folded = steps.reduce((m, s) => (s.hlc > m ? s.hlc : m), c.received_hlc)
      folds.push({
        id: c.id,
        status: fold.status,
        lastHlc: fold.lastHlc,
        conflicts: fold.conflicts.length,
        folded,
      })
    }
  }
  await insertIgnoring(trx, 'conflicts', newConflicts, 'event_id')
  // One UPDATE … FROM a list of values; PostgreSQL and SQLite both read it.
  const values = folds.map(() => '(?, ?, ?, CAST(? AS INTEGER), ?)').join(', ')
  await trx.raw(
    `WITH v(id, status, last_hlc, conflicts, folded_hlc) AS (VALUES ${values})
     UPDATE cases SET status = v.status, last_hlc = v.last_hlc, conflicts = v.conflicts,
       folded_hlc = v.folded_hlc
     FROM v WHERE cases.id = v.id`,
    folds.flatMap((f) => [f.id, f.status, f.lastHlc, f.conflicts, f.folded]),
  )
}
