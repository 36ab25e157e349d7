import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import {
  CASE_STATUSES,
  CHANNELS,
  KINDS,
  type CaseStatus,
  type Channel,
  type Kind,
} from '../../shared/domain'
import {
  WorkingDayIndex,
  bucketOf,
  caseFacts,
  emptyTotals,
  raporFromTotals,
  type CaseFacts,
  type RaporFilter,
  type RaporSeriesPoint,
  type RaporTotals,
  type RaporView,
} from '../../shared/rapor'
import { addDays, type Pause } from '../../shared/workingDays'
import { dayInZone, dayStartInZone, zoneOr, type StationZone } from '../../shared/timeZone'
import type { Db } from '../db'
import { getDeadlineSettings } from './deadlines'
import { workingCalendar } from './directory'
import { readSetting, stationZone, writeSetting } from './settings'
import { listNames, whereCategory } from './lists'

// Keeps rapor_facts in step with the cases projection and answers the report
// card and its charts. Facts depend on the holiday calendar and the deadline
// tiers, so a change to either (or a rebuilt projection) rebuilds them;
// otherwise only the cases touched by events since the last refresh are
// recomputed. Reading sums the facts in memory: a columnar copy of the table
// (about 30 bytes a case) that a million cases sum in milliseconds, where SQL
// over the same rows takes most of a second.

/** Bump when the facts' meaning changes, to rebuild them on the next refresh. */
const FACTS_VERSION = 3
const STATE_KEY = 'rapor.state'
const OPEN_WITH_CLOCK = new Set<CaseStatus>([
  'belum_terverifikasi',
  'belum_ditindaklanjuti',
  'proses',
])

interface CaseRow {
  pk: number
  status: CaseStatus
  kind: Kind
  channel: string
  category: string | null
  category_code: string | null
  agency_code: string | null
  confidential: number | boolean
  received_at: string
  status_day: string | null
  supervisory: number | boolean | null
  time_zone: string | null
}

const CASE_COLUMNS = [
  'pk',
  'status',
  'kind',
  'channel',
  'category',
  'category_code',
  'agency_code',
  'confidential',
  'received_at',
  'status_day',
  'supervisory',
  'time_zone',
]

type FactRow = [
  pk: number,
  month: string,
  status: string,
  kind: string,
  channel: string,
  category: string,
  agency: string,
  confidential: number,
  dueDay: string,
  calendarDays: number,
  workingDays: number,
  within: number,
]

const FACT_COLUMNS = [
  'case_pk',
  'month',
  'status',
  'kind',
  'channel',
  'category',
  'agency',
  'confidential',
  'due_day',
  'calendar_days',
  'working_days',
  'within',
] as const

/** A case's day of receipt, in its own zone (the station's for cases from before zones). */
const receivedDayOf = (r: CaseRow, zone: StationZone) =>
  dayInZone(r.received_at, zoneOr(r.time_zone, zone))

function factRow(r: CaseRow, f: CaseFacts, zone: StationZone): FactRow {
  const receivedDay = receivedDayOf(r, zone)
  return [
    r.pk,
    receivedDay.slice(0, 7),
    r.status,
    r.kind,
    r.channel,
    // The list's code; free text without one counts by its text (see whereCategory).
    r.category_code ?? r.category ?? '',
    r.agency_code ?? '',
    r.confidential ? 1 : 0,
    OPEN_WITH_CLOCK.has(r.status) || r.status === 'selesai' ? (f.dueDay ?? '') : '',
    f.calendarDays ?? 0,
    f.workingDays ?? 0,
    f.withinDeadline ? 1 : 0,
  ]
}

async function insertFacts(trx: Knex.Transaction, rows: FactRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    await trx.raw(
      `INSERT OR REPLACE INTO rapor_facts (${FACT_COLUMNS.join(', ')})
       SELECT ${FACT_COLUMNS.map((_, k) => `value->>${k}`).join(', ')} FROM json_each(?)`,
      [JSON.stringify(rows.slice(i, i + 5000))],
    )
  }
}

interface Context {
  zone: StationZone
  days: WorkingDayIndex
  settings: Awaited<ReturnType<typeof getDeadlineSettings>>
  fingerprint: string
}

