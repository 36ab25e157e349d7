import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { defaultHolidays } from '../../src/shared/holidays'
import {
  WorkingDayIndex,
  caseFacts,
  plainDays,
  raporFilterSchema,
  raporFromTotals,
  totalsOf,
  type RaporCase,
} from '../../src/shared/rapor'
import {
  addDays,
  addWorkingDays,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../src/shared/workingDays'

const cal: WorkingCalendar = {
  holidays: new Set(defaultHolidays([2025, 2026, 2027]).map((h) => h.day)),
}
const days = plainDays(cal)
const TODAY = '2026-11-23'

function make(status: RaporCase['status'], over: Partial<RaporCase> = {}): RaporCase {
  return {
    status,
    kind: 'pengaduan',
    supervisory: false,
    receivedDay: '2026-09-01',
    statusDay: null,
    pauses: [],
    ...over,
  }
}

describe('rapor formulas', () => {
  it('gives the district example exactly: 41 complaints, 28 done → 68.3%, 15.6 days', () => {
    // 28 completed cases whose follow-up times add up to 437 calendar days (437 / 28 = 15.607…).
    const durations = [...Array<number>(27).fill(15), 32]
    expect(durations.reduce((a, b) => a + b, 0)).toBe(437)
    const cases: RaporCase[] = [
      ...durations.map((d) => make('selesai', { statusDay: addDays('2026-09-01', d) })),
      ...Array.from({ length: 3 }, () => make('proses')),
      ...Array.from({ length: 9 }, () => make('belum_ditindaklanjuti')),
      make('belum_terverifikasi'),
    ]
    const r = raporFromTotals(totalsOf(cases, TODAY, days))
    expect(r.buckets).toEqual({
      selesai: 28,
      proses: 3,
      belum_ditindaklanjuti: 9,
      belum_terverifikasi: 1,
    })
    expect(r.total).toBe(41)
    expect(r.completionPct).toBe(68.3)
    expect(r.avgCalendarDays).toBe(15.6)
  })

  it('counts menunggu kelengkapan as belum terverifikasi and keeps diteruskan and diarsipkan apart', () => {
    const cases = [
      make('selesai', { statusDay: '2026-09-05' }),
      make('menunggu_kelengkapan', { pauses: [{ from: '2026-09-02', to: null }] }),
      make('belum_terverifikasi'),
      make('diteruskan'),
      make('diteruskan'),
      make('diarsipkan'),
    ]
    const r = raporFromTotals(totalsOf(cases, TODAY, days))
    expect(r.buckets.belum_terverifikasi).toBe(2)
    expect(r.waitingForComplainant).toBe(1)
    expect(r.apart).toEqual({ diteruskan: 2, diarsipkan: 1 })
    expect(r.total).toBe(3) // not 6: forwarded and archived are in no denominator
    expect(r.completionPct).toBe(33.3)
    // Paused and forwarded cases have no running clock: neither late nor running.
    expect(r.openLate + r.openRunning).toBe(1)
  })

  it('judges the deadline in working days, holidays and pauses left out', () => {
    // Received Wed 17 Dec 2025; tier "service matter" = 14 working days.
    // Working days after 17 Dec: 18, 19, 22, 23, 24, (25 Dec: Christmas, 26 Dec: cuti
    // bersama), 29, 30, 31, (1 Jan: New Year), 2, 5, 6, 7, 8, 9 → due Fri 9 Jan 2026.
    for (const d of ['2025-12-25', '2025-12-26', '2026-01-01']) {
      expect(cal.holidays.has(d)).toBe(true)
    }
    const base = { receivedDay: '2025-12-17', supervisory: false }
    expect(cal.holidays.has('2025-12-24')).toBe(false)
    const onTime = caseFacts(make('selesai', { ...base, statusDay: '2026-01-09' }), days)
    expect(onTime.dueDay).toBe('2026-01-09')
    expect(onTime.withinDeadline).toBe(true)
    expect(onTime.workingDays).toBe(14)
    expect(onTime.calendarDays).toBe(23)
    const late = caseFacts(make('selesai', { ...base, statusDay: '2026-01-12' }), days)
    expect(late.withinDeadline).toBe(false)
    // Three working days waiting for the complainant (Fri 19 – Tue 23 Dec) move the due day
    // three working days on: 12, 13, 14 Jan.
    const paused = caseFacts(
      make('selesai', {
        ...base,
        statusDay: '2026-01-13',
        pauses: [{ from: '2025-12-19', to: '2025-12-23' }],
      }),
      days,
    )
    expect(paused.dueDay).toBe('2026-01-14')
    expect(paused.withinDeadline).toBe(true)
    expect(paused.workingDays).toBe(13)

    // Open cases: past the due day counts as late, before it as still running.
    const open = [
      make('proses', { ...base }), // due 9 Jan 2026, today later: late
      make('proses', { receivedDay: '2026-11-20' }), // due in December: running
      make('belum_terverifikasi', { receivedDay: '2026-11-13', supervisory: null }), // 3 days: 18 Nov, late
    ]
    const cases = [
      make('selesai', { ...base, statusDay: '2026-01-09' }),
      make('selesai', { ...base, statusDay: '2026-01-12' }),
      ...open,
    ]
    const r = raporFromTotals(totalsOf(cases, TODAY, days))
    expect(r.completedWithin).toBe(1)
    expect(r.completedLate).toBe(1)
    expect(r.openLate).toBe(2)
    expect(r.openRunning).toBe(1)
    expect(r.withinDeadlinePct).toBe(25) // 1 of (2 completed + 2 open and late)
    expect(r.avgWorkingDays).toBe(14.5)
  })

  it('returns nulls, not NaN, for an empty slice', () => {
    const r = raporFromTotals(totalsOf([], TODAY, days))
    expect(r.total).toBe(0)
    expect(r.completionPct).toBeNull()
    expect(r.avgCalendarDays).toBeNull()
    expect(r.withinDeadlinePct).toBeNull()
  })

  it('the fast working-day index agrees with the plain calendar code', () => {
    const index = new WorkingDayIndex(cal, '2025-06-01', '2027-06-30')
    const day = fc.integer({ min: 0, max: 500 }).map((n) => addDays('2025-07-01', n))
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 15 }),
        fc.boolean(),
        (start, n, pauseStart, pauseLength, openPause) => {
          const pauses = [
            {
              from: addDays(start, pauseStart),
              to: openPause ? null : addDays(start, pauseStart + pauseLength),
            },
          ]
          const end = addDays(start, n)
          expect(index.between(start, end, pauses)).toBe(
            workingDaysBetween(start, end, cal, pauses),
          )
          expect(index.between(start, end)).toBe(workingDaysBetween(start, end, cal))
          expect(index.add(start, n % 61, pauses)).toBe(addWorkingDays(start, n % 61, cal, pauses))
          expect(index.add(start, n % 61)).toBe(addWorkingDays(start, n % 61, cal))
        },
      ),
      { numRuns: 500 },
    )
  })

  it('refuses a malformed slice with message keys', () => {
    const bad = raporFilterSchema.safeParse({ fromMonth: '2026-13', toMonth: '2026-01' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues.map((i) => i.message)).toContain('validation.invalidMonth')
    const order = raporFilterSchema.safeParse({ fromMonth: '2026-05', toMonth: '2026-01' })
    expect(order.error?.issues.map((i) => i.message)).toEqual(['validation.monthOrder'])
    expect(raporFilterSchema.safeParse({ channel: 'pigeon' }).success).toBe(false)
  })
})
