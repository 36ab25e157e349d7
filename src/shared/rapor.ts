import { z } from 'zod'
import { CASE_STATUSES, CHANNELS, KINDS, type CaseStatus, type Kind } from './domain'
import { DEFAULT_DEADLINES, tierFor, type DeadlineSettings } from './deadlines'
import { addWorkingDays, workingDaysBetween, type Pause, type WorkingCalendar } from './workingDays'
import { dayInZone, zoneOr, type StationZone } from './timeZone'
import { foldCase, type FoldEvent } from './caseFold'

/*
 * The report card (rapor pengaduan) in the terms SP4N-LAPOR! uses. These
 * formulas are the one definition: the station computes them over its own
 * database and the central server over the merged one, from the same code.
 *
 * Definitions (shown on the Rapor screen in the same words):
 *
 * - Slice. A case belongs to a period by the local day it was received
 *   (whole months); agency is the agency handling it (set at screening or when
 *   forwarded); category, channel and kind as recorded at intake. A category
 *   is an entry of the admin's list; free text (typed under "Lainnya", or
 *   recorded before the list) counts by its text until an admin maps it to
 *   the list. Every case counts in its current state.
 * - Buckets. selesai, proses, belum ditindaklanjuti and belum terverifikasi
 *   are the four report-card buckets. A case waiting for the complainant to
 *   complete the file (menunggu kelengkapan) is not yet verified, so it counts
 *   as belum terverifikasi (and is also shown on its own).
 * - Total (the denominator) is the sum of the four buckets. Forwarded cases
 *   (diteruskan: handed to the competent body, No Wrong Door) and archived
 *   ones (diarsipkan) are shown apart and are in no denominator. A forwarded
 *   case that comes back completed counts as selesai.
 * - Completion = selesai / total, as a percentage with one decimal.
 * - Follow-up time of a completed case runs from the day it was received to
 *   the day it was last marked selesai. In calendar days: the difference of the
 *   two days. In working days: Monday to Friday, less national holidays and
 *   cuti bersama, less the days spent waiting for the complainant (the clock
 *   pauses then), counted after the day of receipt up to and including the
 *   day of completion. The average is over completed cases only.
 * - Deadline of a case: its tier (first response until screened; then 5, 14
 *   or 60 working days by kind and berkadar pengawasan), counted in working
 *   days from the day of receipt with pauses left out.
 * - Within the deadline = completed cases whose completion day is on or
 *   before the due day, divided by completed cases plus open cases (belum
 *   terverifikasi, belum ditindaklanjuti, proses) whose due day has passed.
 *   An open case still before its due day is not counted yet (its outcome is
 *   not known) and is shown as "masih dalam tenggat". Cases waiting for the
 *   complainant (clock paused), forwarded and archived cases are left out.
 */

export const RAPOR_BUCKETS = [
  'selesai',
  'proses',
  'belum_ditindaklanjuti',
  'belum_terverifikasi',
] as const
export type RaporBucket = (typeof RAPOR_BUCKETS)[number]
export const RAPOR_APART = ['diteruskan', 'diarsipkan'] as const
export type RaporApart = (typeof RAPOR_APART)[number]

/** Statuses in which a case's deadline clock runs (it is judged on time or late). */
export const OPEN_WITH_CLOCK: readonly CaseStatus[] = [
  'belum_terverifikasi',
  'belum_ditindaklanjuti',
  'proses',
]

/** Which report-card bucket (or separate line) a case status falls in. */
export function bucketOf(status: CaseStatus): RaporBucket | RaporApart {
  return status === 'menunggu_kelengkapan' ? 'belum_terverifikasi' : status
}

// ---------------------------------------------------------------------------
// Working days, fast: a prefix count over a span of days, so that a million
// cases cost a million lookups rather than a million day-by-day walks. Gives
// the same answers as workingDaysBetween and addWorkingDays (a test holds it
// to that) and falls back to them outside its span.

const DAY_MS = 86_400_000

function ordinal(day: string): number {
  return Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / DAY_MS
}

function dayOf(ord: number): string {
  return new Date(ord * DAY_MS).toISOString().slice(0, 10)
}

export class WorkingDayIndex {
  private readonly first: number
  /** cum[i]: working days among days first..first+i. */
  private readonly cum: Int32Array
  /** nth[k]: ordinal of the (k+1)-th working day of the span. */
  private readonly nth: Int32Array

