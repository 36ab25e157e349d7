import { z } from 'zod'
import {
  ATTACHMENT_KINDS,
  CASE_STATUSES,
  CHANNELS,
  EXPOSURE_DECISIONS,
  FOLLOWUP_KINDS,
  KINDS,
  MAPPED_FIELDS,
  SCREENING_CONCLUSIONS,
} from './domain'
import type { CentreRole } from './centreRoles'
import { TRANSITIONS, type Transition } from './lifecycle'
import { STATION_ZONES } from './timeZone'

// The centre's console API (`/v1/console/…`): what each route takes and
// answers, as zod schemas the server validates and serialises with and the
// console UI imports for its types. Reports (rapor, insight, exports) are in
// consoleReports.ts. Every refusal is `{ code, reason }`; CONSOLE_REFUSALS_ID
// gives the console the Indonesian words for each code.

/**
 * The roles that read a confidential case's content (its texts, its category,
 * its reported party) and its attachments; a viewer sees its number, dates,
 * channel, kind and status.
 */
export const CONTENT_ROLES: readonly CentreRole[] = ['admin', 'verifier', 'custodian']

export const isoDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
export const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
const sha256 = z.string().regex(/^[0-9a-f]{64}$/)
/** A station code as issued at enrolment (checked again by the service). */
export const stationCodeParam = z
  .string()
  .min(2)
  .max(6)
  .regex(/^[0-9A-Za-z]+$/)
const agencyCode = z.string().min(1).max(64)
const category = z.string().min(1).max(100)
const cursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/)
const TRANSITION_NAMES = Object.keys(TRANSITIONS) as [Transition, ...Transition[]]

export const caseIdParams = z.strictObject({ id: uuid })
export const pageQuerySchema = z.strictObject({
  cursor: cursor.optional(),
  limit: z.int().min(1).max(200).optional(),
})
export type PageQuery = z.infer<typeof pageQuerySchema>

// ---------------------------------------------------------------------------
// Stations

export const consoleStationSchema = z.strictObject({
  id: uuid,
  code: z.string(),
  /** The label the admin gave its enrolment code. */
  label: z.string().nullable(),
  /** The name the station gave itself at enrolment. */
  name: z.string(),
  region: z.string().nullable(),
  timeZone: z.enum(STATION_ZONES).nullable(),
  enrolledAt: z.string(),
  /** The last push or pull the centre answered (ISO instant). */
  lastSyncAt: z.string().nullable(),
  /** The station's own events the centre holds. */
  eventsHeld: z.int().min(0),
  pendingConflicts: z.int().min(0),
  /** The Loket version the station last reported (`x-loket-version`). */
  appVersion: z.string().nullable(),
})
export type ConsoleStation = z.infer<typeof consoleStationSchema>
export const consoleStationsSchema = z.strictObject({ items: z.array(consoleStationSchema) })

export const stationRegionBodySchema = z.strictObject({
  region: z.string().trim().min(1).max(120).nullable(),
})

// ---------------------------------------------------------------------------
// Cases: the list and its search

