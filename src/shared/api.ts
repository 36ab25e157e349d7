import { z } from 'zod'
import type {
  AttachmentKind,
  AttachmentMimeType,
  CaseStatus,
  Channel,
  EventType,
  Kind,
  MappedField,
} from './domain'
import {
  attachmentPutSchema,
  caseListSchema,
  draftSaveSchema,
  idSchema,
  intakeSchema,
  agencySchema,
  categorySchema,
  deadlineSettingsSchema,
  exposureSchema,
  followUpSchema,
  holidaySchema,
  isoDay,
  mappingApplySchema,
  requiredText,
  screeningSchema,
  settingsUpdateSchema,
  transitionSchema,
} from './schemas'
import type { Deadline, DeadlineSettings, LadderPosition } from './deadlines'
import { TEMPLATE_KINDS, type TemplateKind } from './templates'
import type { Batch } from './sync'
import { STATION_ZONES, type StationZone } from './timeZone'
import type { MentionKind } from './privacy'
import { ROLES, type Role, type SessionUser } from './roles'
import {
  exportChunkSchema,
  exportJobSchema,
  exportStartSchema,
  raporFilterSchema,
  type ExportChunk,
  type ExportJob,
  type RaporView,
} from './rapor'

// The API contract: every call the window may make, its input schema and its
// result type. Core's dispatch implements it; IPC and HTTP only carry it.

declare const resultType: unique symbol
interface MethodSpec<I extends z.ZodType, R> {
  input: I
  [resultType]?: R
}
function method<R>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, R> => ({ input })
}

export interface Settings {
  stationCode: string
  stationName: string
  lastReceivedBy: string
  locale: 'id' | 'en'
  /** The zone the station counts its days in (WIB, WITA or WIT). */
  timeZone: StationZone
}

/** An anonymous complaint held back from sync by the privacy check. */
export interface PrivacyHold {
  caseId: string
  trackingNumber: string
  /** What its text seems to contain (never the values). */
  mentions: MentionKind[]
  createdAt: string
}

/** The audit check of a station's database (see core/audit.ts). */
export interface AuditReport {
  ok: boolean
  sqlite: { ok: boolean; messages: string[] }
  chain: {
    ok: boolean
    events: number
    problems: Array<{
      stationId: string
      seq: number
      eventId: string
      problem: 'hash' | 'link' | 'gap'
    }>
  }
  projections: { ok: boolean; differences: string[] }
  search: { ok: boolean; message: string | null }
}

/** Who is at the desk, and whether the station still needs its first-run set-up. */
export interface AuthState {
  needsSetup: boolean
  stationName: string
  /** The station's zone: "today" at the desk is the day there (suggested from the OS before setup). */
  timeZone: StationZone
  user: SessionUser | null
  /** Minutes of inactivity after which the window locks. */
  idleLockMinutes: number
  /** Set only by a sign-in; transports keep it and never hand it to the page. */
  sessionToken?: string
}

export interface UserRecord {
  username: string
  displayName: string
  role: Role
  active: boolean
  lockedUntil: string | null
  createdAt: string
}

/** What the desk sees of sync. `lastError` is a message key with parameters. */
export interface SyncStatus {
  enrolled: boolean
  serverUrl: string | null
  stationCode: string
  /** Events written here that the server has not acknowledged. */
  pending: number
  pendingAttachments: number
  /** Transitions kept in the log that did not apply in the merged order. */
  conflicts: number
  /** Anonymous complaints held back until someone confirms the privacy check. */
  held: number
  lastSuccess: string | null
  lastAttempt: string | null
  lastError: string | null
  state: 'unenrolled' | 'idle' | 'syncing' | 'error'
  nextAttempt: string | null
}

export interface ConflictItem {
  eventId: string
  caseId: string
  trackingNumber: string
  transition: string
  from: CaseStatus
  to: CaseStatus
  day: string
  /** The status the case had in the merged order when this transition came. */
  foundStatus: CaseStatus
  actor: string
  at: string
}

export interface Draft {
  id: string
  data: Record<string, unknown>
  updatedAt: string
}

