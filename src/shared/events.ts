import { z } from 'zod'
import {
  ATTACHMENT_KINDS,
  CASE_STATUSES,
  CHANNELS,
  CHECKLIST_ITEMS,
  EVENT_TYPES,
  EXPOSURE_DECISIONS,
  FOLLOWUP_KINDS,
  KINDS,
  MAPPED_FIELDS,
  SCREENING_CONCLUSIONS,
  type EventType,
} from './domain'
import { TRANSITIONS, type Transition } from './lifecycle'
import { sealedDocumentSchema, sealedIdentitySchema } from './seal'
import { STATION_ZONES } from './timeZone'

// Event payloads: the facts the log records, each type's shape written once
// as a schema, its TypeScript type derived from it. Sync carries payloads as
// they are (the hash covers them byte for byte), so a schema checks a payload
// and never rewrites it: unknown fields pass, a later version may add some.

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)))
const nullableText = z.string().nullable()

export const caseReceivedSchema = z.object({
  trackingNumber: z.string().min(1).max(40),
  receivedAt: instant,
  receivedBy: z.string(),
  channel: z.enum(CHANNELS),
  kind: z.enum(KINDS),
  subject: z.string(),
  description: z.string(),
  /** Free text: what was typed under "Lainnya" (or, on older cases, the category as typed). */
  category: nullableText,
  /** The category from the admin's list (absent on older cases). */
  categoryCode: nullableText.optional(),
  location: nullableText,
  incidentDate: day.nullable(),
  reportedParty: z.object({
    /** Free text, as `category`. */
    agency: nullableText,
    /** The agency from the directory (absent on older cases). */
    agencyCode: nullableText.optional(),
    person: nullableText,
    position: nullableText,
  }),
  anonymous: z.boolean(),
  confidential: z.boolean(),
  /** Identity as given; for anonymous complaints only `directlyAffected` (the rest is sealed). */
  complainant: z.object({
    name: z.string().optional(),
    nik: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    address: z.string().optional(),
    directlyAffected: z.boolean(),
  }),
  /** An anonymous complainant's identity, sealed to the central authority. */
  sealedIdentity: sealedIdentitySchema.optional(),
  /** Hash of the receipt PIN that unlocks the public status (absent on older cases). */
  statusPinHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** The receiving station's zone, in which this case's days are counted (absent on older cases). */
  timeZone: z.enum(STATION_ZONES).optional(),
})
export type CaseReceivedPayload = z.infer<typeof caseReceivedSchema>

export const attachmentAddedSchema = z.object({
  /** The stored file's hash: for a sealed document, the box's. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(ATTACHMENT_KINDS),
  name: z.string(),
  /** The document's type (a sealed one's, once opened). */
  mime: z.string(),
  /** The stored file's size. */
  size: z.int().min(0),
  /** An anonymous complainant's identity document, sealed to the central authority. */
  sealedDocument: sealedDocumentSchema.optional(),
})
export type AttachmentAddedPayload = z.infer<typeof attachmentAddedSchema>

/** The screening memo's facts (telaahan staf). */
export const caseScreenedSchema = z.object({
  day,
  checklist: z.object(
    Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i, z.boolean()])) as Record<
      (typeof CHECKLIST_ITEMS)[number],
      z.ZodBoolean
    >,
  ),
  withinAuthority: z.boolean(),
  agencyCode: nullableText,
  supervisory: z.boolean(),
  directlyExperienced: z.boolean(),
  evidencePresent: z.boolean(),
  relatedCaseIds: z.array(z.string()),
  conclusion: z.enum(SCREENING_CONCLUSIONS),
  reasoning: z.string(),
  /** The auditor who handles the case from here on. */
  assignee: nullableText,
})
export type CaseScreenedPayload = z.infer<typeof caseScreenedSchema>

const TRANSITION_NAMES = Object.keys(TRANSITIONS) as [Transition, ...Transition[]]

/** A lifecycle step; `from` and `to` are kept so the log reads on its own. */
export const caseTransitionedSchema = z
  .object({
    transition: z.enum(TRANSITION_NAMES),
    from: z.enum(CASE_STATUSES),
    to: z.enum(CASE_STATUSES),
    day,
    reason: nullableText,
    agencyCode: nullableText,
    /** A resolution recorded at the centre: the id of the flagged transition it settles. */
    resolves: z.string().min(1).max(64).optional(),
  })
  .refine(
    (t) =>
      (TRANSITIONS[t.transition].from as readonly string[]).includes(t.from) &&
      TRANSITIONS[t.transition].to === t.to,
    { message: 'the step does not match the lifecycle' },
  )
