import { z } from 'zod'
import { canonicalJson } from './canonicalJson'
import { CASE_STATUSES, EVENT_TYPES } from './domain'
import { eventHashInput, type StoredEvent } from './events'
import { TRANSITIONS, type Transition } from './lifecycle'
import { STATION_ZONES } from './timeZone'

// The sync protocol between a station and the central server: the wire shapes
// (one zod schema each, which the server also serves as JSON Schema), what is
// signed, and the rules both sides apply to the merged log. Hashing and
// signatures need node:crypto, so the two sides compute them; this module only
// says over which bytes.

export const SYNC_PROTOCOL = 1

/** A push batch holds at most this many events … */
export const BATCH_MAX_EVENTS = 1000
/** … and at most this many bytes of canonical JSON events. */
export const BATCH_MAX_BYTES = 4 * 1024 * 1024
/** The server's body limit: a full batch plus its envelope. */
export const SERVER_BODY_LIMIT = BATCH_MAX_BYTES + 256 * 1024
/** Attachment chunks travel in pieces of at most this size. */
export const CHUNK_BYTES = 512 * 1024
/** How far a signed request's clock may be from the server's. */
export const REQUEST_SKEW_MS = 5 * 60 * 1000

const hex64 = z.string().regex(/^[0-9a-f]{64}$/)
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
const base64 = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
const seq = z.int().min(1).max(Number.MAX_SAFE_INTEGER)

export const HLC_PATTERN = /^\d{15}-\d{6}-[0-9a-z-]{1,64}$/

export const wireEventSchema = z.strictObject({
  id: uuid,
  stationId: uuid,
  seq,
  caseId: uuid,
  type: z.enum(EVENT_TYPES),
  payload: z.record(z.string(), z.unknown()),
  actor: z.string().min(1).max(200),
  hlc: z.string().regex(HLC_PATTERN),
  prevHash: hex64,
  hash: hex64,
})
export type WireEvent = z.infer<typeof wireEventSchema>

export const batchSchema = z.strictObject({
  protocol: z.literal(SYNC_PROTOCOL),
  batchId: uuid,
  stationId: uuid,
  fromSeq: seq,
  toSeq: seq,
  events: z.array(wireEventSchema).min(1).max(BATCH_MAX_EVENTS),
  contentHash: hex64,
  signature: base64(200),
})
export type Batch = z.infer<typeof batchSchema>

export const batchAckSchema = z.strictObject({
  batchId: uuid,
  /** The highest sequence the server now holds for the station, gap-free. */
  ackedSeq: z.int().min(0),
  stored: z.int().min(0),
  duplicates: z.int().min(0),
})
export type BatchAck = z.infer<typeof batchAckSchema>

/** A refusal: a machine-readable code and a reason in words. */
export const refusalSchema = z.strictObject({
  code: z.string(),
  reason: z.string(),
  /** For a gap: the sequence the server expects next. */
  expectedSeq: z.int().optional(),
})
export type Refusal = z.infer<typeof refusalSchema>

export const enrolRequestSchema = z.strictObject({
  code: z.string().min(4).max(40),
  stationId: uuid,
  stationName: z.string().min(1).max(200),
  /** Ed25519 public key, SPKI DER in base64. */
  publicKey: base64(200),
  /** The code the station used in tracking numbers before enrolment. */
  provisionalCode: z.string().min(2).max(6),
  /** The zone the station counts its days in (stations from before zones send none: WIB). */
  timeZone: z.enum(STATION_ZONES).optional(),
})
export type EnrolRequest = z.infer<typeof enrolRequestSchema>

export const enrolResponseSchema = z.strictObject({
  stationId: uuid,
  stationCode: z.string(),
  /** X25519 public key of the central authority, raw 32 bytes in base64. */
  authorityPublicKey: z.string(),
  centralStationId: uuid,
  serverTime: z.string(),
})
export type EnrolResponse = z.infer<typeof enrolResponseSchema>

export const pullQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  limit: z.coerce.number().int().min(1).max(BATCH_MAX_EVENTS).optional(),
})

export const pullResponseSchema = z.strictObject({
  events: z.array(z.strictObject({ cursor: z.int().min(1), event: wireEventSchema })),
  /** The cursor to ask from next time. */
  cursor: z.int().min(0),
  more: z.boolean(),
})
export type PullResponse = z.infer<typeof pullResponseSchema>

export const attachmentStateSchema = z.strictObject({
  sha256: hex64,
  /** Bytes the server holds so far; the upload resumes here. */
  received: z.int().min(0),
  complete: z.boolean(),
})
export type AttachmentState = z.infer<typeof attachmentStateSchema>

export const publicStatusSchema = z.strictObject({
  trackingNumber: z.string(),
  status: z.enum(CASE_STATUSES),
  /** The day of the last change, in the station's zone (YYYY-MM-DD). */
  lastUpdate: z.string(),
})
export type PublicStatus = z.infer<typeof publicStatusSchema>

/** A batch file: batches for carrying on a stick, signed as a whole. */
export const batchFileSchema = z.strictObject({
  format: z.literal('loket-batch-file'),
  protocol: z.literal(SYNC_PROTOCOL),
  stationId: uuid,
  createdAt: z.string(),
  batches: z.array(batchSchema).min(1).max(10_000),
  signature: base64(200),
})
export type BatchFile = z.infer<typeof batchFileSchema>

// What is hashed and signed.

