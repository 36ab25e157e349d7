import {
  caseEffect,
  compareMergedOrder,
  eventInstant,
  foldEvent,
  storedFoldEvent,
  type FoldEvent,
  type FoldedCase,
} from '../../shared/caseFold'
import type {
  ConsoleAttachment,
  ConsoleCase,
  ConsoleCaseHeader,
  DeadlineClock,
  TimelineEntry,
  TimelineSummary,
} from '../../shared/console'
import { caseDeadline, reminderLadder } from '../../shared/deadlines'
import type { CaseStatus, EventType } from '../../shared/domain'
import { allowedTransitions } from '../../shared/lifecycle'
import { centreActorLabel } from '../../shared/sync'
import { dayInZone, zoneOr } from '../../shared/timeZone'
import type { Pause } from '../../shared/workingDays'
import type { ServerDb } from '../db'
import { nationalCalendar, yearOf } from './calendar'
import { openPayload } from './atRest'
import { unknownCase } from './refused'
import { isOverdue, todaysByZone } from './slices'

// One case for the console: the header from its row and receipt, the whole
// timeline merged from the station's and the centre's events (in the merged
// order, each step as the fold saw it), the deadline clock by the shared rules
// in the case's zone over the national calendar, its attachments, and the
// steps its folded status allows. A role that may not read confidential
// content sees a confidential case's texts as null.

interface CaseRow {
  id: string
  tracking_number: string
  station_id: string
  station_code: string
  label: string | null
  received_at: string
  received_day: string
  zone: string | null
  channel: ConsoleCaseHeader['channel']
  kind: ConsoleCaseHeader['kind']
  anonymous: boolean | number
  confidential: boolean | number
  status: CaseStatus
  status_day: string | null
  agency_code: string | null
  category_code: string | null
  reported_agency_code: string | null
  supervisory: boolean | number | null
  screening_conclusion: ConsoleCaseHeader['screeningConclusion']
  assignee: string | null
  pauses: string
  last_response_day: string | null
  attachments_count: number
  conflicts: number
  updated_at: string
  due_day: string | null
}

interface EventRow {
  id: string
  station_id: string
  type: EventType
  actor: string
  hlc: string
  payload: string
}

