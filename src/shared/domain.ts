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
  'case.mapped',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

/**
 * What an admin maps from the free text recorded before the lists (or under
 * "Lainnya") to an entry of a list: the category, or the reported agency.
 */
export const MAPPED_FIELDS = ['category', 'reportedAgency'] as const
export type MappedField = (typeof MAPPED_FIELDS)[number]

/** Codes of the agency directory and of the category list: capitals, digits, underscores. */
export const LIST_CODE = /^[A-Z0-9_]{2,20}$/

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
