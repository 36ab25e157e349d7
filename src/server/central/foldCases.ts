import type { Knex } from 'knex'
import {
  caseEffect,
  compareMergedOrder,
  foldCase,
  foldEvent,
  storedFoldEvent,
  type FoldEvent,
  type FoldedCase,
} from '../../shared/caseFold'
import type { EventType } from '../../shared/domain'
import { INITIAL_STATUS } from '../../shared/lifecycle'
import type { WireEvent } from '../../shared/sync'
import { isStationZone, zoneOr, type StationZone } from '../../shared/timeZone'
import {
  FOLD_COLUMN_TYPES,
  STORED_FOLD_COLUMNS,
  foldColumns,
  foldedFromRow,
  receiptColumns,
  type FoldColumns,
  type StoredFold,
} from './caseRows'
import { openPayload } from './atRest'
import { insertIgnoring } from './sql'

// Keeps each case's row (caseRows.ts) and the `conflicts` list in step with
// the events the centre stores, by the one case fold (shared/caseFold.ts). A
// case's new events usually all come after every event it has folded (the
// order of a station's outbox): the fold then goes on from the stored row.
// Events from several writers may also arrive out of merged order: the case
// is then folded again from all its events. Both give what `foldCase` gives
// over the case's whole log (a property test holds them to it).
//
// A case's other events only ever follow its receipt: a station pushes its own
// chain, and the centre decides only on cases it holds.

/** Cases per statement: their rows' bound values stay under SQLite's limit. */
const CHUNK = 500

type Fresh = { stationId: string; event: FoldEvent }

/** Folds newly stored events into their cases' rows (creating the rows of new cases). */
export async function foldIntoRows(
  trx: Knex,
  events: readonly WireEvent[],
  now: Date,
): Promise<void> {
  const byCase = new Map<string, Fresh[]>()
  for (const e of events) {
    const list = byCase.get(e.caseId) ?? []
    list.push({ stationId: e.stationId, event: storedFoldEvent(e) })
    byCase.set(e.caseId, list)
  }
  // In one order, so two writers that lock the same rows never wait on each other in a loop.
  const ids = [...byCase.keys()].sort()
  for (let i = 0; i < ids.length; i += CHUNK) {
    await foldChunk(trx, ids.slice(i, i + CHUNK), byCase, now)
  }
}

/** Folds cases again from all their events (after a migration; after a change of the rules). */
export async function refoldCases(trx: Knex, caseIds: readonly string[], now: Date): Promise<void> {
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const ids = caseIds.slice(i, i + CHUNK)
    const rows = (await trx('cases')
      .whereIn('id', ids)
      .select('id', 'station_id', 'zone', 'time_zone')) as {
      id: string
      station_id: string
      zone: string | null
      time_zone: string | null
    }[]
    const stationZones = await zonesOfStations(
      trx,
      rows.map((r) => r.station_id),
    )
    const folds = await foldFromLog(trx, ids)
    const receipts = []
    const updates: Array<{ id: string } & FoldColumns> = []
    const pending = new Map<string, string[]>()
    for (const r of rows) {
      const f = folds.get(r.id)
      if (!f) continue
      const receipt = receiptColumns(
        r.id,
        r.station_id,
        f.received,
        stationZones.get(r.station_id) ?? null,
      )
      receipts.push(receipt)
      updates.push({ id: r.id, ...foldColumns(f.fold, receipt.zone, f.lastHlc) })
      pending.set(r.id, f.fold.conflicts)
    }
    await updateRows(trx, receipts, RECEIPT_COLUMN_TYPES)
    await updateRows(trx, updates, FOLD_COLUMN_TYPES)
    await syncConflicts(trx, pending, pending, now)
  }
}

const RECEIPT_COLUMN_TYPES = {
  received_at: 'text',
  received_day: 'text',
  zone: 'text',
  channel: 'text',
  kind: 'text',
  category: 'text',
  reported_agency: 'text',
  anonymous: 'boolean',
  confidential: 'boolean',
  subject: 'text',
  description: 'text',
} as const