async function context(db: Db | Knex.Transaction, now: Date): Promise<Context> {
  // Two queries: SQLite answers a lone min() from an index, but not two in one.
  const [zone, cal, settings, firstPk, firstAt] = await Promise.all([
    stationZone(db),
    workingCalendar(db as Db),
    getDeadlineSettings(db as Db),
    db('cases').min({ v: 'pk' }).first() as Promise<{ v: number | null } | undefined>,
    db('cases').min({ v: 'received_at' }).first() as Promise<{ v: string | null } | undefined>,
  ])
  const first = { pk: firstPk?.v ?? null, at: firstAt?.v ?? null }
  const today = dayInZone(now, zone)
  const from = first.at ? addDays(dayInZone(first.at, zone), -7) : addDays(today, -400)
  const to = addDays(today, 800)
  // After rebuildProjections every case has a new pk, so the smallest one changes too.
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([FACTS_VERSION, [...cal.holidays].sort(), settings, first.pk, zone]))
    .digest('hex')
  return { zone, days: new WorkingDayIndex(cal, from, to), settings, fingerprint }
}

function factsOf(r: CaseRow, pauses: Pause[], ctx: Context): CaseFacts {
  return caseFacts(
    {
      status: r.status,
      kind: r.kind,
      supervisory: r.supervisory === null ? null : Boolean(r.supervisory),
      receivedDay: receivedDayOf(r, ctx.zone),
      statusDay: r.status_day,
      pauses,
    },
    ctx.days,
    ctx.settings,
  )
}

function pausesByCase(rows: Array<{ case_id: string; from_day: string; to_day: string | null }>) {
  const m = new Map<string, Pause[]>()
  for (const p of rows) {
    const list = m.get(p.case_id)
    if (list) list.push({ from: p.from_day, to: p.to_day })
    else m.set(p.case_id, [{ from: p.from_day, to: p.to_day }])
  }
  return m
}

async function rebuild(trx: Knex.Transaction, ctx: Context): Promise<number> {
  await trx('rapor_facts').delete()
  const pauses = pausesByCase(
    (await trx('case_pauses').select('case_id', 'from_day', 'to_day')) as Array<{
      case_id: string
      from_day: string
      to_day: string | null
    }>,
  )
  let after = 0
  let count = 0
  for (;;) {
    const rows = (await trx('cases')
      .where('pk', '>', after)
      .orderBy('pk')
      .limit(20000)
      .select('id', ...CASE_COLUMNS)) as Array<CaseRow & { id: string }>
    if (rows.length === 0) break
    await insertFacts(
      trx,
      rows.map((r) => factRow(r, factsOf(r, pauses.get(r.id) ?? [], ctx), ctx.zone)),
    )
    count += rows.length
    after = (rows.at(-1) as CaseRow).pk
  }
  return count
}

async function update(trx: Knex.Transaction, caseIds: string[], ctx: Context): Promise<FactRow[]> {
  const fresh: FactRow[] = []
  for (let i = 0; i < caseIds.length; i += 500) {
    const ids = caseIds.slice(i, i + 500)
    const rows = (await trx('cases')
      .whereIn('id', ids)
      .select('id', ...CASE_COLUMNS)) as Array<CaseRow & { id: string }>
    const pauses = pausesByCase(
      (await trx('case_pauses')
        .whereIn('case_id', ids)
        .select('case_id', 'from_day', 'to_day')) as Array<{
        case_id: string
        from_day: string
        to_day: string | null
      }>,
    )
    const batch = rows.map((r) => factRow(r, factsOf(r, pauses.get(r.id) ?? [], ctx), ctx.zone))
    await insertFacts(trx, batch)
    fresh.push(...batch)
  }
  return fresh
}

// ---------------------------------------------------------------------------
// The in-memory columns

const STATUS_CODES = [...CASE_STATUSES]
const KIND_CODES = [...KINDS]
const CHANNEL_CODES = [...CHANNELS]

/** Text values as small numbers; code 0 is "none" (''). */
class Dictionary {
  readonly values: string[] = ['']
  private readonly codes = new Map<string, number>([['', 0]])
  code(v: string): number {
    let c = this.codes.get(v)
    if (c === undefined) {
      c = this.values.length
      this.values.push(v)
      this.codes.set(v, c)
    }
    return c
  }
  find(v: string): number {
    return this.codes.get(v) ?? -1
  }
}

const dayOrdinal = (day: string) =>
  day === '' ? 0 : Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000

