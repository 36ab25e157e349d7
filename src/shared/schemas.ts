import { z } from 'zod'
import {
  ATTACHMENT_KINDS,
  CASE_STATUSES,
  CHANNELS,
  EXPOSURE_DECISIONS,
  FOLLOWUP_KINDS,
  KINDS,
  LIST_CODE,
  MAPPED_FIELDS,
  SCREENING_CONCLUSIONS,
} from './domain'
import { TRANSITIONS, type Transition } from './lifecycle'
import { checkNik } from './validation/nik'
import { normalizePhone } from './validation/phone'
import { STATION_ZONES } from './timeZone'

// Schema messages are message keys (see messages.ts); the renderer and core
// translate them, so one schema serves the form and the API alike.

// C0 controls other than tab, newline and carriage return, plus DEL.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export function text(max: number) {
  return z
    .string({ error: 'validation.required' })
    .max(max, { error: `validation.tooLong|max=${max}` })
    .refine((s) => !CONTROL_CHARS.test(s), { error: 'validation.controlChars' })
}

export function requiredText(max: number) {
  return text(max).refine((s) => s.trim().length > 0, { error: 'validation.required' })
}

/** Optional text: empty strings count as absent. */
export function optionalText(max: number) {
  return text(max)
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()))
}

export const isoDay = z
  .string({ error: 'validation.invalidDate' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.invalidDate' })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
    },
    { error: 'validation.invalidDate' },
  )

/**
 * The calendar day a date picker's Date stands for (its local midnight), as
 * YYYY-MM-DD. Not for instants: those are counted in the station's zone (timeZone.ts).
 */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'validation.invalid' })

export const attachmentRefSchema = z.strictObject({
  sha256,
  kind: z.enum(ATTACHMENT_KINDS, { error: 'validation.invalidChoice' }),
  name: requiredText(200),
})
export type AttachmentRef = z.output<typeof attachmentRefSchema>

export const complainantSchema = z.strictObject({
  name: optionalText(120),
  nik: optionalText(40).superRefine((v, ctx) => {
    if (v === undefined) return
    const r = checkNik(v)
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.code })
  }),
  phone: optionalText(40).transform((v, ctx) => {
    if (v === undefined) return undefined
    const r = normalizePhone(v)
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.code })
      return z.NEVER
    }
    return r.value
  }),
  email: optionalText(160).refine((v) => v === undefined || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
    error: 'validation.email',
  }),
  address: optionalText(500),
  directlyAffected: z.boolean({ error: 'validation.invalidChoice' }),
})
export type Complainant = z.output<typeof complainantSchema>

/**
 * A code picked from a list (the agency directory, the category list); empty
 * counts as none. Whether the list holds it is the station's to check.
 */
const optionalListCode = z
  .string({ error: 'validation.unknownCode' })
  .max(20, { error: 'validation.unknownCode' })
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()))
  .refine((s) => s === undefined || LIST_CODE.test(s), { error: 'validation.unknownCode' })

/** A list entry, or free text under "Lainnya": one or the other, not both. */
function codeOrText(v: { code: string | undefined; text: string | undefined }): boolean {
  return v.code === undefined || v.text === undefined
}

export const reportedPartySchema = z
  .strictObject({
    /** Free text, for an agency not in the directory ("Lainnya"). */
    agency: optionalText(200),
    agencyCode: optionalListCode,
    person: optionalText(120),
    position: optionalText(120),
  })
  .refine((p) => codeOrText({ code: p.agencyCode, text: p.agency }), {
    error: 'validation.codeOrText',
    path: ['agency'],
  })

export const DESCRIPTION_MAX = 20_000

