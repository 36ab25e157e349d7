import type { DeadlineQueue, DeadlineQueueItem } from '../../shared/api'
import {
  DEFAULT_DEADLINES,
  caseDeadline,
  reminderLadder,
  type DeadlineSettings,
} from '../../shared/deadlines'
import type { CaseStatus, Kind } from '../../shared/domain'
import { dayInZone, zoneOr, type StationZone } from '../../shared/timeZone'
import type { Pause, WorkingCalendar } from '../../shared/workingDays'
import { openCaseRow } from '../atRest'
import { cipherOf } from '../crypto/dataKey'
import type { Db } from '../db'
import { DomainError } from '../errors'
import { workingCalendar } from './directory'
import { readSetting, stationZone, writeSetting } from './settings'

export async function getDeadlineSettings(db: Db): Promise<DeadlineSettings> {
  const raw = await readSetting(db, 'deadlines')
  return raw
    ? { ...DEFAULT_DEADLINES, ...(JSON.parse(raw) as Partial<DeadlineSettings>) }
    : DEFAULT_DEADLINES
}

export async function updateDeadlineSettings(
  db: Db,
  patch: Partial<DeadlineSettings>,
): Promise<DeadlineSettings> {
  const next = { ...(await getDeadlineSettings(db)), ...patch }
  await writeSetting(db, 'deadlines', JSON.stringify(next))
  return next
}

const OPEN: CaseStatus[] = [
  'belum_terverifikasi',
  'belum_ditindaklanjuti',
  'proses',
  'menunggu_kelengkapan',
  'diteruskan',
]

/** How urgent an item is, most urgent first. */
const URGENCY: Record<DeadlineQueueItem['attention'], number> = {
  escalate: 0,
  overdue: 1,
  reminder: 2,
  due: 3,
  on_time: 4,
  paused: 5,
}

export interface ClockRow {
  status: CaseStatus
  kind: Kind
  received_at: string
  supervisory: number | boolean | null
  status_day: string | null
  last_response_day: string | null
  time_zone: string | null
}

export type CaseClock = Pick<DeadlineQueueItem, 'deadline' | 'ladder' | 'attention' | 'sortDay'>

/** A case's deadline, or its place on the reminder ladder once forwarded. */
export function caseClock(
  r: ClockRow,
  pauses: Pause[],
  today: string,
  cal: WorkingCalendar,
  settings: DeadlineSettings,
  zone: StationZone,
): CaseClock {
  const receivedDay = dayInZone(r.received_at, zoneOr(r.time_zone, zone))
  if (r.status === 'diteruskan') {
    const forwardedDay = r.status_day ?? receivedDay
    // The agency answered: no more reminders, the case waits for completion.
    if (r.last_response_day !== null && r.last_response_day >= forwardedDay) {
      return { deadline: null, ladder: null, attention: 'on_time', sortDay: '9999-12-30' }
    }
    const ladder = reminderLadder(forwardedDay, today, cal, settings)
    const attention =
      ladder.step === 'escalate' ? 'escalate' : ladder.step === 'waiting' ? 'on_time' : 'reminder'
    return { deadline: null, ladder, attention, sortDay: ladder.nextLetterDay ?? today }
  }
  const deadline = caseDeadline(
    {
      status: r.status,
      kind: r.kind,
      receivedDay,
      supervisory: r.supervisory === null ? null : Boolean(r.supervisory),
      pauses,
    },
    today,
    cal,
    settings,
  )
  if (!deadline) return { deadline: null, ladder: null, attention: 'paused', sortDay: '9999-12-31' }
  return { deadline, ladder: null, attention: deadline.state, sortDay: deadline.dueDay }
}

/** The clock of one case, for its page. */
export async function clockForCase(db: Db, caseId: string, now: Date): Promise<CaseClock> {
  const [cal, settings, zone] = await Promise.all([
    workingCalendar(db),
    getDeadlineSettings(db),
    stationZone(db),
  ])
  const r = (await db('cases')
    .where({ id: caseId })
    .first(
      'status',
      'kind',
      'received_at',
      'supervisory',
      'status_day',
      'last_response_day',
      'time_zone',
    )) as ClockRow | undefined
  if (!r) throw new DomainError('not_found')
  const pauses = (await db('case_pauses')
    .where({ case_id: caseId })
    .select('from_day', 'to_day')) as Array<{
    from_day: string
    to_day: string | null
  }>
  return caseClock(
    r,
    pauses.map((p) => ({ from: p.from_day, to: p.to_day })),
    dayInZone(now, zone),
    cal,
    settings,
    zone,
  )
}

/**
 * Open cases with their deadline or reminder-ladder position, most urgent
 * first. Computed on read, so an edited holiday or tier applies at once.
 */
export async function deadlineQueue(
  db: Db,
  options: { attentionOnly: boolean; limit: number; assignee?: string | undefined },
  now: Date,
): Promise<DeadlineQueue> {
  const [cal, settings, zone] = await Promise.all([
    workingCalendar(db),
    getDeadlineSettings(db),
    stationZone(db),
  ])
  const today = dayInZone(now, zone)
  const q = db('cases').whereIn('status', OPEN)
  // "My cases": an auditor's own queue, matched on the name given at screening.
  if (options.assignee?.trim()) q.whereRaw('lower(assignee) = lower(?)', [options.assignee.trim()])
  const rows = (await q
    .orderBy('received_at')
    .limit(5000)
    .select(
      'id',
      'tracking_number',
      'subject',
      'status',
      'kind',
      'received_at',
      'supervisory',
      'status_day',
      'last_response_day',
      'confidential',
      'assignee',
      'time_zone',
    )) as Array<{
    id: string
    tracking_number: string
    subject: string
    status: CaseStatus
    kind: Kind
    received_at: string
    supervisory: number | boolean | null
    status_day: string | null
    last_response_day: string | null
    confidential: number | boolean
    assignee: string | null
    time_zone: string | null
  }>
  const pauseRows = (await db('case_pauses')
    .whereIn(
      'case_id',
      rows.map((r) => r.id),
    )
    .select('case_id', 'from_day', 'to_day')) as Array<{
    case_id: string
    from_day: string
    to_day: string | null
  }>
  const pauses = new Map<string, Pause[]>()
  for (const p of pauseRows) {
    pauses.set(p.case_id, [...(pauses.get(p.case_id) ?? []), { from: p.from_day, to: p.to_day }])
  }

  const cipher = cipherOf(db)
  const items: DeadlineQueueItem[] = rows.map((r) => ({
    id: r.id,
    trackingNumber: r.tracking_number,
    subject: openCaseRow(cipher, { id: r.id, confidential: r.confidential, subject: r.subject })
      .subject,
    status: r.status,
    confidential: Boolean(r.confidential),
    assignee: r.assignee,
    ...caseClock(r, pauses.get(r.id) ?? [], today, cal, settings, zone),
  }))
  const chosen = items
    .filter(
      (i) => !options.attentionOnly || (i.attention !== 'on_time' && i.attention !== 'paused'),
    )
    .sort((a, b) => URGENCY[a.attention] - URGENCY[b.attention] || (a.sortDay < b.sortDay ? -1 : 1))
  return { today, items: chosen.slice(0, options.limit), total: chosen.length }
}