/** Columns of rapor_facts indexed by case pk. */
class FactColumns {
  size = 0
  present = new Uint8Array(0)
  month = new Uint16Array(0)
  status = new Uint8Array(0)
  kind = new Uint8Array(0)
  channel = new Uint8Array(0)
  category = new Uint16Array(0)
  agency = new Uint16Array(0)
  confidential = new Uint8Array(0)
  due = new Int32Array(0)
  calendarDays = new Int32Array(0)
  workingDays = new Int32Array(0)
  within = new Uint8Array(0)
  readonly months = new Dictionary()
  readonly categories = new Dictionary()
  readonly agencies = new Dictionary()

  private grow(pk: number): void {
    if (pk < this.present.length) return
    const n = Math.max(pk + 1, this.present.length * 2, 1024)
    const widen = <T extends Uint8Array | Uint16Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n)
      b.set(a)
      return b
    }
    this.present = widen(this.present)
    this.month = widen(this.month)
    this.status = widen(this.status)
    this.kind = widen(this.kind)
    this.channel = widen(this.channel)
    this.category = widen(this.category)
    this.agency = widen(this.agency)
    this.confidential = widen(this.confidential)
    this.due = widen(this.due)
    this.calendarDays = widen(this.calendarDays)
    this.workingDays = widen(this.workingDays)
    this.within = widen(this.within)
  }

  set(f: FactRow): void {
    const pk = f[0]
    this.grow(pk)
    this.size = Math.max(this.size, pk + 1)
    this.present[pk] = 1
    this.month[pk] = this.months.code(f[1])
    this.status[pk] = STATUS_CODES.indexOf(f[2] as CaseStatus)
    this.kind[pk] = KIND_CODES.indexOf(f[3] as Kind)
    this.channel[pk] = CHANNEL_CODES.indexOf(f[4] as Channel)
    this.category[pk] = this.categories.code(f[5])
    this.agency[pk] = this.agencies.code(f[6])
    this.confidential[pk] = f[7]
    this.due[pk] = dayOrdinal(f[8])
    this.calendarDays[pk] = f[9]
    this.workingDays[pk] = f[10]
    this.within[pk] = f[11]
  }

  static async load(db: Db): Promise<FactColumns> {
    const c = new FactColumns()
    let after = -1
    for (;;) {
      const rows = (await db.raw(
        `SELECT ${FACT_COLUMNS.join(', ')} FROM rapor_facts WHERE case_pk > ? ORDER BY case_pk LIMIT 50000`,
        [after],
      )) as Array<Record<(typeof FACT_COLUMNS)[number], string | number>>
      if (rows.length === 0) break
      for (const r of rows) c.set(FACT_COLUMNS.map((k) => r[k]) as FactRow)
      after = (rows.at(-1) as { case_pk: number }).case_pk
    }
    return c
  }
}

interface RefreshState {
  fingerprint: string
  eventRowid: number
}

const running = new WeakMap<Db, Promise<FactColumns>>()
const loaded = new WeakMap<Db, FactColumns>()

/**
 * Brings the facts up to date with the projection and returns their columns.
 * Refreshes run one at a time per database; the columns change only after
 * the transaction that wrote the facts has committed.
 */
export function refreshRapor(db: Db, now: Date): Promise<FactColumns> {
  const previous = running.get(db) ?? Promise.resolve(null)
  const next = previous
    .catch(() => null)
    .then(async () => {
      const outcome = await db.transaction(async (trx) => {
        const ctx = await context(trx, now)
        const raw = await readSetting(trx as unknown as Db, STATE_KEY)
        const state = raw ? (JSON.parse(raw) as RefreshState) : null
        const top = (await trx('events').max({ r: 'rowid' }).first()) as { r: number | null }
        const eventRowid = top?.r ?? 0
        let result: { mode: 'none' } | { mode: 'rebuild' } | { mode: 'update'; rows: FactRow[] }
        if (!state || state.fingerprint !== ctx.fingerprint) {
          await rebuild(trx, ctx)
          result = { mode: 'rebuild' }
        } else if (eventRowid > state.eventRowid) {
          // No DISTINCT in SQL: with it SQLite walks the whole case_id index instead of the
          // few new rows.
          const ids = (await trx('events')
            .where('rowid', '>', state.eventRowid)
            .pluck('case_id')) as string[]
          result = { mode: 'update', rows: await update(trx, [...new Set(ids)], ctx) }
        } else {
          return { mode: 'none' as const }
        }
        await writeSetting(
          trx as unknown as Db,
          STATE_KEY,
          JSON.stringify({ fingerprint: ctx.fingerprint, eventRowid }),
        )
        return result
      })
      let columns = outcome.mode === 'rebuild' ? undefined : loaded.get(db)
      if (!columns) {
        columns = await FactColumns.load(db)
        loaded.set(db, columns)
      } else if (outcome.mode === 'update') {
        for (const f of outcome.rows) columns.set(f)
      }
      return columns
    })
  running.set(db, next)
  return next
}