export type CaseTransitionedPayload = z.infer<typeof caseTransitionedSchema>

/** An exposure meeting (ekspose) and its minutes (berita acara). */
export const exposureRecordedSchema = z.object({
  exposureId: z.string().min(1),
  day,
  place: z.string(),
  participants: z.array(z.object({ name: z.string(), role: z.string(), present: z.boolean() })),
  summary: z.string(),
  analysis: z.string(),
  recommendation: z.string(),
  decision: z.enum(EXPOSURE_DECISIONS),
  agencyCode: nullableText,
  followUpOwner: z.string(),
  followUpDue: day.nullable(),
})
export type ExposureRecordedPayload = z.infer<typeof exposureRecordedSchema>

/** A disposition sent to an agency, its response, or a note on the follow-up. */
export const followUpRecordedSchema = z.object({
  kind: z.enum(FOLLOWUP_KINDS),
  day,
  agencyCode: nullableText,
  letterNumber: nullableText,
  note: z.string(),
  /** A resolution recorded at the centre: the id of the flagged transition it settles. */
  resolves: z.string().min(1).max(64).optional(),
})
export type FollowUpRecordedPayload = z.infer<typeof followUpRecordedSchema>

/** A person looked at an anonymous complaint held by the privacy check and let it go. */
export const privacyConfirmedSchema = z.object({
  mentions: z.array(z.string()),
  note: z.string(),
})
export type PrivacyConfirmedPayload = z.infer<typeof privacyConfirmedSchema>

/**
 * An admin mapped the free text a case recorded to an entry of a list; the
 * text stays in the log as it was, the case counts under the entry from here on.
 */
export const caseMappedSchema = z.object({
  field: z.enum(MAPPED_FIELDS),
  code: z.string().min(1),
  /** The free text that was mapped, as the case recorded it. */
  from: z.string(),
})
export type CaseMappedPayload = z.infer<typeof caseMappedSchema>

export const EVENT_PAYLOAD_SCHEMAS = {
  'case.received': caseReceivedSchema,
  'attachment.added': attachmentAddedSchema,
  'case.screened': caseScreenedSchema,
  'case.transitioned': caseTransitionedSchema,
  'exposure.recorded': exposureRecordedSchema,
  'followup.recorded': followUpRecordedSchema,
  'privacy.confirmed': privacyConfirmedSchema,
  'case.mapped': caseMappedSchema,
} as const satisfies Record<EventType, z.ZodType>

export type EventPayloads = { [T in EventType]: z.infer<(typeof EVENT_PAYLOAD_SCHEMAS)[T]> }

/** An event as it is stored and travels; a union over the types, so its type tells its payload. */
export type StoredEvent<T extends EventType = EventType> = {
  [K in T]: {
    id: string
    stationId: string
    seq: number
    caseId: string
    type: K
    payload: EventPayloads[K]
    actor: string
    hlc: string
    prevHash: string
    hash: string
  }
}[T]

/** What the hash covers: everything but the hash itself. */
export function eventHashInput(e: Omit<StoredEvent, 'hash'>): unknown {
  return [e.id, e.stationId, e.seq, e.caseId, e.type, e.payload, e.actor, e.hlc, e.prevHash]
}

export const GENESIS_HASH = '0'.repeat(64)

/** What every event carries besides its type and payload. */
type Envelope = Omit<StoredEvent, 'type' | 'payload'>

/**
 * An event from outside (a pushed batch, a pulled page): its type must be known
 * and its payload must fit that type's schema. The event is returned as it came,
 * payload untouched, since its hash covers the payload as it is.
 */
export function checkEvent(
  e: Envelope & { type: string; payload: unknown },
): { ok: true; event: StoredEvent } | { ok: false; reason: string } {
  if (!(EVENT_TYPES as readonly string[]).includes(e.type)) {
    return { ok: false, reason: `event ${e.id} has an unknown type` }
  }
  const r = EVENT_PAYLOAD_SCHEMAS[e.type as EventType].safeParse(e.payload)
  if (!r.success) {
    const issue = r.error.issues[0]
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : ''
    return { ok: false, reason: `event ${e.id} does not fit its type ${e.type}${where}` }
  }
  return { ok: true, event: e as StoredEvent }
}

/**
 * An event read back from where it was stored after its checks (its payload
 * checked by schema on the way in, its hash by the chain): typed by its type.
 */
export function storedEvent(e: Envelope & { type: EventType; payload: unknown }): StoredEvent {
  return e as StoredEvent
}