  constructor(
    readonly calendar: WorkingCalendar,
    from: string,
    to: string,
  ) {
    this.first = ordinal(from)
    const length = ordinal(to) - this.first + 1
    this.cum = new Int32Array(Math.max(length, 1))
    const nth: number[] = []
    let n = 0
    for (let i = 0; i < length; i++) {
      const ord = this.first + i
      const weekday = (ord + 4) % 7 // 1970-01-01 was a Thursday
      if (weekday !== 0 && weekday !== 6 && !calendar.holidays.has(dayOf(ord))) {
        n++
        nth.push(ord)
      }
      this.cum[i] = n
    }
    this.nth = Int32Array.from(nth)
  }

  private covers(ord: number): boolean {
    return ord >= this.first && ord < this.first + this.cum.length
  }

  /** Working days among days after `a` up to and including `b` (ordinals, a ≤ b). */
  private count(a: number, b: number): number {
    if (b <= a) return 0
    return (this.cum[b - this.first] as number) - (this.cum[a - this.first] as number)
  }

  private pausedCount(a: number, b: number, pauses: readonly Pause[]): number {
    let n = 0
    for (const p of pauses) {
      const from = Math.max(ordinal(p.from) - 1, a)
      const to = Math.min(p.to === null ? b : ordinal(p.to), b)
      if (to > from) n += this.count(from, to)
    }
    return n
  }

  /** Same as workingDaysBetween. */
  between(start: string, end: string, pauses: readonly Pause[] = []): number {
    const a = ordinal(start)
    const b = ordinal(end)
    if (!this.covers(a) || !this.covers(b)) {
      return workingDaysBetween(start, end, this.calendar, pauses)
    }
    if (b <= a) return 0
    return this.count(a, b) - (pauses.length ? this.pausedCount(a, b, pauses) : 0)
  }

  /** Same as addWorkingDays. */
  add(start: string, n: number, pauses: readonly Pause[] = []): string | null {
    if (pauses.some((p) => p.to === null && p.from >= start)) return null
    const a = ordinal(start)
    if (!this.covers(a)) return addWorkingDays(start, n, this.calendar, pauses)
    if (n === 0) return start
    const base = this.cum[a - this.first] as number
    // Each paused working day before the candidate pushes it one working day on.
    let extra = 0
    for (let guard = 0; guard < 400; guard++) {
      const k = base + n + extra - 1
      if (k >= this.nth.length) return addWorkingDays(start, n, this.calendar, pauses)
      const candidate = this.nth[k] as number
      const paused = pauses.length ? this.pausedCount(a, candidate, pauses) : 0
      if (paused === extra) return dayOf(candidate)
      extra = paused
    }
    return addWorkingDays(start, n, this.calendar, pauses)
  }
}

// ---------------------------------------------------------------------------
// One case

export interface RaporCase {
  status: CaseStatus
  kind: Kind
  /** Null until screened. */
  supervisory: boolean | null
  /** Local day of receipt. */
  receivedDay: string
  /** Local day of the last status change (for selesai: the day it was completed). */
  statusDay: string | null
  pauses: readonly Pause[]
}

export interface CaseFacts {
  bucket: RaporBucket | RaporApart
  /** Completed cases only. */
  calendarDays: number | null
  workingDays: number | null
  /** The due day, for completed cases and open cases whose clock runs; else null. */
  dueDay: string | null
  /** Completed cases only: completed on or before the due day. */
  withinDeadline: boolean | null
}

type Days = Pick<WorkingDayIndex, 'between' | 'add'>

/** Plain working-day arithmetic, for a few cases (tests, one case page). */
export function plainDays(cal: WorkingCalendar): Days {
  return {
    between: (s, e, p) => workingDaysBetween(s, e, cal, p),
    add: (s, n, p) => addWorkingDays(s, n, cal, p),
  }
}

