import { FOLLOWUP_KINDS, type CaseStatus, type FollowUpKind } from './domain'

// The case lifecycle as an explicit state machine. Every transition is an
// event; a transition not listed here is refused, naming the current state.

export const TRANSITIONS = {
  /** Telaah concluded: enough to act on (cukup). */
  screen: { from: ['belum_terverifikasi'], to: 'belum_ditindaklanjuti' },
  /** Ask the complainant to complete the file; the deadline clock pauses. */
  requestCompletion: {
    from: ['belum_terverifikasi', 'belum_ditindaklanjuti'],
    to: 'menunggu_kelengkapan',
  },
  /** The missing documents arrived: back to screening, the clock runs again. */
  receiveCompletion: { from: ['menunggu_kelengkapan'], to: 'belum_terverifikasi' },
  /** Exposure or disposition started the follow-up. */
  startFollowUp: { from: ['belum_ditindaklanjuti'], to: 'proses' },
  /** No Wrong Door: handed to the competent body; handled, not rejected. */
  forward: { from: ['belum_terverifikasi', 'belum_ditindaklanjuti', 'proses'], to: 'diteruskan' },
  /** Follow-up finished (or the forwarded body reported completion). */
  complete: { from: ['proses', 'diteruskan'], to: 'selesai' },
  /** Not a complaint, too general, or incomplete after the wait. */
  archive: {
    from: ['belum_terverifikasi', 'belum_ditindaklanjuti', 'menunggu_kelengkapan'],
    to: 'diarsipkan',
  },
  /** New facts: the case is handled again. */
  reopen: { from: ['selesai', 'diarsipkan', 'diteruskan'], to: 'proses' },
} as const satisfies Record<string, { from: readonly CaseStatus[]; to: CaseStatus }>

export type Transition = keyof typeof TRANSITIONS

export const INITIAL_STATUS: CaseStatus = 'belum_terverifikasi'

/** Whether the working-day clock runs in this state. */
export function clockRuns(status: CaseStatus): boolean {
  return status !== 'menunggu_kelengkapan' && status !== 'selesai' && status !== 'diarsipkan'
}

export function canTransition(status: CaseStatus, t: Transition): boolean {
  return (TRANSITIONS[t].from as readonly CaseStatus[]).includes(status)
}

export function allowedTransitions(status: CaseStatus): Transition[] {
  return (Object.keys(TRANSITIONS) as Transition[]).filter((t) => canTransition(status, t))
}

/**
 * The steps recorded on a case besides its transitions, and the states that take
 * them. Screening (telaah) may be redone until the follow-up starts; an exposure
 * meeting is held before or during it. A disposition starts or continues the
 * follow-up, an agency's answer comes once it is under way, and a note may be
 * added to any case not closed.
 */
const STEPS = {
  screening: ['belum_terverifikasi', 'belum_ditindaklanjuti'],
  exposure: ['belum_ditindaklanjuti', 'proses'],
  followUp: {
    disposition: ['belum_ditindaklanjuti', 'proses', 'diteruskan'],
    response: ['proses', 'diteruskan'],
    note: [
      'belum_terverifikasi',
      'belum_ditindaklanjuti',
      'proses',
      'menunggu_kelengkapan',
      'diteruskan',
    ],
  },
} as const satisfies {
  screening: readonly CaseStatus[]
  exposure: readonly CaseStatus[]
  followUp: Record<FollowUpKind, readonly CaseStatus[]>
}

/** What may be done to a case in one state: the desk shows these and core refuses the rest. */
export interface AllowedActions {
  screening: boolean
  exposure: boolean
  /** The kinds of follow-up that may be recorded. */
  followUp: FollowUpKind[]
  transitions: Transition[]
}

const within = (states: readonly CaseStatus[], status: CaseStatus) => states.includes(status)

export function allowedActions(status: CaseStatus): AllowedActions {
  return {
    screening: within(STEPS.screening, status),
    exposure: within(STEPS.exposure, status),
    followUp: FOLLOWUP_KINDS.filter((k) => within(STEPS.followUp[k], status)),
    transitions: allowedTransitions(status),
  }
}

export type TransitionResult =
  | { ok: true; status: CaseStatus }
  | { ok: false; code: 'lifecycle.notAllowed'; from: CaseStatus; transition: Transition }

export function applyTransition(status: CaseStatus, t: Transition): TransitionResult {
  if (!canTransition(status, t))
    return { ok: false, code: 'lifecycle.notAllowed', from: status, transition: t }
  return { ok: true, status: TRANSITIONS[t].to }
}