// ---------------------------------------------------------------------------
// Reading

function monthStartIso(month: string, zone: StationZone, plus = 0): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const first = new Date(Date.UTC(y, m - 1 + plus, 1)).toISOString().slice(0, 10)
  return dayStartInZone(first, zone).toISOString()
}

/** Who reads a slice: the public variant, and whether confidential content may show. */
export interface RaporAccess {
  publicOnly?: boolean
  confidentialContent?: boolean
}

/** The slice on the cases table (for exports); months are the station's. */
export function applyCaseFilter(
  q: Knex.QueryBuilder,
  f: RaporFilter,
  options: RaporAccess & { zone: StationZone },
): Knex.QueryBuilder {
  if (f.fromMonth) q.where('c.received_at', '>=', monthStartIso(f.fromMonth, options.zone))
  if (f.toMonth) q.where('c.received_at', '<', monthStartIso(f.toMonth, options.zone, 1))
  if (f.agency) q.where('c.agency_code', f.agency)
  if (f.category) whereCategory(q, f.category, 'c')
  // The same rule as getRapor: a confidential case's category is not there to match.
  if (f.category && options.confidentialContent === false) q.where('c.confidential', false)
  if (f.channel) q.where('c.channel', f.channel)
  if (f.kind) q.where('c.kind', f.kind)
  if (options.publicOnly) q.where('c.confidential', false)
  return q
}

const emptyPoint = (key: string): RaporSeriesPoint => ({
  key,
  buckets: { selesai: 0, proses: 0, belum_ditindaklanjuti: 0, belum_terverifikasi: 0 },
  apart: 0,
})

/** The report card of a slice, with the series its charts draw. */
/**
 * `confidentialContent` false (a role that may not read confidential content):
 * a confidential case counts without its category, which is free text the
 * clerk typed; so it is counted as uncategorised, left out of a slice by
 * category, and its category is not offered as a choice.
 */