/** The report-card facts of one case (see the definitions at the top). */
export function caseFacts(
  c: RaporCase,
  days: Days,
  settings: DeadlineSettings = DEFAULT_DEADLINES,
): CaseFacts {
  const bucket = bucketOf(c.status)
  const clock = c.status === 'selesai' || OPEN_WITH_CLOCK.includes(c.status)
  const dueDay = clock ? days.add(c.receivedDay, settings[tierFor(c)], c.pauses) : null
  if (c.status !== 'selesai') {
    return { bucket, calendarDays: null, workingDays: null, dueDay, withinDeadline: null }
  }
  const done = c.statusDay ?? c.receivedDay
  return {
    bucket,
    calendarDays: ordinal(done) - ordinal(c.receivedDay),
    workingDays: days.between(c.receivedDay, done, c.pauses),
    dueDay,
    withinDeadline: dueDay !== null && done <= dueDay,
  }
}

// ---------------------------------------------------------------------------
// Totals and the card

/** Sums over a slice; what the database aggregates and the formulas read. */
export interface RaporTotals {
  /** Cases per status (all seven). */
  statuses: Record<CaseStatus, number>
  sumCalendarDays: number
  sumWorkingDays: number
  /** Completed on or before the due day. */
  completedWithin: number
  /** Open cases (with a running clock) past their due day. */
  openLate: number
  /** Open cases (with a running clock) not yet past their due day. */
  openRunning: number
}

export function emptyTotals(): RaporTotals {
  return {
    statuses: Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>,
    sumCalendarDays: 0,
    sumWorkingDays: 0,
    completedWithin: 0,
    openLate: 0,
    openRunning: 0,
  }
}

/**
 * What a group of cases of one status adds to the totals: its cases, the sums
 * of their follow-up times, and how many were completed within the deadline,
 * or are open past it or still before it. A database sums these per group.
 */
export interface FactSums {
  cases: number
  calendarDays: number
  workingDays: number
  completedWithin: number
  openLate: number
  openRunning: number
}

/** Adds a group's sums to the totals: follow-up times count for completed cases, lateness for open ones. */
export function addSums(t: RaporTotals, status: CaseStatus, s: FactSums): void {
  t.statuses[status] += s.cases
  if (status === 'selesai') {
    t.sumCalendarDays += s.calendarDays
    t.sumWorkingDays += s.workingDays
    t.completedWithin += s.completedWithin
  } else if (OPEN_WITH_CLOCK.includes(status)) {
    t.openLate += s.openLate
    t.openRunning += s.openRunning
  }
}

/** Whether an open case is past its due day: the day after it has begun. */
export function isLate(dueDay: string, today: string): boolean {
  return today > dueDay
}

/** Adds one case's facts to the totals, judging open cases against `today`. */
export function addFacts(
  t: RaporTotals,
  status: CaseStatus,
  f: CaseFacts,
  today: string,
  weight = 1,
): void {
  const late = f.dueDay !== null && isLate(f.dueDay, today)
  addSums(t, status, {
    cases: weight,
    calendarDays: (f.calendarDays ?? 0) * weight,
    workingDays: (f.workingDays ?? 0) * weight,
    completedWithin: f.withinDeadline ? weight : 0,
    openLate: late ? weight : 0,
    openRunning: f.dueDay !== null && !late ? weight : 0,
  })
}

export function totalsOf(
  cases: readonly RaporCase[],
  today: string,
  days: Days,
  settings: DeadlineSettings = DEFAULT_DEADLINES,
): RaporTotals {
  const t = emptyTotals()
  for (const c of cases) addFacts(t, c.status, caseFacts(c, days, settings), today)
  return t
}

export interface Rapor {
  buckets: Record<RaporBucket, number>
  /** Of belum_terverifikasi: those waiting for the complainant. */
  waitingForComplainant: number
  apart: Record<RaporApart, number>
  /** Sum of the four buckets: the denominator. */
  total: number
  /** selesai / total × 100, one decimal; null for an empty slice. */
  completionPct: number | null
  /** One decimal; null when nothing is completed. */
  avgCalendarDays: number | null
  avgWorkingDays: number | null
  /** completedWithin / (selesai + openLate) × 100, one decimal. */
  withinDeadlinePct: number | null
  completedWithin: number
  completedLate: number
  openLate: number
  openRunning: number
}

const oneDecimal = (x: number) => Math.round(x * 10) / 10

