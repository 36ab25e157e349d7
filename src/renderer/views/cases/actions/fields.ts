/** The fields of the handling forms by the first part of their path, with their label keys. */
export const ACTION_FIELDS: Readonly<Record<string, string>> = {
  day: 'actions.day',
  checklist: 'actions.checklist',
  withinAuthority: 'actions.withinAuthority',
  agencyCode: 'actions.agency',
  supervisory: 'actions.supervisory',
  directlyExperienced: 'actions.directlyExperienced',
  evidencePresent: 'actions.evidencePresent',
  relatedCaseIds: 'actions.related',
  conclusion: 'actions.conclusion',
  reasoning: 'actions.reasoning',
  assignee: 'actions.assignee',
  place: 'actions.place',
  participants: 'actions.participants',
  summary: 'actions.summary',
  analysis: 'actions.analysis',
  recommendation: 'actions.recommendation',
  decision: 'actions.decision',
  followUpOwner: 'actions.owner',
  followUpDue: 'actions.dueDate',
  kind: 'actions.followupKind',
  letterNumber: 'actions.letterNumber',
  note: 'actions.note',
  reason: 'actions.stepReason',
}

/** An optional text left blank (or cleared, which leaves no value at all) is not sent. */
const optional = (s: unknown): string | undefined =>
  typeof s === 'string' && s.trim() !== '' ? s : undefined

/** A form's state as the API takes it: the optional texts named here only when filled in. */
export function withOptional<T extends Record<string, unknown>, K extends keyof T & string>(
  state: T,
  keys: readonly K[],
): Omit<T, K> & Partial<Record<K, string>> {
  const out: Record<string, unknown> = { ...state }
  for (const k of keys) out[k] = optional(state[k])
  return out as Omit<T, K> & Partial<Record<K, string>>
}

/** What the dialog asks of the form it shows: to send what was filled in. */
export interface ActionForm {
  save(): Promise<unknown>
}
