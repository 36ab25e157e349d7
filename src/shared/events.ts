import type {
  AttachmentKind,
  CaseStatus,
  Channel,
  ChecklistItem,
  EventType,
  ExposureDecision,
  FollowUpKind,
  Kind,
  ScreeningConclusion,
} from './domain'
import type { Transition } from './lifecycle'
import type { Complainant } from './schemas'
import type { SealedIdentity } from './seal'
import type { StationZone } from './timeZone'

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
  /** Identity as given; for anonymous complaints only `directlyAffected` (the rest is sealed). */
  complainant: Complainant
  /** An anonymous complainant's identity, sealed to the central authority. */
  sealedIdentity?: SealedIdentity
  /** Hash of the receipt PIN that unlocks the public status (absent on older cases). */
  statusPinHash?: string
  /** The receiving station's zone, in which this case's days are counted (absent on older cases). */
  timeZone?: StationZone
}

export interface AttachmentAddedPayload {
  sha256: string
  kind: AttachmentKind
  name: string
  mime: string
  size: number
}

/** The screening memo's facts (telaahan staf). */
export interface CaseScreenedPayload {
  day: string
  checklist: Record<ChecklistItem, boolean>
  withinAuthority: boolean
  agencyCode: string | null
  supervisory: boolean
  directlyExperienced: boolean
  evidencePresent: boolean
  relatedCaseIds: string[]
  conclusion: ScreeningConclusion
  reasoning: string
  /** The auditor who handles the case from here on. */
  assignee: string | null
}

/** A lifecycle step; `from` and `to` are kept so the log reads on its own. */
export interface CaseTransitionedPayload {
  transition: Transition
  from: CaseStatus
  to: CaseStatus
  day: string
  reason: string | null
  agencyCode: string | null
}

/** An exposure meeting (ekspose) and its minutes (berita acara). */
export interface ExposureRecordedPayload {
  exposureId: string
  day: string
  place: string
  participants: Array<{ name: string; role: string; present: boolean }>
  summary: string
  analysis: string
  recommendation: string
  decision: ExposureDecision
  agencyCode: string | null
  followUpOwner: string
  followUpDue: string | null
}

/** A disposition sent to an agency, its response, or a note on the follow-up. */
export interface FollowUpRecordedPayload {
  kind: FollowUpKind
  day: string
  agencyCode: string | null
  letterNumber: string | null
  note: string
}

/** A person looked at an anonymous complaint held by the privacy check and let it go. */
export interface PrivacyConfirmedPayload {
  mentions: string[]
  note: string
}

export interface EventPayloads {
  'case.received': CaseReceivedPayload
  'attachment.added': AttachmentAddedPayload
  'case.screened': CaseScreenedPayload
  'case.transitioned': CaseTransitionedPayload
  'exposure.recorded': ExposureRecordedPayload
  'followup.recorded': FollowUpRecordedPayload
  'privacy.confirmed': PrivacyConfirmedPayload
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