/** The text an event's hash is taken over. */
export function eventHashMaterial(e: Omit<StoredEvent, 'hash'> | Omit<WireEvent, 'hash'>): string {
  return canonicalJson(eventHashInput(e as Omit<StoredEvent, 'hash'>))
}

/**
 * The same text as eventHashMaterial, from a payload already serialised by
 * canonicalJson: sync serialises each payload once and uses it for the hash
 * and for storage. Equal to eventHashMaterial for every event (tested).
 */
export function eventHashMaterialFrom(
  e: Pick<WireEvent, 'id' | 'stationId' | 'seq' | 'caseId' | 'type' | 'actor' | 'hlc' | 'prevHash'>,
  payloadJson: string,
): string {
  const j = JSON.stringify
  return `[${j(e.id)},${j(e.stationId)},${canonicalJson(e.seq)},${j(e.caseId)},${j(e.type)},${payloadJson},${j(e.actor)},${j(e.hlc)},${j(e.prevHash)}]`
}

/** The text a batch's content hash is taken over: its events' own hashes, in order. */
export function batchContentMaterial(events: ReadonlyArray<{ hash: string }>): string {
  return events.map((e) => e.hash).join('\n')
}

export function batchSigningMaterial(
  b: Pick<Batch, 'batchId' | 'stationId' | 'fromSeq' | 'toSeq' | 'contentHash'>,
): string {
  return ['loket-batch', SYNC_PROTOCOL, b.batchId, b.stationId, b.fromSeq, b.toSeq, b.contentHash]
    .map(String)
    .join('\n')
}

export function batchFileSigningMaterial(
  f: Pick<BatchFile, 'stationId' | 'createdAt' | 'batches'>,
): string {
  return [
    'loket-batch-file',
    SYNC_PROTOCOL,
    f.stationId,
    f.createdAt,
    ...f.batches.map((b) => b.contentHash),
  ].join('\n')
}

/** What the receipt PIN's hash is taken over; the log and the server keep only the hash. */
export function statusPinMaterial(trackingNumber: string, pin: string): string {
  return `loket-status-pin\n${trackingNumber}\n${pin}`
}

/** Headers a station signs every request with. */
export const AUTH_HEADERS = {
  station: 'x-loket-station',
  time: 'x-loket-time',
  nonce: 'x-loket-nonce',
  signature: 'x-loket-signature',
} as const

export function requestSigningMaterial(r: {
  method: string
  url: string
  time: string
  nonce: string
  bodySha256: string
}): string {
  return [
    'loket-request',
    SYNC_PROTOCOL,
    r.method.toUpperCase(),
    r.url,
    r.time,
    r.nonce,
    r.bodySha256,
  ].join('\n')
}

// Checks the server applies to a batch, and the station to what it sends.

export type BatchProblem =
  | { code: 'range'; reason: string }
  | { code: 'station'; reason: string }
  | { code: 'chain'; reason: string }

/**
 * Structural checks that need no keys or hashes: the events are the station's
 * own, consecutive, and match the declared range.
 */
export function checkBatchShape(b: Batch): BatchProblem | null {
  if (b.toSeq - b.fromSeq + 1 !== b.events.length) {
    return { code: 'range', reason: 'the sequence range does not match the number of events' }
  }
  for (let i = 0; i < b.events.length; i++) {
    const e = b.events[i]!
    if (e.stationId !== b.stationId) {
      return { code: 'station', reason: `event ${e.id} belongs to another station` }
    }
    if (e.seq !== b.fromSeq + i) {
      return { code: 'range', reason: `event ${e.id} is out of order (sequence ${e.seq})` }
    }
    if (i > 0 && e.prevHash !== b.events[i - 1]!.hash) {
      return { code: 'chain', reason: `event ${e.seq} does not follow event ${e.seq - 1}` }
    }
  }
  return null
}

// Decisions the centre records on a station's case.

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

export const centralDecisionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('case.transitioned'),
    transition: z.enum(Object.keys(TRANSITIONS) as [Transition, ...Transition[]]),
    day,
    reason: z.string().max(2000).nullable(),
    agencyCode: z.string().max(40).nullable(),
  }),
  z.strictObject({
    type: z.literal('followup.recorded'),
    kind: z.enum(['disposition', 'response', 'note']),
    day,
    agencyCode: z.string().max(40).nullable(),
    letterNumber: z.string().max(100).nullable(),
    note: z.string().min(1).max(5000),
  }),
])
export type CentralDecision = z.infer<typeof centralDecisionSchema>

/**
 * Who acted at the centre: the label of the admin token the request carried,
 * marked so that no station user (whose names have no colon) can be taken for it.
 */
const CENTRE_ACTOR_PREFIX = 'pusat:'
/** Longest admin token label, so that the actor fits the wire's 200 characters. */
export const ADMIN_LABEL_MAX = 100

export function centreActor(adminLabel: string): string {
  // Labels are checked when a token is made; one made before that check is cut to fit.
  return CENTRE_ACTOR_PREFIX + adminLabel.slice(0, ADMIN_LABEL_MAX)
}

/** The admin token's label when the actor is the centre's, otherwise undefined. */
export function centreActorLabel(actor: string): string | undefined {
  return actor.startsWith(CENTRE_ACTOR_PREFIX) ? actor.slice(CENTRE_ACTOR_PREFIX.length) : undefined
}

/** Retry delay after the n-th consecutive failure: exponential, capped, with full jitter. */
export function backoffMs(
  failures: number,
  random: number,
  baseMs = 1000,
  capMs = 5 * 60_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(failures, 20))
  return Math.max(baseMs / 2, Math.floor(random * ceiling))
}