export function raporFromTotals(t: RaporTotals): Rapor {
  const s = t.statuses
  const buckets: Record<RaporBucket, number> = {
    selesai: s.selesai,
    proses: s.proses,
    belum_ditindaklanjuti: s.belum_ditindaklanjuti,
    belum_terverifikasi: s.belum_terverifikasi + s.menunggu_kelengkapan,
  }
  const total = RAPOR_BUCKETS.reduce((n, b) => n + buckets[b], 0)
  const judged = s.selesai + t.openLate
  return {
    buckets,
    waitingForComplainant: s.menunggu_kelengkapan,
    apart: { diteruskan: s.diteruskan, diarsipkan: s.diarsipkan },
    total,
    completionPct: total ? oneDecimal((s.selesai / total) * 100) : null,
    avgCalendarDays: s.selesai ? oneDecimal(t.sumCalendarDays / s.selesai) : null,
    avgWorkingDays: s.selesai ? oneDecimal(t.sumWorkingDays / s.selesai) : null,
    withinDeadlinePct: judged ? oneDecimal((t.completedWithin / judged) * 100) : null,
    completedWithin: t.completedWithin,
    completedLate: s.selesai - t.completedWithin,
    openLate: t.openLate,
    openRunning: t.openRunning,
  }
}

export interface RaporSeriesPoint {
  key: string
  buckets: Record<RaporBucket, number>
  apart: number
}

export interface RaporView {
  today: string
  filter: RaporFilter
  publicOnly: boolean
  rapor: Rapor
  /** Per month of receipt: counts and deadline compliance. */
  months: Array<{ month: string; total: number; selesai: number; withinDeadlinePct: number | null }>
  byCategory: RaporSeriesPoint[]
  byAgency: RaporSeriesPoint[]
  /** Values present in the data, for the slice pickers. */
  options: { months: string[]; categories: string[]; agencies: string[] }
  /**
   * What to show for each category and agency key above: the name from the
   * category list or the agency directory; free text stands for itself.
   */
  labels: { categories: Record<string, string>; agencies: Record<string, string> }
}

export interface ExportJob {
  id: string
  format: ExportFormat
  variant: ExportVariant
  state: 'running' | 'done' | 'failed' | 'cancelled'
  /** Cases written so far, of total (a PDF counts as one). */
  done: number
  total: number
  fileName: string
  size: number
}

export interface ExportChunk {
  dataBase64: string
  offset: number
  size: number
  fileName: string
}

// ---------------------------------------------------------------------------
// Slices and exports: API inputs

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'validation.invalidMonth' })

export const raporFilterSchema = z
  .strictObject({
    fromMonth: month.optional(),
    toMonth: month.optional(),
    agency: z.string().min(1).max(64).optional(),
    category: z.string().min(1).max(100).optional(),
    channel: z.enum(CHANNELS, { error: 'validation.invalidChoice' }).optional(),
    kind: z.enum(KINDS, { error: 'validation.invalidChoice' }).optional(),
  })
  .refine((f) => !f.fromMonth || !f.toMonth || f.fromMonth <= f.toMonth, {
    error: 'validation.monthOrder',
    path: ['toMonth'],
  })
export type RaporFilter = z.output<typeof raporFilterSchema>

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
export const EXPORT_VARIANTS = ['public', 'internal'] as const
export type ExportVariant = (typeof EXPORT_VARIANTS)[number]

export const exportStartSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: 'validation.invalidChoice' }),
  variant: z.enum(EXPORT_VARIANTS, { error: 'validation.invalidChoice' }),
  filter: raporFilterSchema,
  /** At most this many cases (newest first); the whole slice when absent. */
  limit: z.number().int().min(1).max(2_000_000).optional(),
})

export const exportJobSchema = z.strictObject({ jobId: z.string().uuid() })

/** Largest piece of an export file one call returns (base64 grows it by a third). */
export const EXPORT_CHUNK_BYTES = 4 * 1024 * 1024

export const exportChunkSchema = z.strictObject({
  jobId: z.string().uuid(),
  offset: z.number().int().min(0),
})

/** Column order of the case exports; the public variant leaves out the personal ones. */
export const EXPORT_COLUMNS = [
  'trackingNumber',
  'receivedDay',
  'channel',
  'kind',
  'category',
  'status',
  'bucket',
  'agency',
  'subject',
  'description',
  'location',
  'reportedAgency',
  'reportedPerson',
  'reportedPosition',
  'anonymous',
  'confidential',
  'complainantName',
  'complainantNik',
  'complainantPhone',
  'complainantEmail',
  'complainantAddress',
  'statusDay',
  'dueDay',
  'calendarDays',
  'workingDays',
  'withinDeadline',
] as const
export type ExportColumn = (typeof EXPORT_COLUMNS)[number]