async function foldChunk(
  trx: Knex,
  ids: string[],
  fresh: ReadonlyMap<string, Fresh[]>,
  now: Date,
): Promise<void> {
  const rows = (await trx('cases')
    .whereIn('id', ids)
    .orderBy('id')
    .forUpdate()
    .select(...STORED_FOLD_COLUMNS)) as StoredFold[]
  const stored = new Map(rows.map((r) => [r.id, r]))
  const inserts: Record<string, unknown>[] = []
  const updates: Array<{ id: string } & FoldColumns> = []
  const onward: Array<{ row: StoredFold; events: FoldEvent[] }> = []
  const again: string[] = []
  // Pending conflicts of each case folded here, and the cases whose list may have shrunk.
  const pending = new Map<string, string[]>()
  const settled = new Map<string, string[]>()
  const receipts: Array<{ id: string; stationId: string; event: FoldEvent }> = []
  for (const id of ids) {
    const list = fresh.get(id)!
    const events = list.map((f) => f.event).sort(compareMergedOrder)
    const row = stored.get(id)
    if (!row) {
      const received = list.find((f) => f.event.type === 'case.received')
      if (received) receipts.push({ id, stationId: received.stationId, event: received.event })
    } else if (row.folded_hlc !== null && events[0]!.hlc > row.folded_hlc) {
      onward.push({ row, events })
    } else {
      again.push(id)
    }
  }

  if (receipts.length > 0) {
    const zones = await zonesOfStations(
      trx,
      receipts.map((r) => r.stationId),
    )
    for (const r of receipts) {
      const events = fresh.get(r.id)!.map((f) => f.event)
      const fold = foldCase(events)!
      const receipt = receiptColumns(
        r.id,
        r.stationId,
        r.event as Extract<FoldEvent, { type: 'case.received' }>,
        zones.get(r.stationId) ?? null,
      )
      inserts.push({ ...receipt, ...foldColumns(fold, receipt.zone, latest(events)) })
      pending.set(r.id, fold.conflicts)
    }
  }

  // Folding on starts from the conflicts each case still has pending.
  const open = await pendingConflicts(
    trx,
    onward.filter((o) => Number(o.row.conflicts) > 0).map((o) => o.row.id),
  )
  for (const { row, events } of onward) {
    const before = open.get(row.id) ?? []
    let c: FoldedCase | null = foldedFromRow(row, before)
    for (const e of events) c = foldEvent(c, e)
    updates.push({ id: row.id, ...foldColumns(c!, zoneOr(row.zone), latest(events)) })
    pending.set(
      row.id,
      c!.conflicts.filter((id) => !before.includes(id)),
    )
    if (events.some(settles)) settled.set(row.id, c!.conflicts)
  }

  if (again.length > 0) {
    const folds = await foldFromLog(trx, again)
    const zones = new Map(rows.map((r) => [r.id, zoneOr(r.zone)]))
    for (const id of again) {
      const f = folds.get(id)
      if (!f) continue
      updates.push({ id, ...foldColumns(f.fold, zones.get(id)!, f.lastHlc) })
      pending.set(id, f.fold.conflicts)
      settled.set(id, f.fold.conflicts)
    }
  }

  await insertIgnoring(trx, 'cases', inserts, 'id', CHUNK)
  await updateRows(trx, updates, FOLD_COLUMN_TYPES)
  await syncConflicts(trx, pending, settled, now)
}

/** A resolution recorded at the centre: it settles a listed conflict. */
const settles = (e: FoldEvent): boolean => caseEffect(INITIAL_STATUS, e).resolves !== undefined

const latest = (events: readonly FoldEvent[]): string =>
  events.reduce((m, e) => (e.hlc > m ? e.hlc : m), events[0]!.hlc)

/** Each case folded from every event the centre holds on it. */
async function foldFromLog(
  trx: Knex,
  caseIds: string[],
): Promise<
  Map<
    string,
    { fold: FoldedCase; received: Extract<FoldEvent, { type: 'case.received' }>; lastHlc: string }
  >