export const intakeSchema = z
  .strictObject({
    channel: z.enum(CHANNELS, { error: 'validation.invalidChoice' }),
    kind: z.enum(KINDS, { error: 'validation.invalidChoice' }),
    receivedBy: requiredText(120),
    complainant: complainantSchema,
    anonymous: z.boolean(),
    confidential: z.boolean(),
    reportedParty: reportedPartySchema,
    location: optionalText(300),
    // Not after today: the station checks that on its own clock and in its own zone.
    incidentDate: isoDay.optional().or(z.literal('').transform(() => undefined)),
    subject: requiredText(200),
    description: requiredText(DESCRIPTION_MAX),
    /** Free text, for a category not on the list ("Lainnya"). */
    category: optionalText(100),
    categoryCode: optionalListCode,
    attachments: z.array(attachmentRefSchema).max(20, { error: 'validation.tooMany|max=20' }),
    draftId: z.string().max(64).optional(),
  })
  .superRefine((v, ctx) => {
    if (!codeOrText({ code: v.categoryCode, text: v.category })) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'validation.codeOrText' })
    }
    if (!v.anonymous && v.complainant.name === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['complainant', 'name'],
        message: 'validation.nameRequired',
      })
    }
  })
export type IntakeInput = z.input<typeof intakeSchema>
export type Intake = z.output<typeof intakeSchema>

export const caseListSchema = z.strictObject({
  status: z.enum(CASE_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  q: text(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).optional(),
  // Slices the report card leads through to.
  kind: z.enum(KINDS).optional(),
  category: z.string().min(1).max(100).optional(),
  agency: z.string().min(1).max(64).optional(),
})
export type CaseListQuery = z.input<typeof caseListSchema>

export const idSchema = z.strictObject({ id: z.string().min(1).max(64) })

export const draftSaveSchema = z.strictObject({
  id: z.string().min(1).max(64),
  // A draft is whatever the form holds, unchecked, so nothing typed is lost; its size is bounded.
  data: z.record(z.string(), z.unknown()).refine((d) => JSON.stringify(d).length <= 200_000, {
    error: 'validation.tooLong|max=200000',
  }),
})

export const attachmentPutSchema = z.strictObject({
  name: requiredText(200),
  kind: z.enum(ATTACHMENT_KINDS, { error: 'validation.invalidChoice' }),
  // Base64 of at most ATTACHMENT_MAX_BYTES (checked again on the decoded bytes).
  contentBase64: z.string().max(15_000_000, { error: 'error.too_large|max=10' }),
})

export const settingsUpdateSchema = z.strictObject({
  stationName: optionalText(120),
  lastReceivedBy: optionalText(120),
  locale: z.enum(['id', 'en']).optional(),
  timeZone: z.enum(STATION_ZONES, { error: 'validation.invalidChoice' }).optional(),
})

const caseId = z.string().min(1).max(64)

export const screeningSchema = z
  .strictObject({
    caseId,
    day: isoDay,
    checklist: z.strictObject({
      what: z.boolean(),
      who: z.boolean(),
      where: z.boolean(),
      when: z.boolean(),
      why: z.boolean(),
      how: z.boolean(),
    }),
    withinAuthority: z.boolean(),
    agencyCode: optionalText(40),
    supervisory: z.boolean(),
    directlyExperienced: z.boolean(),
    evidencePresent: z.boolean(),
    relatedCaseIds: z.array(caseId).max(50, { error: 'validation.tooMany|max=50' }),
    conclusion: z.enum(SCREENING_CONCLUSIONS, { error: 'validation.invalidChoice' }),
    reasoning: requiredText(5000),
    assignee: optionalText(120),
  })
  .superRefine((v, ctx) => {
    // Not our authority is a forwarding (No Wrong Door): it names the competent agency.
    if (!v.withinAuthority && v.agencyCode === undefined) {
      ctx.addIssue({ code: 'custom', path: ['agencyCode'], message: 'validation.agencyNotWithin' })
    }
  })
export type ScreeningInput = z.input<typeof screeningSchema>

const TRANSITION_NAMES = Object.keys(TRANSITIONS) as [Transition, ...Transition[]]

export const transitionSchema = z
  .strictObject({
    caseId,
    transition: z.enum(TRANSITION_NAMES, { error: 'validation.invalidChoice' }),
    day: isoDay,
    reason: optionalText(2000),
    agencyCode: optionalText(40),
  })
  .superRefine((v, ctx) => {
    // A forwarding names where to; archiving and asking for more say why.
    if (v.transition === 'forward' && v.agencyCode === undefined) {
      ctx.addIssue({ code: 'custom', path: ['agencyCode'], message: 'validation.required' })
    }
    const needsReason: Transition[] = ['archive', 'requestCompletion', 'reopen']
    if (needsReason.includes(v.transition) && v.reason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'validation.required' })
    }
  })
