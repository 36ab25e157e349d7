// The field's vocabulary as code values. Indonesian labels live in labels.ts,
// English ones in the renderer's i18n.

export const CHANNELS = [
  'walk_in',
  'letter',
  'phone',
  'sms',
  'email',
  'whatsapp',
  'social_media',
  'web',
  'referral',
] as const
export type Channel = (typeof CHANNELS)[number]

export const KINDS = ['pengaduan', 'aspirasi', 'permintaan_informasi'] as const
export type Kind = (typeof KINDS)[number]

/** Case states; the first four are SP4N-LAPOR!'s report-card buckets. */
export const CASE_STATUSES = [
  'belum_terverifikasi',
  'belum_ditindaklanjuti',
  'proses',
  'selesai',
  'menunggu_kelengkapan',
  'diteruskan',
  'diarsipkan',
] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

export const ATTACHMENT_KINDS = ['ktp', 'evidence', 'photo'] as const
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number]

export const ATTACHMENT_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
export type AttachmentMimeType = (typeof ATTACHMENT_MIME_TYPES)[number]

/** Largest single attachment accepted at the desk. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

export const EVENT_TYPES = [
  'case.received',
  'attachment.added',
  'case.screened',
  'case.transitioned',
  'exposure.recorded',
  'followup.recorded',
  'privacy.confirmed',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

/** The 5W+1H questions a screening (telaah) checks the complaint answers. */
export const CHECKLIST_ITEMS = ['what', 'who', 'where', 'when', 'why', 'how'] as const
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number]

export const SCREENING_CONCLUSIONS = ['cukup', 'tidak_cukup'] as const
export type ScreeningConclusion = (typeof SCREENING_CONCLUSIONS)[number]

export const EXPOSURE_DECISIONS = [
  'forward',
  'clarification',
  'special_examination',
  'law_enforcement',
  'close',
] as const
export type ExposureDecision = (typeof EXPOSURE_DECISIONS)[number]

export const FOLLOWUP_KINDS = ['disposition', 'response', 'note'] as const
export type FollowUpKind = (typeof FOLLOWUP_KINDS)[number]