/** Personal data: never in the public variant, never for an anonymous case. */
export const PERSONAL_COLUMNS: readonly ExportColumn[] = [
  'complainantName',
  'complainantNik',
  'complainantPhone',
  'complainantEmail',
  'complainantAddress',
]

/**
 * The public variant also drops the reported person (a named individual) and
 * the free-text fields where complainants write names and addresses.
 */
export const PUBLIC_COLUMNS: readonly ExportColumn[] = EXPORT_COLUMNS.filter(
  (c) =>
    !PERSONAL_COLUMNS.includes(c) &&
    c !== 'description' &&
    c !== 'location' &&
    c !== 'reportedPerson' &&
    c !== 'confidential',
)

export function exportColumns(variant: ExportVariant): readonly ExportColumn[] {
  return variant === 'public' ? PUBLIC_COLUMNS : EXPORT_COLUMNS
}

/**
 * The definitions above in the words a supervisor reads, on screen (the
 * renderer's i18n carries the same keys in English) and in the PDF.
 */
export const RAPOR_DEFINITIONS_ID = [
  'Periode: pengaduan dihitung menurut bulan diterimanya (hari setempat); setiap pengaduan dihitung dalam statusnya saat ini. Instansi: instansi yang menangani (ditetapkan saat telaah atau saat diteruskan), dengan nama dari direktori instansi. Kategori: dari daftar kategori; teks bebas ("Lainnya", atau dari sebelum ada daftar) dihitung menurut teksnya sampai admin memetakannya ke daftar.',
  'Empat kelompok rapor: selesai, proses, belum ditindaklanjuti, belum terverifikasi. Pengaduan yang menunggu kelengkapan dari pelapor belum terverifikasi, jadi dihitung sebagai belum terverifikasi.',
  'Jumlah (penyebut) = jumlah keempat kelompok. Pengaduan diteruskan ke instansi berwenang dan pengaduan diarsipkan ditampilkan terpisah dan tidak masuk penyebut. Pengaduan diteruskan yang kemudian dinyatakan selesai dihitung selesai.',
  'Persentase penyelesaian = selesai ÷ jumlah × 100, satu angka desimal.',
  'Waktu tindak lanjut pengaduan selesai: dari hari diterima sampai hari terakhir dinyatakan selesai. Hari kalender: selisih kedua tanggal. Hari kerja: Senin–Jumat di luar libur nasional dan cuti bersama, tanpa hari menunggu kelengkapan, dihitung sesudah hari diterima sampai dengan hari selesai. Rata-rata hanya atas pengaduan selesai.',
  'Tenggat: 3 hari kerja sampai telaah; sesudahnya 5, 14 atau 60 hari kerja menurut jenis dan kadar pengawasan (lihat Pengaturan), dihitung dari hari diterima tanpa hari menunggu kelengkapan.',
  'Dalam tenggat = pengaduan selesai pada atau sebelum hari tenggat ÷ (pengaduan selesai + pengaduan terbuka yang sudah lewat tenggat). Pengaduan terbuka yang belum lewat tenggat belum dihitung (hasilnya belum diketahui) dan ditampilkan sebagai "masih dalam tenggat". Pengaduan yang menunggu kelengkapan, diteruskan atau diarsipkan tidak dihitung.',
] as const

// ---------------------------------------------------------------------------
// One case from its events (the central server has the log, not the projection)

/** The zone a case's days count in: its case.received event's, else its station's. */
export function caseZone(events: readonly FoldEvent[], stationZone: StationZone): StationZone {
  const received = events.find((e) => e.type === 'case.received')
  return zoneOr(
    received?.type === 'case.received' ? received.payload.timeZone : undefined,
    stationZone,
  )
}

/**
 * A case's report-card input from its events, by the one case fold the
 * station's projection also follows (shared/caseFold.ts).
 */
export function raporCaseFromEvents(
  events: readonly FoldEvent[],
  zone: StationZone,
): RaporCase | null {
  const c = foldCase(events)
  if (!c) return null
  return {
    status: c.status,
    kind: c.kind,
    supervisory: c.screening ? c.screening.supervisory : null,
    receivedDay: dayInZone(c.receivedAt, zone),
    statusDay: c.statusDay,
    pauses: c.pauses,
  }
}