export type TransitionInput = z.input<typeof transitionSchema>

export const agencySchema = z.strictObject({
  code: z.string().regex(LIST_CODE, { error: 'validation.agencyCode' }),
  name: requiredText(200),
  level: z.enum(['kabupaten', 'provinsi', 'pusat', 'lain'], { error: 'validation.invalidChoice' }),
  active: z.boolean(),
})

export const categorySchema = z.strictObject({
  code: z.string().regex(LIST_CODE, { error: 'validation.categoryCode' }),
  name: requiredText(100),
  active: z.boolean(),
})

/** Maps one free text still in use to a list entry, on every case that recorded it. */
export const mappingApplySchema = z.strictObject({
  field: z.enum(MAPPED_FIELDS, { error: 'validation.invalidChoice' }),
  text: requiredText(200),
  code: z.string({ error: 'validation.required' }).regex(LIST_CODE, {
    error: 'validation.unknownCode',
  }),
})

export const holidaySchema = z.strictObject({
  day: isoDay,
  name: requiredText(120),
  kind: z.enum(['national', 'cuti_bersama', 'local'], { error: 'validation.invalidChoice' }),
})

const days = z
  .number()
  .int()
  .min(1, { error: 'validation.invalid' })
  .max(365, { error: 'validation.invalid' })

export const deadlineSettingsSchema = z.strictObject({
  firstResponse: days.optional(),
  simple: days.optional(),
  notSupervisory: days.optional(),
  supervisory: days.optional(),
  firstReminderAfter: days.optional(),
  lastDay: days.optional(),
})

export const exposureSchema = z
  .strictObject({
    caseId,
    day: isoDay,
    place: requiredText(200),
    participants: z
      .array(
        z.strictObject({ name: requiredText(120), role: requiredText(120), present: z.boolean() }),
      )
      .min(1, { error: 'validation.required' })
      .max(40, { error: 'validation.tooMany|max=40' }),
    summary: requiredText(5000),
    analysis: requiredText(10000),
    recommendation: requiredText(5000),
    decision: z.enum(EXPOSURE_DECISIONS, { error: 'validation.invalidChoice' }),
    agencyCode: optionalText(40),
    followUpOwner: requiredText(120),
    followUpDue: isoDay.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'forward' && v.agencyCode === undefined) {
      ctx.addIssue({ code: 'custom', path: ['agencyCode'], message: 'validation.required' })
    }
    if (v.followUpDue !== undefined && v.followUpDue < v.day) {
      ctx.addIssue({ code: 'custom', path: ['followUpDue'], message: 'validation.invalidDate' })
    }
  })
export type ExposureInput = z.input<typeof exposureSchema>

export const followUpSchema = z
  .strictObject({
    caseId,
    kind: z.enum(FOLLOWUP_KINDS, { error: 'validation.invalidChoice' }),
    day: isoDay,
    agencyCode: optionalText(40),
    letterNumber: optionalText(80),
    note: requiredText(5000),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'note' && v.agencyCode === undefined) {
      ctx.addIssue({ code: 'custom', path: ['agencyCode'], message: 'validation.required' })
    }
  })
export type FollowUpInput = z.input<typeof followUpSchema>
