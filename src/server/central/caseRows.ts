import type { FoldEvent, FoldedCase } from '../../shared/caseFold'
import type { CaseStatus, Kind } from '../../shared/domain'
import type { CaseReceivedPayload } from '../../shared/events'
import { caseFacts } from '../../shared/rapor'
import { dayInZone, zoneOr, type StationZone } from '../../shared/timeZone'
import type { Pause } from '../../shared/workingDays'
import { nationalDays, yearOf } from './calendar'

// The maintained per-case row (`cases`) the console's lists, search, case
// header and rapor read: what the case's receipt says (written once), what the
// case fold makes of all its events, and the report-card facts of that fold
// (shared/rapor.ts `caseFacts`, national calendar, default tiers). Being
// overdue depends on today, so the row keeps the due day and queries compare
// it with today in the case's zone. A confidential case's content stays out of
// every column (its subject, description, category and reported agency are null).

/** The columns a case's receipt sets, once. */
export interface ReceiptColumns {
  id: string
  station_id: string
  tracking_number: string
  received_hlc: string
  status_pin_hash: string | null
  /** The zone the case recorded, else its station's; null for neither (counted in WIB). */
  time_zone: StationZone | null
  /** The zone its days count in. */
  zone: StationZone
  received_at: string
  received_day: string
  channel: string
  kind: Kind
  category: string | null
  reported_agency: string | null
  anonymous: boolean
  confidential: boolean
  subject: string | null
  description: string | null
}

export function receiptColumns(
  caseId: string,
  stationId: string,
  received: Extract<FoldEvent, { type: 'case.received' }>,
  stationZone: StationZone | null,
): ReceiptColumns {
  const p: CaseReceivedPayload = received.payload
  const timeZone = p.timeZone ?? stationZone
  const zone = zoneOr(timeZone)
  const open = !p.confidential
  return {
    id: caseId,
    station_id: stationId,
    tracking_number: p.trackingNumber,
    received_hlc: received.hlc,
    status_pin_hash: p.statusPinHash ?? null,
    time_zone: timeZone,
    zone,
    received_at: p.receivedAt,
    received_day: dayInZone(p.receivedAt, zone),
    channel: p.channel,
    kind: p.kind,
    category: open ? p.category : null,
    reported_agency: open ? p.reportedParty.agency : null,
    anonymous: p.anonymous,
    confidential: p.confidential,
    subject: open ? p.subject : null,
    description: open ? p.description : null,
  }
}

/** The columns the case fold keeps, with the report-card facts of the folded case. */
export interface FoldColumns {
  status: CaseStatus
  status_day: string | null
  agency_code: string | null
  /** From the lists (at intake, or mapped later): codes, never the free text. */
  category_code: string | null
  reported_agency_code: string | null
  screening_conclusion: string | null
  within_authority: boolean | null
  supervisory: boolean | null
  assignee: string | null
  pauses: string
  last_response_day: string | null
  attachments_count: number
  updated_at: string
  /** Conflicts still pending. */
  conflicts: number
  /** Clock of the last transition that applied (of the receipt before any). */
  last_hlc: string
  /** Clock of the latest event folded in. */
  folded_hlc: string
  due_day: string | null
  calendar_days: number | null
  working_days: number | null
  within_deadline: boolean | null
}

/** Column types, for the bulk UPDATE that writes them. */
export const FOLD_COLUMN_TYPES: Record<keyof FoldColumns, 'text' | 'integer' | 'boolean'> = {
  status: 'text',
  status_day: 'text',
  agency_code: 'text',
  category_code: 'text',
  reported_agency_code: 'text',
  screening_conclusion: 'text',
  within_authority: 'boolean',
  supervisory: 'boolean',
  assignee: 'text',
  pauses: 'text',
  last_response_day: 'text',
  attachments_count: 'integer',
  updated_at: 'text',
  conflicts: 'integer',
  last_hlc: 'text',
  folded_hlc: 'text',
  due_day: 'text',
  calendar_days: 'integer',
  working_days: 'integer',
  within_deadline: 'boolean',
}

