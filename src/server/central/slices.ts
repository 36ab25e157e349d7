import type { Knex } from 'knex'
import { monthsAsDays } from '../../shared/consoleReports'
import type { Channel, Kind } from '../../shared/domain'
import { OPEN_WITH_CLOCK } from '../../shared/rapor'
import { STATION_ZONES, dayInZone, type StationZone } from '../../shared/timeZone'
import { isValidStationCode } from '../../shared/trackingNumber'
import { Refused } from './refused'

// What the console's lists, rapor, insight and exports share: a slice of the
// case rows, the station a code names, and each zone's today, by which a
// case's lateness is judged (overdue depends on the day, so rows keep the due
// day and queries compare it with today in the case's own zone).

/** A slice of the case rows, by the columns every report filters on. */
export interface Slice {
  stationId?: string | undefined
  /** Received on or after this day (in each case's zone). */
  fromDay?: string | undefined
  toDay?: string | undefined
  category?: string | undefined
  agency?: string | undefined
  channel?: Channel | undefined
  kind?: Kind | undefined
}

/** Narrows a query over `cases as c` to the slice. */
export function applySlice(q: Knex.QueryBuilder, s: Slice): Knex.QueryBuilder {
  if (s.stationId) q.where('c.station_id', s.stationId)
  if (s.fromDay) q.where('c.received_day', '>=', s.fromDay)
  if (s.toDay) q.where('c.received_day', '<=', s.toDay)
  if (s.category) q.where('c.category', s.category)
  if (s.agency) q.where('c.agency_code', s.agency)
  if (s.channel) q.where('c.channel', s.channel)
  if (s.kind) q.where('c.kind', s.kind)
  return q
}

export interface StationRef {
  id: string
  code: string
  label: string | null
}

/** The station a code names (never the centre), or a 404 that says so. */
export async function stationByCode(db: Knex, code: string): Promise<StationRef> {
  const upper = code.toUpperCase()
  const row = isValidStationCode(upper)
    ? ((await db('stations as s')
        .leftJoin('enrolment_codes as e', 'e.used_by', 's.id')
        .where({ 's.code': upper, 's.central': false })
        .first('s.id', 's.code', 'e.label')) as StationRef | undefined)
    : undefined
  if (!row) {
    throw new Refused(404, {
      code: 'unknown_station',
      reason: `no station with the code "${code}" is enrolled`,
    })
  }
  return row
}

/** Every enrolled station's code and label, by id. */
export async function stationRefs(db: Knex): Promise<Map<string, StationRef>> {
  const rows = (await db('stations as s')
    .leftJoin('enrolment_codes as e', 'e.used_by', 's.id')
    .where('s.central', false)
    .select('s.id', 's.code', 'e.label')) as StationRef[]
  return new Map(rows.map((r) => [r.id, r]))
}

/** A month range as a slice of days; the months in order, or a 400 that says which comes first. */
export function monthSlice(fromMonth?: string, toMonth?: string): Pick<Slice, 'fromDay' | 'toDay'> {
  if (fromMonth && toMonth && fromMonth > toMonth) {
    throw new Refused(400, {
      code: 'month_order',
      reason: `the first month (${fromMonth}) comes after the last (${toMonth})`,
    })
  }
  const { from, to } = monthsAsDays(fromMonth, toMonth)
  return { fromDay: from, toDay: to }
}

/** Today in each zone. */
export function todaysByZone(now: Date): Record<StationZone, string> {
  return Object.fromEntries(STATION_ZONES.map((z) => [z, dayInZone(now, z)])) as Record<
    StationZone,
    string
  >
}

/** SQL for "today in the row's zone" (`c.zone`), with its bindings. */
export function todaySql(now: Date): { sql: string; bindings: string[] } {
  const t = todaysByZone(now)
  return {
    sql: `(CASE c.zone WHEN 'Asia/Makassar' THEN ? WHEN 'Asia/Jayapura' THEN ? ELSE ? END)`,
    bindings: [t['Asia/Makassar'], t['Asia/Jayapura'], t['Asia/Jakarta']],
  }
}

const OPEN_LIST = OPEN_WITH_CLOCK.map((s) => `'${s}'`).join(', ')

/** SQL that is true for a row whose clock runs and whose due day has passed today (its zone's). */
export function overdueSql(now: Date): { sql: string; bindings: string[] } {
  const today = todaySql(now)
  return {
    sql: `(c.status IN (${OPEN_LIST}) AND c.due_day IS NOT NULL AND c.due_day < ${today.sql})`,
    bindings: today.bindings,
  }
}

/** SQL that is true for a row whose clock runs and whose due day has not passed yet. */
export function runningSql(now: Date): { sql: string; bindings: string[] } {
  const today = todaySql(now)
  return {
    sql: `(c.status IN (${OPEN_LIST}) AND c.due_day IS NOT NULL AND c.due_day >= ${today.sql})`,
    bindings: today.bindings,
  }
}

/** A row is overdue now (the same rule as overdueSql, for one row read back). */
export function isOverdue(
  row: { status: string; due_day: string | null; zone: string | null },
  todays: Record<StationZone, string>,
): boolean {
  const today = todays[(row.zone as StationZone | null) ?? 'Asia/Jakarta'] ?? todays['Asia/Jakarta']
  return (
    (OPEN_WITH_CLOCK as readonly string[]).includes(row.status) &&
    row.due_day !== null &&
    row.due_day < today
  )
}
