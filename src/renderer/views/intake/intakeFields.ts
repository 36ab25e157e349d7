// The intake form's fields: its state, its input to the API, and where each field is on the page.
import type { StoredAttachment } from '../../../shared/api'
import type { IntakeInput } from '../../../shared/schemas'

export interface IntakeForm {
  channel: IntakeInput['channel']
  kind: IntakeInput['kind']
  receivedBy: string
  complainant: {
    name: string
    nik: string
    phone: string
    email: string
    address: string
    directlyAffected: boolean
  }
  anonymous: boolean
  confidential: boolean
  reportedParty: { agency: string; person: string; position: string }
  location: string
  incidentDate: string
  subject: string
  description: string
  category: string
  attachments: StoredAttachment[]
}

/** Each field the form shows, in its order, by its issue path, with the label key it is known by. */
export const FIELDS = {
  channel: 'intake.channel',
  kind: 'intake.kind',
  receivedBy: 'intake.receivedBy',
  anonymous: 'intake.anonymous',
  confidential: 'intake.confidential',
  'complainant.name': 'intake.name',
  'complainant.nik': 'intake.nik',
  'complainant.phone': 'intake.phone',
  'complainant.email': 'intake.email',
  'complainant.address': 'intake.address',
  'complainant.directlyAffected': 'intake.directlyAffected',
  'reportedParty.agency': 'intake.agency',
  'reportedParty.person': 'intake.person',
  'reportedParty.position': 'intake.position',
  location: 'intake.location',
  incidentDate: 'intake.incidentDate',
  category: 'intake.category',
  subject: 'intake.subject',
  description: 'intake.description',
  attachments: 'intake.sections.attachments',
} as const
export type FieldPath = keyof typeof FIELDS
export const FIELD_ORDER = Object.keys(FIELDS) as FieldPath[]

export const isField = (path: string): path is FieldPath => path in FIELDS

/** Where an issue is shown: its own field, the attachment list, or only the summary. */
export function fieldOf(path: string): FieldPath | undefined {
  if (path === 'attachments' || path.startsWith('attachments.')) return 'attachments'
  return isField(path) ? path : undefined
}

export function toInput(f: IntakeForm): IntakeInput {
  return {
    channel: f.channel,
    kind: f.kind,
    receivedBy: f.receivedBy,
    complainant: { ...f.complainant },
    anonymous: f.anonymous,
    confidential: f.confidential,
    reportedParty: { ...f.reportedParty },
    location: f.location,
    incidentDate: f.incidentDate ?? '',
    subject: f.subject,
    description: f.description,
    category: f.category,
    attachments: f.attachments.map((a) => ({ sha256: a.sha256, kind: a.kind, name: a.name })),
    draftId: 'intake',
  }
}

/** The control to put the focus on for a field: its input, or the first thing that takes focus. */
function controlOf(field: FieldPath): HTMLElement | null {
  const box = document.querySelector(`[data-field="${field}"]`)
  return (
    box?.querySelector<HTMLElement>(
      'input:not([type="file"]):not([disabled]), textarea, button:not([disabled])',
    ) ?? null
  )
}

export function focusField(field: FieldPath) {
  const el = controlOf(field)
  el?.focus()
  el?.scrollIntoView({ block: 'center', behavior: 'smooth' })
}
