import type { ConsoleCaseFilter } from '../../shared/console'
import type { ConsoleRapor, ConsoleRaporQuery, RaporPoint } from '../../shared/consoleReports'
import { CASE_STATUSES, type CaseStatus } from '../../shared/domain'
import {
  addSums,
  emptyTotals,
  raporFromTotals,
  type Rapor,
  type RaporTotals,
} from '../../shared/rapor'
import { dayInZone } from '../../shared/timeZone'
import { isPostgres, type ServerDb } from '../db'
import {
  applySlice,
  monthSlice,
  overdueSql,
  runningSql,
  stationByCode,
  stationRefs,
  type Slice,
} from './slices'

// The report card at the centre, over every station's cases, by the same
// formulas as the station's (src/shared/rapor.ts): each case's facts are kept
// on its row (caseRows.ts), the database sums them per status and series
// (GROUP BY), and the shared `addSums` and `raporFromTotals` make the card.
// Nothing is folded per request. Open cases are judged late against today in
// each case's own zone.

type Dimension = 'month' | 'station' | 'category' | 'agency'

interface Group {
  dim: Dimension
  key: string
  status: CaseStatus
  n: number
  cal: number
  work: number
  within: number
  late: number
  running: number
}

/** The sums of a slice per status, for each series asked for (one scan on PostgreSQL). */
async function sumsBySeries(
  db: ServerDb,
  slice: Slice,
  now: Date,
  dims: readonly Dimension[],
): Promise<Group[]> {
  const late = overdueSql(now)
  const running = runningSql(now)
  const base = () => {
    const q = db('cases as c').whereNotNull('c.received_day')
    applySlice(q, slice)
    return q
  }
  const sums = [
    'c.status',
    db.raw('count(*) AS n'),
    db.raw(`sum(CASE WHEN c.status = 'selesai' THEN c.calendar_days ELSE 0 END) AS cal`),
    db.raw(`sum(CASE WHEN c.status = 'selesai' THEN c.working_days ELSE 0 END) AS work`),
    db.raw(`sum(CASE WHEN c.status = 'selesai' AND c.within_deadline THEN 1 ELSE 0 END) AS within`),
    db.raw(`sum(CASE WHEN ${late.sql} THEN 1 ELSE 0 END) AS late`, late.bindings),
    db.raw(`sum(CASE WHEN ${running.sql} THEN 1 ELSE 0 END) AS running`, running.bindings),
  ]
  const keys: Record<Dimension, string> = {
    month: 'substr(c.received_day, 1, 7)',
    station: 'c.station_id',
    category: `coalesce(c.category, '')`,
    agency: `coalesce(c.agency_code, '')`,
  }
  let rows: Array<Omit<Group, 'dim'> & { dim: Dimension | number }>
  if (isPostgres(db) && dims.length > 1) {
    // GROUPING() marks, per row, the columns its grouping set left out (bits 8, 4, 2, 1).
    const sets: Record<number, Dimension> = {
      7: 'month',
      11: 'station',
      13: 'category',
      14: 'agency',
    }
    const q = base().select(
      db.raw(`grouping(${keys.month}, ${keys.station}, ${keys.category}, ${keys.agency}) AS dim`),
      db.raw(`coalesce(${keys.month}, ${keys.station}, ${keys.category}, ${keys.agency}) AS key`),
      ...sums,
    )
    q.groupByRaw(
      `GROUPING SETS ((${keys.month}, c.status), (${keys.station}, c.status), (${keys.category}, c.status), (${keys.agency}, c.status))`,
    )
    rows = ((await q) as typeof rows).map((r) => ({ ...r, dim: sets[Number(r.dim)]! }))
  } else {
    rows = []
    for (const dim of dims) {
      const q = base()
        .select(db.raw('? AS dim', [dim]), db.raw(`${keys[dim]} AS key`), ...sums)
        .groupByRaw(`${keys[dim]}, c.status`)
      rows.push(...((await q) as typeof rows))
    }
  }
  return rows.map((r) => ({
    dim: r.dim as Dimension,
    key: String(r.key ?? ''),
    status: r.status,
    n: Number(r.n),
    cal: Number(r.cal ?? 0),
    work: Number(r.work ?? 0),
    within: Number(r.within ?? 0),
    late: Number(r.late ?? 0),
    running: Number(r.running ?? 0),
  }))
}

function add(t: RaporTotals, g: Group): void {
  addSums(t, g.status, {
    cases: g.n,
    calendarDays: g.cal,
    workingDays: g.work,
    completedWithin: g.within,
    openLate: g.late,
    openRunning: g.running,
  })
}

/** Totals by key of one series. */
function totalsOf(groups: readonly Group[], dim: Dimension): Map<string, RaporTotals> {
  const out = new Map<string, RaporTotals>()
  for (const g of groups) {
    if (g.dim !== dim) continue
    let t = out.get(g.key)
    if (!t) {
      t = emptyTotals()
      out.set(g.key, t)
    }
    add(t, g)
  }
  return out
}