export interface StoredAttachment {
  sha256: string
  mime: AttachmentMimeType
  size: number
  name: string
  kind: AttachmentKind
  /** An anonymous complainant's identity document, kept only sealed for the centre. */
  sealed?: true
}

export interface CreatedCase {
  id: string
  trackingNumber: string
  receivedAt: string
}

export interface CaseSummary {
  id: string
  trackingNumber: string
  receivedAt: string
  channel: Channel
  kind: Kind
  status: CaseStatus
  subject: string
  anonymous: boolean
  confidential: boolean
  /** Confidential content withheld from this role. */
  redacted?: boolean
}

export interface CasePage {
  items: CaseSummary[]
  nextCursor: string | null
}

export interface TimelineEvent {
  id: string
  type: EventType
  at: string
  actor: string
  stationId: string
  seq: number
  summary: Record<string, unknown>
}

export interface CaseDetail extends CaseSummary {
  receivedBy: string
  /** The zone this case's days and times are counted and shown in. */
  timeZone: StationZone
  description: string
  category: string | null
  location: string | null
  incidentDate: string | null
  /** The category from the list; null when typed under "Lainnya" (or recorded before the list). */
  categoryCode: string | null
  /** The list's name for the code, else the free text: what to show. */
  categoryName: string | null
  reportedParty: {
    /** Free text ("Lainnya", or recorded before the directory); kept after a mapping. */
    agency: string | null
    agencyCode: string | null
    /** The directory's name for the code, else the free text: what to show. */
    agencyName: string | null
    person: string | null
    position: string | null
  }
  /** Null for anonymous complaints: the station never shows their identity. */
  complainant: {
    name: string | null
    nik: string | null
    phone: string | null
    email: string | null
    address: string | null
    directlyAffected: boolean
  } | null
  attachments: StoredAttachment[]
  timeline: TimelineEvent[]
  /** A confidential complaint shown to a role that may not read its content. */
  redacted?: boolean
}

export interface CaseStatusChange {
  id: string
  status: CaseStatus
}

export interface Agency {
  code: string
  name: string
  level: 'kabupaten' | 'provinsi' | 'pusat' | 'lain'
  active: boolean
}

/** An entry of the category list the admin keeps. */
export interface Category {
  code: string
  name: string
  active: boolean
}

/** A free text still recorded on cases without a list entry, and how many. */
export interface UnmappedText {
  text: string
  cases: number
}

export interface UnmappedTexts {
  category: UnmappedText[]
  reportedAgency: UnmappedText[]
}

export interface MappingResult {
  field: MappedField
  code: string
  /** Cases now counted under the entry (those the caller may see). */
  mapped: number
}

export interface HolidayEntry {
  day: string
  name: string
  kind: 'national' | 'cuti_bersama' | 'local'
}

/** What the holiday table lacks, judged by the station's clock. */
export interface HolidayCoverage {
  /** The station's current year (its local day). */
  year: number
  /** This year and the next where the table has no cuti bersama at all. */
  yearsWithoutCutiBersama: number[]
}

export interface DeadlineQueueItem {
  id: string
  trackingNumber: string
  subject: string
  status: CaseStatus
  confidential: boolean
  assignee: string | null
  deadline: Deadline | null
  ladder: LadderPosition | null
  attention: 'escalate' | 'overdue' | 'reminder' | 'due' | 'on_time' | 'paused'
  /** The day that orders the queue: due day or next letter day. */
  sortDay: string
  /** Confidential content withheld from this role. */
  redacted?: boolean
}

export interface DeadlineQueue {
  today: string
  items: DeadlineQueueItem[]
  total: number
}

export interface ReceiptFile {
  fileName: string
  pdfBase64: string
}

export type DocumentFile = ReceiptFile

export interface RelatedCase {
  id: string
  trackingNumber: string
  subject: string
  status: CaseStatus
  reasons: Array<'sameReportedParty' | 'sameComplainant' | 'similarText'>
}

