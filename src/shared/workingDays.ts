// Working days (hari kerja): Monday to Friday, less national holidays and
// collective leave (cuti bersama). Days are 'YYYY-MM-DD' local calendar days.

export interface Pause {
  /** First paused day. */
  from: string
  /** Last paused day, or null while the pause lasts. */
  to: string | null
}

export interface WorkingCalendar {
  /** National holidays and cuti bersama, as 'YYYY-MM-DD'. */
  holidays: ReadonlySet<string>
}

const DAY_MS = 86_400_000

function toUtc(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) throw new RangeError(`invalid day: ${day}`)
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  if (new Date(t).toISOString().slice(0, 10) !== day) throw new RangeError(`invalid day: ${day}`)
  return t
}

function fromUtc(t: number): string {
  return new Date(t).toISOString().slice(0, 10)
}

export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * DAY_MS)
}

export function isWorkingDay(day: string, cal: WorkingCalendar): boolean {
  const weekday = new Date(toUtc(day)).getUTCDay()
  return weekday !== 0 && weekday !== 6 && !cal.holidays.has(day)
}

function paused(day: string, pauses: readonly Pause[]): boolean {
  return pauses.some((p) => day >= p.from && (p.to === null || day <= p.to))
}

/** The working day on or after `day` (for scheduling: never a weekend or holiday). */
export function nextWorkingDay(day: string, cal: WorkingCalendar): string {
  let d = day
  for (let i = 0; i < 366; i++, d = addDays(d, 1)) if (isWorkingDay(d, cal)) return d
  throw new RangeError('no working day within a year')
}

/**
 * The due date `n` working days after `start` (the day of receipt counts as
 * day 0). Paused days do not count; an open pause means no due date (null).
 */
export function addWorkingDays(
  start: string,
  n: number,
  cal: WorkingCalendar,
  pauses: readonly Pause[] = [],
): string | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`invalid number of days: ${n}`)
  if (pauses.some((p) => p.to === null && p.from >= start)) return null
  let d = start
  let counted = 0
  // Bounded: ten years of days is far beyond any deadline tier.
  for (let i = 0; counted < n; i++) {
    if (i > 3660) throw new RangeError('deadline beyond ten years')
    d = addDays(d, 1)
    if (isWorkingDay(d, cal) && !paused(d, pauses)) counted++
  }
  return d
}

/** Working days elapsed after `start` up to and including `end`, paused days left out. */
export function workingDaysBetween(
  start: string,
  end: string,
  cal: WorkingCalendar,
  pauses: readonly Pause[] = [],
): number {
  const s = toUtc(start)
  const e = toUtc(end)
  let n = 0
  for (let t = s + DAY_MS; t <= e; t += DAY_MS) {
    const d = fromUtc(t)
    if (isWorkingDay(d, cal) && !paused(d, pauses)) n++
  }
  return n
}

/** Calendar days between two days (for the report card's calendar-day averages). */
export function calendarDaysBetween(start: string, end: string): number {
  return Math.round((toUtc(end) - toUtc(start)) / DAY_MS)
}