/** What leads to a list of cases; every figure of the rapor and the insight carries one. */
export const consoleCaseFilterSchema = z.strictObject({
  station: stationCodeParam.optional(),
  status: z.enum(CASE_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  kind: z.enum(KINDS).optional(),
  category: category.optional(),
  agency: agencyCode.optional(),
  /** Received on or after this day, in each case's own zone. */
  from: isoDay.optional(),
  /** Received on or before this day, in each case's own zone. */
  to: isoDay.optional(),
  /** Past the due day today (each case's today, in its zone), with the clock running. */
  overdue: z.boolean().optional(),
  /** Words (the last may be partly typed), or a tracking number as people type it. */
  q: z.string().trim().min(1).max(200).optional(),
})
export type ConsoleCaseFilter = z.infer<typeof consoleCaseFilterSchema>

export const consoleCaseListQuerySchema = consoleCaseFilterSchema.extend(pageQuerySchema.shape)
export type ConsoleCaseListQuery = z.infer<typeof consoleCaseListQuerySchema>

export const consoleCaseItemSchema = z.strictObject({
  id: uuid,
  trackingNumber: z.string(),
  stationCode: z.string(),
  receivedDay: isoDay,
  channel: z.enum(CHANNELS),
  kind: z.enum(KINDS),
  status: z.enum(CASE_STATUSES),
  /** Null for a confidential case: its content is in no list. */
  subject: z.string().nullable(),
  category: z.string().nullable(),
  agencyCode: z.string().nullable(),
  anonymous: z.boolean(),
  confidential: z.boolean(),
  dueDay: isoDay.nullable(),
  overdue: z.boolean(),
})
export type ConsoleCaseItem = z.infer<typeof consoleCaseItemSchema>

export const consoleCasePageSchema = z.strictObject({
  items: z.array(consoleCaseItemSchema),
  /** Give it back as `cursor` for the next page; null on the last. */
  nextCursor: z.string().nullable(),
})
export type ConsoleCasePage = z.infer<typeof consoleCasePageSchema>

export const trackingNumberParams = z.strictObject({ trackingNumber: z.string().min(1).max(60) })
export const caseByNumberSchema = z.strictObject({ id: uuid, trackingNumber: z.string() })
export type CaseByNumber = z.infer<typeof caseByNumberSchema>

// ---------------------------------------------------------------------------
// One case

const pauseSchema = z.strictObject({ from: isoDay, to: isoDay.nullable() })

export const consoleCaseHeaderSchema = z.strictObject({
  id: uuid,
  trackingNumber: z.string(),
  station: z.strictObject({ id: uuid, code: z.string(), label: z.string().nullable() }),
  receivedAt: z.string(),
  receivedDay: isoDay,
  timeZone: z.enum(STATION_ZONES),
  channel: z.enum(CHANNELS),
  kind: z.enum(KINDS),
  anonymous: z.boolean(),
  confidential: z.boolean(),
  /** True when this role may not read the confidential content: the fields below are null. */
  contentWithheld: z.boolean(),
  subject: z.string().nullable(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  /** The category's code in the list (picked at intake or mapped later), else null. */
  categoryCode: z.string().nullable(),
  location: z.string().nullable(),
  reportedParty: z
    .strictObject({
      agency: z.string().nullable(),
      /** The agency's code in the directory (picked at intake or mapped later), else null. */
      agencyCode: z.string().nullable(),
      person: z.string().nullable(),
      position: z.string().nullable(),
    })
    .nullable(),
  /** Whether the complainant experienced it directly (never who they are). */
  directlyAffected: z.boolean(),
  status: z.enum(CASE_STATUSES),
  statusDay: isoDay.nullable(),
  /** The handling agency (set at screening or when forwarded). */
  agencyCode: z.string().nullable(),
  supervisory: z.boolean().nullable(),
  screeningConclusion: z.enum(SCREENING_CONCLUSIONS).nullable(),
  assignee: z.string().nullable(),
  pauses: z.array(pauseSchema),
  lastResponseDay: isoDay.nullable(),
  attachments: z.int().min(0),
  conflicts: z.int().min(0),
  updatedAt: z.string(),
  dueDay: isoDay.nullable(),
  overdue: z.boolean(),
})
export type ConsoleCaseHeader = z.infer<typeof consoleCaseHeaderSchema>

const text = z.string().nullable()

/** What a step says, in fields the console puts into words; texts are null when withheld. */
export const timelineSummarySchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('case.received'),
    channel: z.enum(CHANNELS),
    kind: z.enum(KINDS),
    anonymous: z.boolean(),
    confidential: z.boolean(),
  }),
  z.strictObject({
    type: z.literal('case.screened'),
    day: isoDay,
    conclusion: z.enum(SCREENING_CONCLUSIONS),
    withinAuthority: z.boolean(),
    supervisory: z.boolean(),
    agencyCode: z.string().nullable(),
    assignee: z.string().nullable(),
    reasoning: text,
  }),
  z.strictObject({
    type: z.literal('case.transitioned'),
    transition: z.enum(TRANSITION_NAMES),
    from: z.enum(CASE_STATUSES),
    to: z.enum(CASE_STATUSES),
    day: isoDay,
    reason: text,
    agencyCode: z.string().nullable(),
    /** Whether it applied in the merged order (false: kept in the log as a conflict). */
    applied: z.boolean(),
    /** The conflicting step this one settles, when it is a resolution. */
    resolves: z.string().nullable(),
  }),
  z.strictObject({
    type: z.literal('exposure.recorded'),
    day: isoDay,
    decision: z.enum(EXPOSURE_DECISIONS),
    agencyCode: z.string().nullable(),
    followUpDue: isoDay.nullable(),
    summary: text,
    recommendation: text,
  }),
  z.strictObject({
    type: z.literal('followup.recorded'),
    kind: z.enum(FOLLOWUP_KINDS),
    day: isoDay,
    agencyCode: z.string().nullable(),
    letterNumber: z.string().nullable(),
    note: text,
    resolves: z.string().nullable(),
  }),
  z.strictObject({
    type: z.literal('attachment.added'),
    sha256,
    kind: z.enum(ATTACHMENT_KINDS),
    mime: z.string(),
    size: z.int().min(0),
    name: text,
  }),
  z.strictObject({
    type: z.literal('case.mapped'),
    field: z.enum(MAPPED_FIELDS),
    code: z.string(),
  }),
  z.strictObject({
    type: z.literal('privacy.confirmed'),
    mentions: z.int().min(0),
    note: text,
  }),
])
export type TimelineSummary = z.infer<typeof timelineSummarySchema>

