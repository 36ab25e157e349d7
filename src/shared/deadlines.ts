import type { CaseStatus, Kind } from './domain'
import {
  addWorkingDays,
  nextWorkingDay,
  workingDaysBetween,
  type Pause,
  type WorkingCalendar,
} from './workingDays'

// Deadline tiers and the reminder ladder, in working days. Defaults follow the
// ministry guidance and one district's reminder rule (see DOMAIN.md); every
// figure is a setting.

export interface DeadlineSettings {
  /** Screening must give a first response within this many days of receipt. */
  firstResponse: number
  /** Information requests, suggestions and simple complaints. */
  simple: number
  /** Tidak berkadar pengawasan: a service matter. */
  notSupervisory: number
  /** Berkadar pengawasan, needing an examination. */
  supervisory: number
  /** A forwarded case: first reminder letter after this many days without an answer. */
  firstReminderAfter: number
  /** The second letter on this day; past it, escalation with a copy to the Sekda. */
  lastDay: number
}

export const DEFAULT_DEADLINES: DeadlineSettings = {
  firstResponse: 3,
  simple: 5,
  notSupervisory: 14,
  supervisory: 60,
  firstReminderAfter: 2,
  lastDay: 3,
}

export type DeadlineTier = 'firstResponse' | 'simple' | 'notSupervisory' | 'supervisory'

export interface DeadlineCase {
  status: CaseStatus
  kind: Kind
  /** Local day of receipt. */
  receivedDay: string
  /** Null until screened. */
  supervisory: boolean | null
  pauses: readonly Pause[]
}

export type DeadlineState = 'on_time' | 'due' | 'overdue'

export interface Deadline {
  tier: DeadlineTier
  days: number
  dueDay: string
  /** Negative when overdue. */
  workingDaysLeft: number
  state: DeadlineState
}

export function tierFor(c: Pick<DeadlineCase, 'status' | 'kind' | 'supervisory'>): DeadlineTier {
  if (c.status === 'belum_terverifikasi' || c.supervisory === null) return 'firstResponse'
  if (c.kind !== 'pengaduan') return 'simple'
  return c.supervisory ? 'supervisory' : 'notSupervisory'
}

/**
 * The case's own deadline, or null when no clock runs: closed, archived,
 * forwarded (the ladder applies instead) or waiting for the complainant.
 */
export function caseDeadline(
  c: DeadlineCase,
  today: string,
  cal: WorkingCalendar,
  settings: DeadlineSettings = DEFAULT_DEADLINES,
): Deadline | null {
  if (['selesai', 'diarsipkan', 'diteruskan', 'menunggu_kelengkapan'].includes(c.status))
    return null
  const tier = tierFor(c)
  const days = settings[tier]
  const dueDay = addWorkingDays(c.receivedDay, days, cal, c.pauses)
  if (dueDay === null) return null
  const elapsed = workingDaysBetween(c.receivedDay, today, cal, c.pauses)
  const left = days - elapsed
  return {
    tier,
    days,
    dueDay,
    workingDaysLeft: today > dueDay ? -workingDaysBetween(dueDay, today, cal) : left,
    state: today > dueDay ? 'overdue' : left <= 1 ? 'due' : 'on_time',
  }
}

export type LadderStep = 'waiting' | 'firstReminder' | 'secondReminder' | 'escalate'

export interface LadderPosition {
  step: LadderStep
  /** Working days since forwarding without an answer. */
  daysWithoutAnswer: number
  /** The working day on which the next letter is due (never a weekend or holiday). */
  nextLetterDay: string | null
}

/** Where a forwarded case stands on the reminder ladder, given no answer yet. */
export function reminderLadder(
  forwardedDay: string,
  today: string,
  cal: WorkingCalendar,
  settings: DeadlineSettings = DEFAULT_DEADLINES,
): LadderPosition {
  const n = workingDaysBetween(forwardedDay, today, cal)
  const dayOf = (k: number) => addWorkingDays(forwardedDay, k, cal) as string
  if (n < settings.firstReminderAfter) {
    return {
      step: 'waiting',
      daysWithoutAnswer: n,
      nextLetterDay: dayOf(settings.firstReminderAfter),
    }
  }
  if (n < settings.lastDay) {
    return { step: 'firstReminder', daysWithoutAnswer: n, nextLetterDay: dayOf(settings.lastDay) }
  }
  if (n === settings.lastDay) {
    return {
      step: 'secondReminder',
      daysWithoutAnswer: n,
      nextLetterDay: nextWorkingDay(dayOf(settings.lastDay + 1), cal),
    }
  }
  return { step: 'escalate', daysWithoutAnswer: n, nextLetterDay: null }
}
