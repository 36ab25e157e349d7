import type { CaseStatus, EventType, Kind } from './domain'
import type { EventPayloads } from './events'
import { parseHlc } from './hlc'
import { INITIAL_STATUS } from './lifecycle'
import type { Pause } from './workingDays'

// What an event does to a case, in one place. The station's projection, the
// bulk apply of pulled pages, the report card's facts, the centre's status
// fold and the benchmark's seeder all take their rule from `caseEffect` and
// fold events in the one merged order, `compareMergedOrder`; a property test
// holds each of them to `foldCase`.

/** An event as the fold reads it: its clock, id, type and payload. */
export type FoldEvent = {
  [T in keyof EventPayloads]: { id: string; hlc: string; type: T; payload: EventPayloads[T] }
}[keyof EventPayloads]

/** An event read back from storage, whose payload was checked by its schema when it came in. */
export function storedFoldEvent(e: {
  id: string
  hlc: string
  type: EventType
  payload: unknown
}): FoldEvent {
  return e as FoldEvent
}

/**
 * The merged order of a log written by several stations: by hybrid-logical-clock
 * time (whose text form orders as the clock does), then by event id. SQL's
 * `ORDER BY hlc, id` gives the same order.
 */
export function compareMergedOrder(
  a: { hlc: string; id: string },
  b: { hlc: string; id: string },
): number {
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The instant of an event, from its clock (ISO text). */
export function eventInstant(hlc: string): string {
  return new Date(parseHlc(hlc).wall).toISOString()
}

/**
 * What one event changes in a case, given the status the case has at that
 * point of the merged order. Absent fields are left as they are.
 */
export interface CaseEffect {
  status?: CaseStatus
  statusDay?: string
  /** The handling agency: set by a screening (even to none) and by a forwarding. */
  agencyCode?: string | null
  screening?: { conclusion: string; withinAuthority: boolean; supervisory: boolean }
  /** A screening that names an auditor hands the case to them. */
  assignee?: string
  /** A request for completion opens a pause from that day (reopening one from the same day). */
  openPause?: string
  /** Leaving "menunggu kelengkapan" closes every open pause on that day. */
  closePauses?: string
  /** The agency's answer (a follow-up of kind "response"). */
  responseDay?: string
  /** A transition that no longer fits the merged order: kept in the log, flagged, status unchanged. */
  conflict?: true
  /**
   * The id of a flagged transition this event settles (a resolution recorded at
   * the centre): it is no longer listed as a conflict.
   */
  resolves?: string
  attachmentAdded?: true
  /** An admin mapped the case's free-text category to the list. */
  categoryCode?: string
  /** An admin mapped the case's free-text reported agency to the directory. */
  reportedAgencyCode?: string
  /** When the case last changed (attachments do not count). */
  updatedAt?: string
}

/** A transition applies only if the case is, at that point of the merged order, where it started. */
export function transitionApplies(current: CaseStatus, payload: { from: CaseStatus }): boolean {
  return current === payload.from
}

export function caseEffect(status: CaseStatus, e: FoldEvent): CaseEffect {
  switch (e.type) {
    case 'case.received':
      return { status: INITIAL_STATUS, updatedAt: e.payload.receivedAt }
    case 'case.screened': {
      const p = e.payload
      return {
        screening: {
          conclusion: p.conclusion,
          withinAuthority: p.withinAuthority,
          supervisory: p.supervisory,
        },
        agencyCode: p.agencyCode,
        ...(p.assignee ? { assignee: p.assignee } : {}),
        updatedAt: eventInstant(e.hlc),
      }
    }
    case 'case.transitioned': {
      const p = e.payload
      const updatedAt = eventInstant(e.hlc)
      const resolves = p.resolves !== undefined ? { resolves: p.resolves } : {}
      if (!transitionApplies(status, p)) return { conflict: true, ...resolves, updatedAt }
      return {
        ...resolves,
        status: p.to,
        statusDay: p.day,
        ...(p.transition === 'forward' ? { agencyCode: p.agencyCode } : {}),
        ...(p.transition === 'requestCompletion'
          ? { openPause: p.day }
          : p.from === 'menunggu_kelengkapan'
            ? { closePauses: p.day }
            : {}),
        updatedAt,
      }
    }
    case 'followup.recorded':
      return {
        ...(e.payload.kind === 'response' ? { responseDay: e.payload.day } : {}),
        ...(e.payload.resolves !== undefined ? { resolves: e.payload.resolves } : {}),
        updatedAt: eventInstant(e.hlc),
      }
    case 'exposure.recorded':
      return { updatedAt: eventInstant(e.hlc) }
    case 'attachment.added':
      return { attachmentAdded: true }
    case 'privacy.confirmed':
      return {}
    case 'case.mapped':
      // A reading of what was recorded, not a step of handling: the case's dates stay.
      return e.payload.field === 'category'
        ? { categoryCode: e.payload.code }
        : { reportedAgencyCode: e.payload.code }
  }
}

/** A case as its events leave it. */
export interface FoldedCase {
  receivedAt: string
  kind: Kind
  status: CaseStatus
  statusDay: string | null
  agencyCode: string | null
  /** From the category list (at intake, or mapped later); null for free text or none. */
  categoryCode: string | null
  /** From the agency directory (at intake, or mapped later); null for free text or none. */
  reportedAgencyCode: string | null
  screening: { conclusion: string; withinAuthority: boolean; supervisory: boolean } | null
  assignee: string | null
  pauses: Pause[]
  lastResponseDay: string | null
  attachments: number
  updatedAt: string
  /** Ids of the transitions that did not fit the merged order and are not settled yet. */
  conflicts: string[]
  /** Clock of the last transition that applied (of the receipt before any). */
  lastChangeHlc: string
}

/** Pauses after an effect: a request opens (or reopens) one; leaving the wait closes all. */
export function nextPauses(pauses: readonly Pause[], effect: CaseEffect): Pause[] {
  if (effect.openPause !== undefined) {
    const day = effect.openPause
    return pauses.some((p) => p.from === day)
      ? pauses.map((p) => (p.from === day ? { from: day, to: null } : p))
      : [...pauses, { from: day, to: null }]
  }
  if (effect.closePauses !== undefined) {
    const day = effect.closePauses
    return pauses.map((p) => (p.to === null ? { from: p.from, to: day } : p))
  }
  return [...pauses]
}

/** Conflicts after an effect: a settled one leaves the list, a step that does not fit joins it. */
export function nextConflicts(
  conflicts: readonly string[],
  eventId: string,
  effect: CaseEffect,
): string[] {
  const left =
    effect.resolves !== undefined ? conflicts.filter((id) => id !== effect.resolves) : conflicts
  return effect.conflict ? [...left, eventId] : [...left]
}

/** One step of the fold: a case and an event (its case.received first) give the next case. */
export function foldEvent(c: FoldedCase | null, e: FoldEvent): FoldedCase | null {
  if (e.type === 'case.received') {
    if (c) return c
    return {
      receivedAt: e.payload.receivedAt,
      kind: e.payload.kind,
      status: INITIAL_STATUS,
      statusDay: null,
      agencyCode: null,
      categoryCode: e.payload.categoryCode ?? null,
      reportedAgencyCode: e.payload.reportedParty.agencyCode ?? null,
      screening: null,
      assignee: null,
      pauses: [],
      lastResponseDay: null,
      attachments: 0,
      updatedAt: e.payload.receivedAt,
      conflicts: [],
      lastChangeHlc: e.hlc,
    }
  }
  if (!c) return null
  const fx = caseEffect(c.status, e)
  return {
    ...c,
    ...(fx.status !== undefined ? { status: fx.status, lastChangeHlc: e.hlc } : {}),
    ...(fx.statusDay !== undefined ? { statusDay: fx.statusDay } : {}),
    ...(fx.agencyCode !== undefined ? { agencyCode: fx.agencyCode } : {}),
    ...(fx.categoryCode !== undefined ? { categoryCode: fx.categoryCode } : {}),
    ...(fx.reportedAgencyCode !== undefined ? { reportedAgencyCode: fx.reportedAgencyCode } : {}),
    ...(fx.screening ? { screening: fx.screening } : {}),
    ...(fx.assignee !== undefined ? { assignee: fx.assignee } : {}),
    pauses: nextPauses(c.pauses, fx),
    ...(fx.responseDay !== undefined ? { lastResponseDay: fx.responseDay } : {}),
    attachments: c.attachments + (fx.attachmentAdded ? 1 : 0),
    ...(fx.updatedAt !== undefined ? { updatedAt: fx.updatedAt } : {}),
    conflicts: nextConflicts(c.conflicts, e.id, fx),
  }
}

/** A case from its events, in the merged order; null without its case.received. */
export function foldCase(events: readonly FoldEvent[]): FoldedCase | null {
  const ordered = [...events].sort(compareMergedOrder)
  const received = ordered.find((e) => e.type === 'case.received')
  if (!received) return null
  let c = foldEvent(null, received)
  for (const e of ordered) if (e !== received) c = foldEvent(c, e)
  return c
}
