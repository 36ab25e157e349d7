import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  addDays,
  addWorkingDays,
  calendarDaysBetween,
  isWorkingDay,
  nextWorkingDay,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../src/shared/workingDays'

// A few real 2025/2026 dates: Christmas, cuti bersama 26 Dec 2025, New Year,
// and Idul Fitri 2026 with its cuti bersama (20, 23, 24 March).
const cal: WorkingCalendar = {
  holidays: new Set([
    '2025-12-25',
    '2025-12-26',
    '2026-01-01',
    '2026-03-19',
    '2026-03-20',
    '2026-03-21',
    '2026-03-23',
    '2026-03-24',
  ]),
}
const none: WorkingCalendar = { holidays: new Set() }

describe('working-day calendar', () => {
  it('knows weekends and holidays', () => {
    expect(isWorkingDay('2026-11-23', cal)).toBe(true) // Monday
    expect(isWorkingDay('2026-11-21', cal)).toBe(false) // Saturday
    expect(isWorkingDay('2026-11-22', cal)).toBe(false) // Sunday
    expect(isWorkingDay('2026-03-20', cal)).toBe(false) // cuti bersama
  })

  it('counts across a year end with Christmas, cuti bersama and New Year', () => {
    // Wednesday 24 Dec 2025 + 3 working days: 29, 30, 31 Dec.
    expect(addWorkingDays('2025-12-24', 3, cal)).toBe('2025-12-31')
    // + 5: 29, 30, 31 Dec, (1 Jan holiday), 2, 5 Jan.
    expect(addWorkingDays('2025-12-24', 5, cal)).toBe('2026-01-05')
    expect(workingDaysBetween('2025-12-24', '2026-01-05', cal)).toBe(5)
  })

  it('skips Idul Fitri and its cuti bersama', () => {
    // Wednesday 18 Mar 2026 + 3: 25, 26, 27 Mar.
    expect(addWorkingDays('2026-03-18', 3, cal)).toBe('2026-03-27')
    expect(addWorkingDays('2026-03-18', 3, none)).toBe('2026-03-23')
  })

  it('pauses the clock while waiting for the complainant', () => {
    // Received Monday 2 Nov 2026; paused Wed 4 – Tue 10 Nov.
    const pauses = [{ from: '2026-11-04', to: '2026-11-10' }]
    expect(addWorkingDays('2026-11-02', 3, none)).toBe('2026-11-05')
    expect(addWorkingDays('2026-11-02', 3, none, pauses)).toBe('2026-11-12')
    expect(workingDaysBetween('2026-11-02', '2026-11-12', none, pauses)).toBe(3)
    expect(addWorkingDays('2026-11-02', 3, none, [{ from: '2026-11-04', to: null }])).toBeNull()
  })

  it('schedules only on working days', () => {
    expect(nextWorkingDay('2026-11-21', cal)).toBe('2026-11-23')
    expect(nextWorkingDay('2026-03-19', cal)).toBe('2026-03-25')
    expect(nextWorkingDay('2026-11-23', cal)).toBe('2026-11-23')
  })

  it('agrees with itself: the due date is n working days away and is a working day', () => {
    const day = fc
      .date({
        min: new Date('2024-01-01T00:00:00Z'),
        max: new Date('2027-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), (start, n) => {
        const due = addWorkingDays(start, n, cal) as string
        expect(workingDaysBetween(start, due, cal)).toBe(n)
        if (n > 0) {
          expect(isWorkingDay(due, cal)).toBe(true)
          expect(workingDaysBetween(start, addDays(due, -1), cal)).toBe(n - 1)
        }
        expect(calendarDaysBetween(start, due)).toBeGreaterThanOrEqual(n)
      }),
      { numRuns: 500 },
    )
  })

  it('refuses invalid days and counts', () => {
    expect(() => addWorkingDays('2026-02-30', 1, cal)).toThrow(RangeError)
    expect(() => addWorkingDays('2026-02-03', -1, cal)).toThrow(RangeError)
  })
})