export const timelineEntrySchema = z.strictObject({
  id: uuid,
  hlc: z.string(),
  /** The instant of the step, from its clock. */
  at: z.string(),
  actor: z.string(),
  /** The centre's own step: `actor` is then `pusat:<name>` and `centreActor` the name. */
  byCentre: z.boolean(),
  centreActor: z.string().nullable(),
  /** The station that wrote it; null for the centre. */
  originCode: z.string().nullable(),
  summary: timelineSummarySchema,
})
export type TimelineEntry = z.infer<typeof timelineEntrySchema>

export const deadlineClockSchema = z.strictObject({
  /** Today in the case's zone. */
  today: isoDay,
  timeZone: z.enum(STATION_ZONES),
  deadline: z
    .strictObject({
      tier: z.enum(['firstResponse', 'simple', 'notSupervisory', 'supervisory']),
      days: z.int(),
      dueDay: isoDay,
      workingDaysLeft: z.int(),
      state: z.enum(['on_time', 'due', 'overdue']),
    })
    .nullable(),
  /** A forwarded case without an answer yet: where it stands on the reminder ladder. */
  ladder: z
    .strictObject({
      step: z.enum(['waiting', 'firstReminder', 'secondReminder', 'escalate']),
      daysWithoutAnswer: z.int(),
      nextLetterDay: isoDay.nullable(),
    })
    .nullable(),
})
export type DeadlineClock = z.infer<typeof deadlineClockSchema>

export const consoleAttachmentSchema = z.strictObject({
  sha256,
  kind: z.enum(ATTACHMENT_KINDS),
  name: text,
  mime: z.string(),
  size: z.int().min(0),
  /** The centre holds the whole file. */
  held: z.boolean(),
  /** An anonymous complainant's identity document: opened only by the custodian's identity route. */
  sealedIdentity: z.boolean(),
})
export type ConsoleAttachment = z.infer<typeof consoleAttachmentSchema>

export const consoleCaseSchema = z.strictObject({
  header: consoleCaseHeaderSchema,
  timeline: z.array(timelineEntrySchema),
  deadline: deadlineClockSchema,
  attachments: z.array(consoleAttachmentSchema),
  /** The steps the case's folded status allows now. */
  allowedTransitions: z.array(z.enum(TRANSITION_NAMES)),
})
export type ConsoleCase = z.infer<typeof consoleCaseSchema>

export const attachmentParams = z.strictObject({ id: uuid, sha256 })

// ---------------------------------------------------------------------------
// Conflicts

const stepSchema = z.strictObject({
  eventId: uuid,
  transition: z.enum(TRANSITION_NAMES),
  from: z.enum(CASE_STATUSES),
  to: z.enum(CASE_STATUSES),
  day: isoDay,
  actor: z.string(),
  at: z.string(),
  originCode: z.string().nullable(),
})
export type ConflictStep = z.infer<typeof stepSchema>