export function foldColumns(c: FoldedCase, zone: StationZone, foldedHlc: string): FoldColumns {
  const receivedDay = dayInZone(c.receivedAt, zone)
  // The calendar spans every day the facts may reach: a deadline runs at most
  // 60 working days, pushed on by the pauses, which end on days the case knows.
  const last = [receivedDay, c.statusDay ?? receivedDay, ...c.pauses.map((p) => p.to ?? p.from)]
    .map(yearOf)
    .reduce((a, b) => Math.max(a, b))
  const facts = caseFacts(
    {
      status: c.status,
      kind: c.kind,
      supervisory: c.screening ? c.screening.supervisory : null,
      receivedDay,
      statusDay: c.statusDay,
      pauses: c.pauses,
    },
    nationalDays(yearOf(receivedDay), last + 2),
  )
  return {
    status: c.status,
    status_day: c.statusDay,
    agency_code: c.agencyCode,
    category_code: c.categoryCode,
    reported_agency_code: c.reportedAgencyCode,
    screening_conclusion: c.screening?.conclusion ?? null,
    within_authority: c.screening ? c.screening.withinAuthority : null,
    supervisory: c.screening ? c.screening.supervisory : null,
    assignee: c.assignee,
    pauses: JSON.stringify(c.pauses),
    last_response_day: c.lastResponseDay,
    attachments_count: c.attachments,
    updated_at: c.updatedAt,
    conflicts: c.conflicts.length,
    last_hlc: c.lastChangeHlc,
    folded_hlc: foldedHlc,
    due_day: facts.dueDay,
    calendar_days: facts.calendarDays,
    working_days: facts.workingDays,
    within_deadline: facts.withinDeadline,
  }
}

/** What the fold needs of a stored row to fold on from it. */
export interface StoredFold {
  id: string
  received_at: string
  kind: Kind
  zone: string
  status: CaseStatus
  status_day: string | null
  agency_code: string | null
  category_code: string | null
  reported_agency_code: string | null
  screening_conclusion: string | null
  within_authority: boolean | number | null
  supervisory: boolean | number | null
  assignee: string | null
  pauses: string
  last_response_day: string | null
  attachments_count: number
  updated_at: string
  conflicts: number
  last_hlc: string
  folded_hlc: string | null
}

export const STORED_FOLD_COLUMNS: ReadonlyArray<keyof StoredFold> = [
  'id',
  'received_at',
  'kind',
  'zone',
  'status',
  'status_day',
  'agency_code',
  'category_code',
  'reported_agency_code',
  'screening_conclusion',
  'within_authority',
  'supervisory',
  'assignee',
  'pauses',
  'last_response_day',
  'attachments_count',
  'updated_at',
  'conflicts',
  'last_hlc',
  'folded_hlc',
]

/** The folded case a stored row holds; `pending` are its conflicts not yet settled. */
export function foldedFromRow(row: StoredFold, pending: string[]): FoldedCase {
  return {
    receivedAt: row.received_at,
    kind: row.kind,
    status: row.status,
    statusDay: row.status_day,
    agencyCode: row.agency_code,
    categoryCode: row.category_code,
    reportedAgencyCode: row.reported_agency_code,
    screening:
      row.screening_conclusion === null
        ? null
        : {
            conclusion: row.screening_conclusion,
            withinAuthority: Boolean(row.within_authority),
            supervisory: Boolean(row.supervisory),
          },
    assignee: row.assignee,
    pauses: JSON.parse(row.pauses) as Pause[],
    lastResponseDay: row.last_response_day,
    attachments: Number(row.attachments_count),
    updatedAt: row.updated_at,
    conflicts: pending,
    lastChangeHlc: row.last_hlc,
  }
}