export async function consoleCase(
  db: ServerDb,
  caseId: string,
  readsContent: boolean,
  now: Date,
): Promise<ConsoleCase> {
  const row = (await db('cases as c')
    .join('stations as s', 's.id', 'c.station_id')
    .leftJoin('enrolment_codes as e', 'e.used_by', 's.id')
    .where('c.id', caseId)
    .whereNotNull('c.received_day')
    .first('c.*', 's.code as station_code', 'e.label')) as CaseRow | undefined
  if (!row) throw unknownCase()
  const rows = (await db('events')
    .where({ case_id: caseId })
    .orderBy([
      { column: 'hlc', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])
    .select('id', 'station_id', 'type', 'actor', 'hlc', 'payload')) as EventRow[]
  const events = rows.map((r) => ({
    row: r,
    event: storedFoldEvent({ id: r.id, hlc: r.hlc, type: r.type, payload: openPayload(db, r) }),
  }))
  // compareMergedOrder and SQL's ORDER BY hlc, id agree; sorting again costs nothing.
  events.sort((a, b) => compareMergedOrder(a.event, b.event))
  const writers = new Map(
    (
      (await db('stations')
        .whereIn('id', [...new Set(rows.map((r) => r.station_id))])
        .select('id', 'code', 'central')) as {
        id: string
        code: string
        central: boolean | number
      }[]
    ).map((s) => [s.id, s.central ? null : s.code]),
  )
  const withheld = Boolean(row.confidential) && !readsContent
  const received = events.find((e) => e.event.type === 'case.received')?.event
  if (received?.type !== 'case.received') throw unknownCase()
  const p = received.payload

  const timeline: TimelineEntry[] = []
  let fold: FoldedCase | null = null
  for (const { row: r, event } of events) {
    const status = fold?.status ?? 'belum_terverifikasi'
    const applied = event.type !== 'case.transitioned' || !caseEffect(status, event).conflict
    fold = foldEvent(fold, event)
    const label = centreActorLabel(r.actor)
    timeline.push({
      id: r.id,
      hlc: r.hlc,
      at: eventInstant(r.hlc),
      actor: r.actor,
      byCentre: label !== undefined,
      centreActor: label ?? null,
      originCode: writers.get(r.station_id) ?? null,
      summary: summaryOf(event, applied, withheld),
    })
  }

  const zone = zoneOr(row.zone)
  const pauses = JSON.parse(row.pauses) as Pause[]
  const header: ConsoleCaseHeader = {
    id: row.id,
    trackingNumber: row.tracking_number,
    station: { id: row.station_id, code: row.station_code, label: row.label },
    receivedAt: row.received_at,
    receivedDay: row.received_day,
    timeZone: zone,
    channel: row.channel,
    kind: row.kind,
    anonymous: Boolean(row.anonymous),
    confidential: Boolean(row.confidential),
    contentWithheld: withheld,
    subject: withheld ? null : p.subject,
    description: withheld ? null : p.description,
    category: withheld ? null : p.category,
    categoryCode: withheld ? null : row.category_code,
    location: withheld ? null : p.location,
    reportedParty: withheld
      ? null
      : {
          agency: p.reportedParty.agency,
          agencyCode: row.reported_agency_code,
          person: p.reportedParty.person,
          position: p.reportedParty.position,
        },
    directlyAffected: p.complainant.directlyAffected,
    status: row.status,
    statusDay: row.status_day,
    agencyCode: row.agency_code,
    supervisory: row.supervisory === null ? null : Boolean(row.supervisory),
    screeningConclusion: row.screening_conclusion,
    assignee: row.assignee,
    pauses,
    lastResponseDay: row.last_response_day,
    attachments: Number(row.attachments_count),
    conflicts: Number(row.conflicts),
    updatedAt: row.updated_at,
    dueDay: row.due_day,
    overdue: isOverdue(row, todaysByZone(now)),
  }
  return {
    header,
    timeline,
    deadline: deadlineClock(header, now),
    attachments: await attachmentsOf(
      db,
      events.map((e) => e.event),
      header,
      withheld,
    ),
    allowedTransitions: allowedTransitions(row.status),
  }
}

function summaryOf(e: FoldEvent, applied: boolean, withheld: boolean): TimelineSummary {
  const text = (s: string) => (withheld ? null : s)
  switch (e.type) {
    case 'case.received':
      return {
        type: e.type,
        channel: e.payload.channel,
        kind: e.payload.kind,
        anonymous: e.payload.anonymous,
        confidential: e.payload.confidential,
      }
    case 'case.screened':
      return {
        type: e.type,
        day: e.payload.day,
        conclusion: e.payload.conclusion,
        withinAuthority: e.payload.withinAuthority,
        supervisory: e.payload.supervisory,
        agencyCode: e.payload.agencyCode,
        assignee: e.payload.assignee,
        reasoning: text(e.payload.reasoning),
      }
    case 'case.transitioned':
      return {
        type: e.type,
        transition: e.payload.transition,
        from: e.payload.from,
        to: e.payload.to,
        day: e.payload.day,
        reason: e.payload.reason === null ? null : text(e.payload.reason),
        agencyCode: e.payload.agencyCode,
        applied,
        resolves: e.payload.resolves ?? null,
      }
    case 'exposure.recorded':
      return {
        type: e.type,
        day: e.payload.day,
        decision: e.payload.decision,
        agencyCode: e.payload.agencyCode,
        followUpDue: e.payload.followUpDue,
        summary: text(e.payload.summary),
        recommendation: text(e.payload.recommendation),
      }
    case 'followup.recorded':
      return {
        type: e.type,
        kind: e.payload.kind,
        day: e.payload.day,
        agencyCode: e.payload.agencyCode,
        letterNumber: e.payload.letterNumber,
        note: text(e.payload.note),
        resolves: e.payload.resolves ?? null,
      }
    case 'attachment.added':
      return {
        type: e.type,
        sha256: e.payload.sha256,
        kind: e.payload.kind,
        mime: e.payload.mime,
        size: e.payload.size,
        name: text(e.payload.name),
      }
    case 'case.mapped':
      return { type: e.type, field: e.payload.field, code: e.payload.code }
    case 'privacy.confirmed':
      return { type: e.type, mentions: e.payload.mentions.length, note: text(e.payload.note) }
  }
}

/** The deadline clock by the shared rules, today and every day counted in the case's zone. */
function deadlineClock(h: ConsoleCaseHeader, now: Date): DeadlineClock {
  const today = dayInZone(now, h.timeZone)
  const cal = nationalCalendar(
    yearOf(h.receivedDay),
    Math.max(yearOf(today), yearOf(h.receivedDay)) + 1,
  )
  const deadline = caseDeadline(
    {
      status: h.status,
      kind: h.kind,
      receivedDay: h.receivedDay,
      supervisory: h.supervisory,
      pauses: h.pauses,
    },
    today,
    cal,
  )
  // A forwarded case waits for the agency's answer: the reminder ladder applies until it comes.
  const forwarded = h.status === 'diteruskan' ? h.statusDay : null
  const answered =
    forwarded !== null && h.lastResponseDay !== null && h.lastResponseDay >= forwarded
  const ladder =
    forwarded !== null && !answered && forwarded <= today
      ? reminderLadder(forwarded, today, cal)
      : null
  return { today, timeZone: h.timeZone, deadline, ladder }
}

async function attachmentsOf(
  db: ServerDb,
  events: readonly FoldEvent[],
  h: ConsoleCaseHeader,
  withheld: boolean,
): Promise<ConsoleAttachment[]> {
  const added = events.filter(
    (e): e is Extract<FoldEvent, { type: 'attachment.added' }> => e.type === 'attachment.added',
  )
  if (added.length === 0) return []
  const held = new Set(
    (await db('attachments')
      .whereIn(
        'sha256',
        added.map((e) => e.payload.sha256),
      )
      .where({ complete: true })
      .pluck('sha256')) as string[],
  )
  return added.map((e) => ({
    sha256: e.payload.sha256,
    kind: e.payload.kind,
    name: withheld ? null : e.payload.name,
    mime: e.payload.mime,
    size: e.payload.size,
    held: held.has(e.payload.sha256),
    sealedIdentity: h.anonymous && e.payload.kind === 'ktp',
  }))
}