const casesIn = (t: RaporTotals) => CASE_STATUSES.reduce((n, s) => n + t.statuses[s], 0)

/** The slice's case filter (for the list a figure leads to). */
function caseFilter(q: ConsoleRaporQuery): ConsoleCaseFilter {
  const days = monthSlice(q.fromMonth, q.toMonth)
  return {
    ...(q.station ? { station: q.station.toUpperCase() } : {}),
    ...(days.fromDay ? { from: days.fromDay } : {}),
    ...(days.toDay ? { to: days.toDay } : {}),
    ...(q.category ? { category: q.category } : {}),
    ...(q.agency ? { agency: q.agency } : {}),
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
  }
}

/** The slice a rapor query names; a station code must name an enrolled station. */
export async function raporSlice(db: ServerDb, q: ConsoleRaporQuery): Promise<Slice> {
  return {
    ...(q.station ? { stationId: (await stationByCode(db, q.station)).id } : {}),
    ...monthSlice(q.fromMonth, q.toMonth),
    category: q.category,
    agency: q.agency,
    channel: q.channel,
    kind: q.kind,
  }
}

/** The combined rapor of a slice, with its series by month, station, category and agency. */
export async function consoleRapor(
  db: ServerDb,
  q: ConsoleRaporQuery,
  now: Date,
): Promise<ConsoleRapor> {
  const slice = await raporSlice(db, q)
  const groups = await sumsBySeries(db, slice, now, ['month', 'station', 'category', 'agency'])
  const stations = await stationRefs(db)
  const base = caseFilter(q)
  const all = emptyTotals()
  const months: ConsoleRapor['months'] = []
  for (const [month, t] of [...totalsOf(groups, 'month')].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const g of groups) if (g.dim === 'month' && g.key === month) add(all, g)
    const r = raporFromTotals(t)
    months.push({
      month,
      total: r.total,
      selesai: r.buckets.selesai,
      withinDeadlinePct: r.withinDeadlinePct,
      cases: { ...base, ...narrowToMonth(base, month) },
    })
  }
  const series = (dim: Exclude<Dimension, 'month'>): RaporPoint[] =>
    [...totalsOf(groups, dim)]
      .map(([key, t]) => {
        const r = raporFromTotals(t)
        const station = dim === 'station' ? stations.get(key) : undefined
        const narrowed: ConsoleCaseFilter =
          dim === 'station'
            ? { station: station?.code ?? key }
            : key === ''
              ? {}
              : dim === 'category'
                ? { category: key }
                : { agency: key }
        return {
          n: casesIn(t),
          point: {
            key: station?.code ?? key,
            label: station ? station.label : null,
            buckets: r.buckets,
            apart: r.apart.diteruskan + r.apart.diarsipkan,
            cases: { ...base, ...narrowed },
          },
        }
      })
      .sort((a, b) => b.n - a.n || (a.point.key < b.point.key ? -1 : 1))
      .map((p) => p.point)
  const present = (dim: Dimension) =>
    [...new Set(groups.filter((g) => g.dim === dim && g.key !== '').map((g) => g.key))].sort()
  return {
    today: dayInZone(now, 'Asia/Jakarta'),
    filter: q,
    rapor: raporFromTotals(all),
    months,
    byStation: series('station'),
    byCategory: series('category'),
    byAgency: series('agency'),
    options: {
      months: present('month'),
      stations: [...stations.values()]
        .map((s) => ({ code: s.code, label: s.label }))
        .sort((a, b) => (a.code < b.code ? -1 : 1)),
      categories: present('category'),
      agencies: present('agency'),
    },
  }
}

/** A month of the slice as days, within the slice's own days. */
function narrowToMonth(base: ConsoleCaseFilter, month: string): ConsoleCaseFilter {
  const days = monthSlice(month, month)
  const from = base.from && base.from > days.fromDay! ? base.from : days.fromDay!
  const to = base.to && base.to < days.toDay! ? base.to : days.toDay!
  return { from, to }
}

/** The admin's card (`GET /v1/admin/rapor`): totals of the cases received between two days. */
export async function centralRapor(
  db: ServerDb,
  range: { from?: string | undefined; to?: string | undefined },
  now: Date,
): Promise<{ cases: number; today: string; rapor: Rapor }> {
  const groups = await sumsBySeries(db, { fromDay: range.from, toDay: range.to }, now, ['month'])
  const totals = emptyTotals()
  for (const g of groups) if (g.dim === 'month') add(totals, g)
  return {
    cases: casesIn(totals),
    today: dayInZone(now, 'Asia/Jakarta'),
    rapor: raporFromTotals(totals),
  }
}