export async function getRapor(
  db: Db,
  filter: RaporFilter,
  now: Date,
  options: RaporAccess = {},
): Promise<RaporView> {
  const c = await refreshRapor(db, now)
  const today = dayInZone(now, await stationZone(db))
  const todayOrd = dayOrdinal(today)
  // Month codes are in order of first appearance; compare months by their text.
  const monthIn = c.months.values.map(
    (m) =>
      m !== '' &&
      (!filter.fromMonth || m >= filter.fromMonth) &&
      (!filter.toMonth || m <= filter.toMonth),
  )
  const want = (dict: Dictionary, v: string | undefined) => (v === undefined ? -2 : dict.find(v))
  const agency = want(c.agencies, filter.agency)
  const category = want(c.categories, filter.category)
  const channel = filter.channel === undefined ? -2 : CHANNEL_CODES.indexOf(filter.channel)
  const kind = filter.kind === undefined ? -2 : KIND_CODES.indexOf(filter.kind)
  const publicOnly = options.publicOnly ?? false
  const hideCategory = options.confidentialContent === false
  const selesai = STATUS_CODES.indexOf('selesai')
  const clock = STATUS_CODES.map((s) => OPEN_WITH_CLOCK.has(s))

  const perMonth = c.months.values.map(() => emptyTotals())
  const perCategory = c.categories.values.map(() => new Float64Array(STATUS_CODES.length))
  const perAgency = c.agencies.values.map(() => new Float64Array(STATUS_CODES.length))
  for (let pk = 0; pk < c.size; pk++) {
    if (c.present[pk] === 0 || !monthIn[c.month[pk] as number]) continue
    if (agency !== -2 && c.agency[pk] !== agency) continue
    const hidden = hideCategory && c.confidential[pk] === 1
    if (category !== -2 && (hidden || c.category[pk] !== category)) continue
    if (channel !== -2 && c.channel[pk] !== channel) continue
    if (kind !== -2 && c.kind[pk] !== kind) continue
    if (publicOnly && c.confidential[pk] === 1) continue
    const status = c.status[pk] as number
    const t = perMonth[c.month[pk] as number] as RaporTotals
    t.statuses[STATUS_CODES[status] as CaseStatus]++
    if (status === selesai) {
      t.sumCalendarDays += c.calendarDays[pk] as number
      t.sumWorkingDays += c.workingDays[pk] as number
      t.completedWithin += c.within[pk] as number
    } else if (clock[status] && c.due[pk] !== 0) {
      if (todayOrd > (c.due[pk] as number)) t.openLate++
      else t.openRunning++
    }
    const pc = perCategory[hidden ? 0 : (c.category[pk] as number)] as Float64Array
    pc[status] = (pc[status] as number) + 1
    const pa = perAgency[c.agency[pk] as number] as Float64Array
    pa[status] = (pa[status] as number) + 1
  }

  const all = emptyTotals()
  const months: RaporView['months'] = []
  c.months.values.forEach((month, code) => {
    const t = perMonth[code] as RaporTotals
    if (month === '' || !monthIn[code]) return
    const r = raporFromTotals(t)
    if (r.total + r.apart.diteruskan + r.apart.diarsipkan === 0) return
    for (const s of CASE_STATUSES) all.statuses[s] += t.statuses[s]
    all.sumCalendarDays += t.sumCalendarDays
    all.sumWorkingDays += t.sumWorkingDays
    all.completedWithin += t.completedWithin
    all.openLate += t.openLate
    all.openRunning += t.openRunning
    months.push({
      month,
      total: r.total,
      selesai: r.buckets.selesai,
      withinDeadlinePct: r.withinDeadlinePct,
    })
  })
  months.sort((a, b) => (a.month < b.month ? -1 : 1))
  const series = (dict: Dictionary, counts: Float64Array[]): RaporSeriesPoint[] => {
    const points: Array<RaporSeriesPoint & { n: number }> = []
    dict.values.forEach((key, code) => {
      const p = { ...emptyPoint(key), n: 0 }
      STATUS_CODES.forEach((s, i) => {
        const n = (counts[code] as Float64Array)[i] as number
        const b = bucketOf(s)
        if (b === 'diteruskan' || b === 'diarsipkan') p.apart += n
        else p.buckets[b] += n
        p.n += n
      })
      if (p.n > 0) points.push(p)
    })
    return points
      .sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : 1))
      .map(({ key, buckets, apart }) => ({ key, buckets, apart }))
  }
  const sorted = (d: Dictionary) => d.values.filter((v) => v !== '').sort()
  let categories = sorted(c.categories)
  if (hideCategory) {
    const shown = new Uint8Array(c.categories.values.length)
    for (let pk = 0; pk < c.size; pk++) {
      if (c.present[pk] === 1 && c.confidential[pk] === 0) shown[c.category[pk] as number] = 1
    }
    categories = categories.filter((v) => shown[c.categories.find(v)] === 1)
  }
  const byCategory = series(c.categories, perCategory)
  const byAgency = series(c.agencies, perAgency)
  const agencies = sorted(c.agencies)
  const names = await listNames(db)
  const label = (list: ReadonlyMap<string, string>, keys: Iterable<string>) =>
    Object.fromEntries([...keys].filter((k) => k !== '').map((k) => [k, list.get(k) ?? k]))
  return {
    today,
    filter,
    publicOnly,
    rapor: raporFromTotals(all),
    months,
    byCategory,
    byAgency,
    options: { months: sorted(c.months), categories, agencies },
    labels: {
      categories: label(names.categories, [...categories, ...byCategory.map((p) => p.key)]),
      agencies: label(names.agencies, [...agencies, ...byAgency.map((p) => p.key)]),
    },
  }
}

/** How many cases a slice holds (for an export's progress). */
export async function countSlice(
  db: Db,
  filter: RaporFilter,
  now: Date,
  options: RaporAccess = {},
): Promise<number> {
  const { rapor } = await getRapor(db, filter, now, options)
  return rapor.total + rapor.apart.diteruskan + rapor.apart.diarsipkan
}