export const consoleConflictSchema = z.strictObject({
  eventId: uuid,
  caseId: uuid,
  trackingNumber: z.string(),
  stationCode: z.string(),
  foundAt: z.string(),
  /** The step that did not fit. */
  step: stepSchema,
  /** The status the case had, in the merged order, when that step came. */
  foundStatus: z.enum(CASE_STATUSES),
  /** The step that had moved the case there and stands (null: the case was as received). */
  standing: stepSchema.nullable(),
  /** The case's status now. */
  status: z.enum(CASE_STATUSES),
})
export type ConsoleConflict = z.infer<typeof consoleConflictSchema>
export const consoleConflictPageSchema = z.strictObject({
  items: z.array(consoleConflictSchema),
  nextCursor: z.string().nullable(),
})

export const conflictParams = z.strictObject({ eventId: uuid })
export const CONFLICT_KEEPS = ['applied', 'conflicting'] as const
export const conflictResolveBodySchema = z.strictObject({
  /** Which step stands: the one that applied, or the one that did not fit. */
  keep: z.enum(CONFLICT_KEEPS),
  reason: z.string().trim().min(10).max(1000),
})
export type ConflictResolveBody = z.infer<typeof conflictResolveBodySchema>

export const conflictResolutionSchema = z.strictObject({
  eventId: uuid,
  keep: z.enum(CONFLICT_KEEPS),
  reason: z.string(),
  resolvedAt: z.string(),
  resolvedBy: z.string(),
  /** The event the centre recorded on the case; stations apply it with their next pull. */
  resolutionEventId: uuid,
  resolutionType: z.enum(['case.transitioned', 'followup.recorded']),
  /** The case's status after the resolution. */
  status: z.enum(CASE_STATUSES),
})
export type ConflictResolution = z.infer<typeof conflictResolutionSchema>

// ---------------------------------------------------------------------------
// Identity reads (oversight)

export const identityReadSchema = z.strictObject({
  id: z.int(),
  at: z.string(),
  actor: z.string(),
  caseId: z.string(),
  trackingNumber: z.string().nullable(),
  reason: z.string(),
})
export type IdentityRead = z.infer<typeof identityReadSchema>
export const identityReadPageSchema = z.strictObject({
  items: z.array(identityReadSchema),
  nextCursor: z.string().nullable(),
})

// ---------------------------------------------------------------------------
// Refusals in the console's words

/** The Indonesian words for each refusal code the console routes answer with. */
export const CONSOLE_REFUSALS_ID: Record<string, string> = {
  invalid: 'Isian tidak sah; periksa kembali.',
  unauthorized: 'Silakan masuk terlebih dahulu.',
  forbidden: 'Peran Anda tidak berwenang untuk tindakan ini.',
  unknown_case: 'Pengaduan tidak ditemukan di Pusat.',
  unknown_station: 'Stasiun tidak dikenal.',
  tracking_number: 'Nomor registrasi tidak sah; periksa ketikannya.',
  not_found: 'Tidak ditemukan.',
  cursor: 'Halaman tidak sah; muat ulang daftar.',
  day_order: 'Tanggal awal harus sebelum tanggal akhir.',
  month_order: 'Bulan awal harus sebelum bulan akhir.',
  month_range: 'Rentang bulan terlalu panjang.',
  day: 'Tanggal harus di antara tanggal diterima dan hari ini.',
  transition: 'Langkah ini tidak mungkin dari status pengaduan sekarang.',
  unknown_attachment: 'Lampiran ini bukan milik pengaduan tersebut.',
  attachment_missing: 'Berkas lampiran belum diterima Pusat.',
  sealed_identity:
    'Dokumen identitas pelapor anonim tersegel; hanya dibuka oleh kustodian melalui pembukaan identitas dengan alasan.',
  unknown_conflict: 'Konflik tidak ditemukan.',
  conflict_resolved: 'Konflik ini sudah diselesaikan.',
  no_single_step:
    'Tidak ada satu langkah yang membawa pengaduan ke status itu; catat keputusan di halaman pengaduan.',
  export_not_ready: 'Berkas ekspor belum siap.',
  unknown_export: 'Ekspor tidak ditemukan.',
  internal_variant: 'Ekspor internal hanya untuk verifikator, kustodian atau admin.',
}