> {
  const rows = (await trx('events')
    .whereIn('case_id', caseIds)
    .select('case_id', 'id', 'hlc', 'type', 'payload')) as {
    case_id: string
    id: string
    hlc: string
    type: EventType
    payload: string
  }[]
  const byCase = new Map<string, FoldEvent[]>()
  for (const r of rows) {
    const list = byCase.get(r.case_id) ?? []
    list.push(storedFoldEvent({ id: r.id, hlc: r.hlc, type: r.type, payload: openPayload(trx, r) }))
    byCase.set(r.case_id, list)
  }
  const out = new Map<
    string,
    { fold: FoldedCase; received: Extract<FoldEvent, { type: 'case.received' }>; lastHlc: string }
  >()
  for (const [id, events] of byCase) {
    const fold = foldCase(events)
    const received = events.find((e) => e.type === 'case.received')
    if (!fold || received?.type !== 'case.received') continue
    out.set(id, { fold, received, lastHlc: latest(events) })
  }
  return out
}

async function pendingConflicts(trx: Knex, caseIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  if (caseIds.length === 0) return out
  const rows = (await trx('conflicts')
    .whereIn('case_id', caseIds)
    .whereNull('resolved_at')
    .select('case_id', 'event_id')) as { case_id: string; event_id: string }[]
  for (const r of rows) out.set(r.case_id, [...(out.get(r.case_id) ?? []), r.event_id])
  return out
}

/**
 * The `conflicts` list after a fold: `flagged` holds, per case, steps to list
 * (already listed ones are left as they are); for the cases in `settled`, a
 * listed step that is neither pending any more nor marked resolved leaves the
 * list (the merged order changed, or a resolution settled it).
 */
async function syncConflicts(
  trx: Knex,
  flagged: ReadonlyMap<string, string[]>,
  settled: ReadonlyMap<string, string[]>,
  now: Date,
): Promise<void> {
  const ids = [...settled.keys()]
  if (ids.length > 0) {
    const listed = (await trx('conflicts')
      .whereIn('case_id', ids)
      .whereNull('resolved_at')
      .select('case_id', 'event_id')) as { case_id: string; event_id: string }[]
    const gone = listed
      .filter((r) => !settled.get(r.case_id)!.includes(r.event_id))
      .map((r) => r.event_id)
    if (gone.length > 0) await trx('conflicts').whereIn('event_id', gone).delete()
  }
  const rows = [...flagged].flatMap(([caseId, events]) =>
    events.map((eventId) => ({ event_id: eventId, case_id: caseId, found_at: now.toISOString() })),
  )
  await insertIgnoring(trx, 'conflicts', rows, 'event_id')
}

/** One UPDATE … FROM a list of values per chunk; PostgreSQL and SQLite both read it. */
async function updateRows<T extends { id: string }>(
  trx: Knex,
  rows: readonly T[],
  types: Partial<Record<keyof T, 'text' | 'integer' | 'boolean'>>,
): Promise<void> {
  const columns = Object.keys(types) as Array<keyof T & string>
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    const cast = ['CAST(? AS TEXT)', ...columns.map((c) => `CAST(? AS ${types[c]!.toUpperCase()})`)]
    const values = chunk.map(() => `(${cast.join(', ')})`).join(', ')
    await trx.raw(
      `WITH v(id, ${columns.join(', ')}) AS (VALUES ${values})
       UPDATE cases SET ${columns.map((c) => `${c} = v.${c}`).join(', ')}
       FROM v WHERE cases.id = v.id`,
      chunk.flatMap((r) => [r.id, ...columns.map((c) => r[c] as unknown)]) as Knex.RawBinding[],
    )
  }
}

/** The zones stations sent at enrolment, for cases whose events name none. */
export async function zonesOfStations(
  trx: Knex,
  stationIds: string[],
): Promise<Map<string, StationZone>> {
  const ids = [...new Set(stationIds)]
  const zones = new Map<string, StationZone>()
  if (ids.length === 0) return zones
  const rows = (await trx('stations').whereIn('id', ids).select('id', 'time_zone')) as {
    id: string
    time_zone: string | null
  }[]
  for (const r of rows) if (isStationZone(r.time_zone)) zones.set(r.id, r.time_zone)
  return zones
}
