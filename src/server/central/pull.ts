import type { WireEvent } from '../../shared/sync'
import type { ServerDb } from '../db'

// Pull: a station reads, after its cursor, the events others wrote on the cases it sent.

interface EventRow {
  id: string
  station_id: string
  seq: number
  case_id: string
  type: string
  payload: string
  actor: string
  hlc: string
  prev_hash: string
  hash: string
  cursor: number
}

function rowToWire(r: EventRow): WireEvent {
  return {
    id: r.id,
    stationId: r.station_id,
    seq: Number(r.seq),
    caseId: r.case_id,
    type: r.type as WireEvent['type'],
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    actor: r.actor,
    hlc: r.hlc,
    prevHash: r.prev_hash,
    hash: r.hash,
  }
}

export async function pullEvents(
  db: ServerDb,
  stationId: string,
  after: number,
  limit: number,
): Promise<{ events: { cursor: number; event: WireEvent }[]; cursor: number; more: boolean }> {
  const rows = (await db('events')
    .where({ origin_station_id: stationId })
    .whereNot({ station_id: stationId })
    .where('cursor', '>', after)
    .orderBy('cursor')
    .limit(limit + 1)) as EventRow[]
  const page = rows.slice(0, limit)
  return {
    events: page.map((r) => ({ cursor: Number(r.cursor), event: rowToWire(r) })),
    cursor: page.length ? Number(page.at(-1)!.cursor) : after,
    more: rows.length > limit,
  }
}