const password = z
  .string({ error: 'validation.required' })
  .min(10, { error: 'validation.passwordShort|min=10' })
  .max(200, { error: 'validation.tooLong|max=200' })
const username = z
  .string({ error: 'validation.required' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, { error: 'validation.username' })

export const api = {
  'auth.state': method<AuthState>()(z.strictObject({})),
  'auth.setup': method<AuthState>()(
    z.strictObject({
      stationName: requiredText(200),
      username,
      displayName: requiredText(120),
      password,
      timeZone: z.enum(STATION_ZONES, { error: 'validation.invalidChoice' }).optional(),
    }),
  ),
  'auth.login': method<AuthState>()(
    z.strictObject({ username: z.string().max(100), password: z.string().max(200) }),
  ),
  'auth.logout': method<AuthState>()(z.strictObject({})),
  'auth.unlock': method<AuthState>()(z.strictObject({ password: z.string().max(200) })),
  'auth.changePassword': method<{ changed: true }>()(
    z.strictObject({ current: z.string().max(200), next: password }),
  ),
  'user.list': method<UserRecord[]>()(z.strictObject({})),
  'user.save': method<UserRecord>()(
    z.strictObject({
      username,
      displayName: requiredText(120),
      role: z.enum(ROLES, { error: 'validation.invalidChoice' }),
      active: z.boolean(),
      /** Required for a new account; changes nothing when absent for an existing one. */
      password: password.optional(),
    }),
  ),
  'user.resetPassword': method<{ changed: true }>()(z.strictObject({ username, password })),
  'settings.get': method<Settings>()(z.strictObject({})),
  'settings.update': method<Settings>()(settingsUpdateSchema),
  'draft.get': method<Draft | null>()(idSchema),
  'draft.save': method<{ updatedAt: string }>()(draftSaveSchema),
  'draft.discard': method<{ discarded: boolean }>()(idSchema),
  'attachment.put': method<StoredAttachment>()(attachmentPutSchema),
  'case.create': method<CreatedCase>()(intakeSchema),
  'case.list': method<CasePage>()(caseListSchema),
  'case.get': method<CaseDetail>()(idSchema),
  'case.receipt': method<ReceiptFile>()(idSchema),
  'case.screen': method<CaseStatusChange>()(screeningSchema),
  'case.transition': method<CaseStatusChange>()(transitionSchema),
  'case.recordExposure': method<CaseStatusChange & { exposureId: string }>()(exposureSchema),
  'case.recordFollowUp': method<CaseStatusChange>()(followUpSchema),
  'case.related': method<RelatedCase[]>()(idSchema),
  'case.document': method<DocumentFile>()(
    z.strictObject({
      caseId: z.string().min(1).max(64),
      kind: z.enum(['screeningMemo', 'referralLetter', 'reminder', 'exposureMinutes']),
      exposureId: z.string().min(1).max(64).optional(),
    }),
  ),
  'template.list': method<Record<TemplateKind, { title: string; body: string }>>()(
    z.strictObject({}),
  ),
  'template.save': method<{ title: string; body: string }>()(
    z.strictObject({
      kind: z.enum(TEMPLATE_KINDS),
      title: requiredText(200),
      body: requiredText(10000),
    }),
  ),
  'agency.list': method<Agency[]>()(z.strictObject({ includeInactive: z.boolean().optional() })),
  'agency.save': method<Agency>()(agencySchema),
  'category.list': method<Category[]>()(
    z.strictObject({ includeInactive: z.boolean().optional() }),
  ),
  'category.save': method<Category>()(categorySchema),
  'mapping.unmapped': method<UnmappedTexts>()(z.strictObject({})),
  'mapping.apply': method<MappingResult>()(mappingApplySchema),
  'holiday.list': method<HolidayEntry[]>()(
    z.strictObject({ year: z.number().int().min(2000).max(2100) }),
  ),
  'holiday.save': method<HolidayEntry>()(holidaySchema),
  'holiday.delete': method<{ deleted: boolean }>()(z.strictObject({ day: isoDay })),
  'holiday.coverage': method<HolidayCoverage>()(z.strictObject({})),
  'deadline.settings': method<DeadlineSettings>()(z.strictObject({})),
  'deadline.updateSettings': method<DeadlineSettings>()(deadlineSettingsSchema),
  'case.clock':
    method<Pick<DeadlineQueueItem, 'deadline' | 'ladder' | 'attention' | 'sortDay'>>()(idSchema),
  'audit.verify': method<AuditReport>()(z.strictObject({})),
  'privacy.holds': method<PrivacyHold[]>()(z.strictObject({})),
  'privacy.confirm': method<{ confirmed: true }>()(
    z.strictObject({ caseId: z.string().min(1).max(64), note: requiredText(1000) }),
  ),
  'sync.status': method<SyncStatus>()(z.strictObject({})),
  'sync.enrol': method<SyncStatus>()(
    z.strictObject({
      serverUrl: z
        .string()
        .trim()
        .max(300, 'validation.tooLong|max=300')
        .regex(/^https?:\/\/[^\s/?#]+(:\d+)?\/?$/, 'validation.serverUrl'),
      code: requiredText(40),
      stationName: requiredText(200),
    }),
  ),
  'sync.now': method<SyncStatus>()(z.strictObject({})),
  'sync.conflicts': method<ConflictItem[]>()(z.strictObject({})),
  'sync.exportBatch': method<{ batch: Batch | null; remaining: number }>()(
    z.strictObject({ afterSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  ),
  'sync.signBatchFile': method<{ stationId: string; signature: string }>()(
    z.strictObject({
      createdAt: z.iso.datetime(),
      contentHashes: z
        .array(z.string().regex(/^[0-9a-f]{64}$/))
        .min(1)
        .max(10_000),
    }),
  ),
  'deadline.queue': method<DeadlineQueue>()(
    z.strictObject({
      attentionOnly: z.boolean().optional(),
      assignee: z.string().max(120).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
  ),
  'rapor.get': method<RaporView>()(
    z.strictObject({ filter: raporFilterSchema, publicOnly: z.boolean().optional() }),
  ),
  'export.start': method<ExportJob>()(exportStartSchema),
  'export.progress': method<ExportJob>()(exportJobSchema),
  'export.cancel': method<ExportJob>()(exportJobSchema),
  'export.chunk': method<ExportChunk>()(exportChunkSchema),
} as const

export type Api = typeof api
export type ApiMethod = keyof Api
export type ApiInput<M extends ApiMethod> = z.input<Api[M]['input']>
export type ApiParsedInput<M extends ApiMethod> = z.output<Api[M]['input']>
export type ApiResult<M extends ApiMethod> =
  Api[M] extends MethodSpec<z.ZodType, infer R> ? R : never

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name)
}

export const API_ERROR_CODES = [
  'invalid_input',
  'not_found',
  'unknown_method',
  'too_large',
  'unsupported_type',
  'attachment_missing',
  'conflict',
  'unauthenticated',
  'forbidden',
  'locked',
  'internal',
  'transport',
  // The web host refused a request that did not come from its own page.
  'cross_site',
] as const
export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

export interface ApiIssue {
  path: string
  /** A message key with parameters, e.g. `validation.tooLong|max=200`. */
  message: string
}

export interface ApiError {
  code: ApiErrorCode
  /** Indonesian text for a person; clients show `key` (or `code`) and `issues` in their language. */
  message: string
  /** The message key with its parameters, e.g. `lifecycle.notAllowed|transition=forward|state=proses`. */
  key?: string
  issues?: ApiIssue[]
}

export type ApiResponse<R = unknown> = { ok: true; result: R } | { ok: false; error: ApiError }

/** What a transport carries: the renderer's client is written against this alone. */
export type Invoke = <M extends ApiMethod>(
  method: M,
  input: ApiInput<M>,
) => Promise<ApiResponse<ApiResult<M>>>

/** Electron's preload exposes exactly this object as `window.loket`. */
export interface LoketBridge {
  invoke: Invoke
}

/** The IPC channel name the preload and main agree on. */
export const IPC_CHANNEL = 'loket:invoke'
