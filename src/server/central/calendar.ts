import { defaultHolidays } from '../../shared/holidays'
import { WorkingDayIndex } from '../../shared/rapor'
import type { WorkingCalendar } from '../../shared/workingDays'

// The centre counts working days by the national calendar (the decrees where
// known, date-holidays otherwise); a station's own local holidays are not
// known here. Calendars are made once per span of years and kept.

const holidaysOf = new Map<number, string[]>()
const calendars = new Map<string, WorkingCalendar>()
const indexes = new Map<string, WorkingDayIndex>()

function yearHolidays(year: number): string[] {
  let days = holidaysOf.get(year)
  if (!days) {
    days = defaultHolidays([year]).map((h) => h.day)
    holidaysOf.set(year, days)
  }
  return days
}

/** The national holidays and cuti bersama of the years from `from` to `to`. */
export function nationalCalendar(from: number, to: number): WorkingCalendar {
  const key = `${from}-${to}`
  let cal = calendars.get(key)
  if (!cal) {
    const holidays = new Set<string>()
    for (let y = from; y <= to; y++) for (const d of yearHolidays(y)) holidays.add(d)
    cal = { holidays }
    calendars.set(key, cal)
  }
  return cal
}

/**
 * Working-day arithmetic over the years from `from` to `to` (same answers as
 * the plain calendar functions, in O(1) a case): the rows' report-card facts
 * are computed with it.
 */
export function nationalDays(from: number, to: number): WorkingDayIndex {
  const key = `${from}-${to}`
  let index = indexes.get(key)
  if (!index) {
    index = new WorkingDayIndex(nationalCalendar(from, to), `${from}-01-01`, `${to}-12-31`)
    indexes.set(key, index)
  }
  return index
}

/** The year of a YYYY-MM-DD day. */
export const yearOf = (day: string): number => Number(day.slice(0, 4))
