import type { Knex } from 'knex'
import { canonicalJson } from '../../shared/canonicalJson'
import type { WireEvent } from '../../shared/sync'
import { isStationZone, type StationZone } from '../../shared/timeZone'
import type { ServerDb } from '../db'
import { INSERT_CHUNK, insertIgnoring } from './sql'
import { foldTransitions } from './statusFold'

// The centre's event store: every event as it arrived, the case it belongs to
// (with the station it came from, the zone its days count in and the hash of
// its receipt PIN), and the public-status view the status fold keeps.

// Each payload is serialised once, and the JSON serves twice: for its hash when a batch is
// verified, and for storage.
const payloadJsonOf = new WeakMap<WireEvent, string>()
export const payloadJson = (e: WireEvent): string => {
  let json = payloadJsonOf.get(e)
  if (json === undefined) {
    json = canonicalJson(e.payload)
    payloadJsonOf.set(e, json)
  }
  return json
}

/** The server's events columns, in the order bulk inserts give them. */
export const SERVER_EVENT_COLUMNS = [
  'id',
  'station_id',
  'seq',
  'case_id',
  'origin_station_id',
  'type',
  'payload',
  'actor',
  'hlc',
  'prev_hash',
  'hash',
  'stored_at',
] as const

/**
 * On PostgreSQL the rows go in as one JSON parameter unpacked by
 * json_to_recordset, in their order (the cursor follows it): building and
 * binding twelve thousand parameters per batch cost more than the insert.
 * (`table` is another name only for the benchmark, which times this alone.)
 */
export async function insertEventRows(
  trx: Knex.Transaction,
  rows: Record<(typeof SERVER_EVENT_COLUMNS)[number], unknown>[],
  table = 'events',
): Promise<void> {
  if (rows.length === 0) return
  if (trx.client.config.client !== 'pg') {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx(table).insert(rows.slice(i, i + INSERT_CHUNK))
    }
    return
  }
  const cols = SERVER_EVENT_COLUMNS.join(', ')
  const types = SERVER_EVENT_COLUMNS.map((c) => `${c} ${c === 'seq' ? 'bigint' : 'text'}`).join(
    ', ',
  )
  await trx.raw(
    `INSERT INTO ${table} (${cols})
     SELECT ${cols} FROM ROWS FROM (json_to_recordset(?::json) AS (${types}))
       WITH ORDINALITY AS x(${cols}, n)
     ORDER BY n`,
    [JSON.stringify(rows)],
  )
}

/** The zones stations sent at enrolment, for cases whose events name none. */
async function zonesOfStations(
  trx: Knex.Transaction | ServerDb,
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

/** Writes events and updates the public-status view of the cases they touch. */
export async function storeEvents(
  trx: Knex.Transaction,
  events: WireEvent[],
  now: Date,
): Promise<void> {
  const caseIds = [...new Set(events.map((e) => e.caseId))]
  const origins = new Map<string, string>()
  for (let i = 0; i < caseIds.length; i += INSERT_CHUNK) {
    const rows = (await trx('cases')
      .whereIn('id', caseIds.slice(i, i + INSERT_CHUNK))
      .select('id', 'station_id')) as { id: string; station_id: string }[]
    for (const r of rows) origins.set(r.id, r.station_id)
  }
  const newCases: Record<string, unknown>[] = []
  const stationZones = await zonesOfStations(
    trx,
    events.filter((e) => e.type === 'case.received').map((e) => e.stationId),
  )
  for (const e of events) {
    if (e.type === 'case.received' && !origins.has(e.caseId)) {
      origins.set(e.caseId, e.stationId)
      const p = e.payload as { trackingNumber: string; statusPinHash?: string; timeZone?: unknown }
      newCases.push({
        time_zone: isStationZone(p.timeZone) ? p.timeZone : (stationZones.get(e.stationId) ?? null),
        id: e.caseId,
        station_id: e.stationId,
        tracking_number: p.trackingNumber,
        status: 'belum_terverifikasi',
        received_hlc: e.hlc,
        last_hlc: e.hlc,
        folded_hlc: e.hlc,
        status_pin_hash: typeof p.statusPinHash === 'string' ? p.statusPinHash : null,
        conflicts: 0,
      })
    }
  }
  const storedAt = now.toISOString()
  const rows = events.map((e) => ({
    id: e.id,
    station_id: e.stationId,
    seq: e.seq,
    case_id: e.caseId,
    origin_station_id: origins.get(e.caseId) ?? e.stationId,
    type: e.type,
    payload: payloadJson(e),
    actor: e.actor,
    hlc: e.hlc,
    prev_hash: e.prevHash,
    hash: e.hash,
    stored_at: storedAt,
  }))
  await insertEventRows(trx, rows)
  await insertIgnoring(trx, 'cases', newCases, 'id')
  await foldTransitions(trx, events, now)
}
