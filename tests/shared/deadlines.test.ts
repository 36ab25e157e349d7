import { describe, expect, it } from 'vitest'
import {
  DEFAULT_DEADLINES,
  caseDeadline,
  reminderLadder,
  tierFor,
} from '../../src/shared/deadlines'
import { isWorkingDay, type WorkingCalendar } from '../../src/shared/workingDays'

const cal: WorkingCalendar = { holidays: new Set(['2026-12-24', '2026-12-25']) }
const base = {
  status: 'belum_terverifikasi' as const,
  kind: 'pengaduan' as const,
  receivedDay: '2026-11-02', // Monday
  supervisory: null,
  pauses: [],
}

describe('deadline tiers', () => {
  it('uses the defaults of the field: 3, 5, 14 and 60 working days', () => {
    expect(DEFAULT_DEADLINES).toMatchObject({
      firstResponse: 3,
      simple: 5,
      notSupervisory: 14,
      supervisory: 60,
    })
    expect(tierFor(base)).toBe('firstResponse')
    expect(tierFor({ ...base, status: 'proses', supervisory: true })).toBe('supervisory')
    expect(tierFor({ ...base, status: 'proses', supervisory: false })).toBe('notSupervisory')
    expect(
      tierFor({ ...base, status: 'proses', kind: 'permintaan_informasi', supervisory: false }),
    ).toBe('simple')
  })

  it('counts the first response from receipt and marks due and overdue', () => {
    expect(caseDeadline(base, '2026-11-02', cal)).toMatchObject({
      dueDay: '2026-11-05',
      workingDaysLeft: 3,
      state: 'on_time',
    })
    expect(caseDeadline(base, '2026-11-04', cal)).toMatchObject({
      workingDaysLeft: 1,
      state: 'due',
    })
    expect(caseDeadline(base, '2026-11-09', cal)).toMatchObject({
      workingDaysLeft: -2,
      state: 'overdue',
    })
  })

  it('stops the clock while waiting and after closing', () => {
    for (const status of ['menunggu_kelengkapan', 'selesai', 'diarsipkan', 'diteruskan'] as const) {
      expect(caseDeadline({ ...base, status }, '2026-11-04', cal)).toBeNull()
    }
    const paused = {
      ...base,
      status: 'belum_ditindaklanjuti' as const,
      supervisory: false,
      pauses: [{ from: '2026-11-03', to: '2026-11-09' }],
    }
    // 14 working days from 2 Nov, 5 of them paused (3–9 Nov has 5 working days).
    expect(caseDeadline(paused, '2026-11-10', cal)?.dueDay).toBe('2026-11-27')
  })

  it('skips holidays across the year end for a 60-day examination', () => {
    const d = caseDeadline({ ...base, status: 'proses', supervisory: true }, '2026-11-02', cal)
    expect(d?.days).toBe(60)
    expect(d && isWorkingDay(d.dueDay, cal)).toBe(true)
    expect(d?.dueDay).toBe('2027-01-27')
  })
})

describe('reminder ladder for a forwarded case', () => {
  // Forwarded on Thursday 19 Nov 2026.
  const fwd = '2026-11-19'
  it('waits two working days, then a first letter, a second on day 3, then escalation', () => {
    expect(reminderLadder(fwd, '2026-11-20', cal)).toEqual({
      step: 'waiting',
      daysWithoutAnswer: 1,
      nextLetterDay: '2026-11-23',
    })
    // Saturday and Sunday do not count.
    expect(reminderLadder(fwd, '2026-11-22', cal).step).toBe('waiting')
    expect(reminderLadder(fwd, '2026-11-23', cal)).toEqual({
      step: 'firstReminder',
      daysWithoutAnswer: 2,
      nextLetterDay: '2026-11-24',
    })
    expect(reminderLadder(fwd, '2026-11-24', cal)).toMatchObject({
      step: 'secondReminder',
      daysWithoutAnswer: 3,
    })
    expect(reminderLadder(fwd, '2026-11-25', cal)).toEqual({
      step: 'escalate',
      daysWithoutAnswer: 4,
      nextLetterDay: null,
    })
  })

  it('never schedules a letter on a holiday', () => {
    // Forwarded Tuesday 22 Dec 2026: 24 and 25 Dec are holidays.
    const p = reminderLadder('2026-12-22', '2026-12-22', cal)
    expect(p.nextLetterDay).toBe('2026-12-28')
    expect(isWorkingDay(p.nextLetterDay as string, cal)).toBe(true)
  })
})
