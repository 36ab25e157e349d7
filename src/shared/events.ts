import type { AttachmentKind, Channel, EventType, Kind } from './domain'
import type { Complainant } from './schemas'

// Event payloads: the facts the log records. Sync carries them as they are.

export interface CaseReceivedPayload {
  trackingNumber: string
  receivedAt: string
  receivedBy: string
  channel: Channel
  kind: Kind
  subject: string
  description: string
  category: string | null
  location: string | null
  incidentDate: string | null
  reportedParty: { agency: string | null; person: string | null; position: string | null }
  anonymous: boolean
  confidential: boolean
  /** Identity as given. For anonymous complaints the projection never exposes it. */
  complainant: Complainant
}

export interface AttachmentAddedPayload {
  sha256: string
  kind: AttachmentKind
  name: string
  mime: string
  size: number
}

export interface EventPayloads {
  'case.received': CaseReceivedPayload
  'attachment.added': AttachmentAddedPayload
}

export interface StoredEvent<T extends EventType = EventType> {
  id: string
  stationId: string
  seq: number
  caseId: string
  type: T
  payload: EventPayloads[T]
  actor: string
  hlc: string
  prevHash: string
  hash: string
}

/** What the hash covers: everything but the hash itself. */
export function eventHashInput(e: Omit<StoredEvent, 'hash'>): unknown {
  return [e.id, e.stationId, e.seq, e.caseId, e.type, e.payload, e.actor, e.hlc, e.prevHash]
}

export const GENESIS_HASH = '0'.repeat(64)
