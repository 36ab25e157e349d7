import type { AttachmentKind, CaseStatus, Channel, Kind } from './domain'
import type { Transition } from './lifecycle'

// Indonesian names used in documents (receipts, memos, exports) and messages.
// The window's Indonesian texts for channels, kinds, statuses and attachment
// kinds are these same objects (renderer/i18n/id.ts); the English ones are
// typed against them (`en: Messages`), so a missing or extra key does not compile.

export const channelLabelsId: Record<Channel, string> = {
  walk_in: 'Datang langsung',
  letter: 'Surat',
  phone: 'Telepon',
  sms: 'SMS',
  email: 'E-mail',
  whatsapp: 'WhatsApp',
  social_media: 'Media sosial',
  web: 'Situs web',
  referral: 'Limpahan instansi lain',
}

export const kindLabelsId: Record<Kind, string> = {
  pengaduan: 'Pengaduan',
  aspirasi: 'Aspirasi',
  permintaan_informasi: 'Permintaan informasi',
}

export const statusLabelsId: Record<CaseStatus, string> = {
  belum_terverifikasi: 'Belum terverifikasi',
  belum_ditindaklanjuti: 'Belum ditindaklanjuti',
  proses: 'Proses',
  selesai: 'Selesai',
  menunggu_kelengkapan: 'Menunggu kelengkapan',
  diteruskan: 'Diteruskan',
  diarsipkan: 'Diarsipkan',
}

export const attachmentKindLabelsId: Record<AttachmentKind, string> = {
  ktp: 'Salinan KTP',
  evidence: 'Dokumen bukti',
  photo: 'Foto',
}

export const transitionLabelsId: Record<Transition, string> = {
  screen: 'selesai ditelaah',
  requestCompletion: 'minta kelengkapan',
  receiveCompletion: 'kelengkapan diterima',
  startFollowUp: 'mulai tindak lanjut',
  forward: 'teruskan ke instansi berwenang',
  complete: 'selesaikan',
  archive: 'arsipkan',
  reopen: 'buka kembali',
}

/** A step of handling a case: a transition, or recording an exposure meeting or a follow-up. */
export type HandlingStep = Transition | 'exposure' | 'followUp'

export const stepLabelsId: Record<HandlingStep, string> = {
  ...transitionLabelsId,
  exposure: 'ekspose',
  followUp: 'tindak lanjut',
}
