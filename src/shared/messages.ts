import { statusLabelsId, stepLabelsId } from './labels'

// Messages for validation and API errors, keyed by the codes that schemas and core
// produce. The renderer merges these into its i18n catalogue; core uses the
// Indonesian text when it answers a call, so every transport speaks the same words.

export const errorMessages = {
  id: {
    'validation.required': 'Wajib diisi.',
    'validation.tooLong': 'Terlalu panjang: paling banyak {max} karakter.',
    'validation.controlChars':
      'Berisi karakter kontrol yang tidak dapat dicetak. Hapus lalu ketik ulang teksnya.',
    'validation.invalidChoice': 'Pilih salah satu pilihan yang tersedia.',
    'validation.invalidDate': 'Tanggal tidak valid. Gunakan format TTTT-BB-HH.',
    'validation.futureDate': 'Tanggal kejadian tidak boleh di masa depan.',
    'validation.email': 'Alamat e-mail tidak valid, contoh: nama@contoh.go.id.',
    'validation.nik.length': 'NIK harus 16 digit angka.',
    'validation.nik.region': 'Kode wilayah pada NIK (6 digit pertama) tidak dikenal.',
    'validation.nik.birthdate': 'Tanggal lahir pada NIK (digit 7–12) tidak valid.',
    'validation.phone': 'Nomor telepon tidak valid. Contoh: 0812 3456 7890 atau +62 812 3456 7890.',
    'validation.nameRequired': 'Nama pelapor wajib diisi jika pelapor tidak anonim.',
    'validation.tooMany': 'Terlalu banyak: paling banyak {max}.',
    'validation.invalid': 'Isian tidak valid.',
    'validation.passwordShort': 'Kata sandi paling sedikit {min} karakter.',
    'validation.username':
      'Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.',
    'error.unauthenticated': 'Silakan masuk terlebih dahulu.',
    'error.forbidden':
      'Peran Anda tidak berwenang melakukan ini. Minta supervisor atau admin bila perlu.',
    'error.locked':
      'Akun dikunci sementara karena terlalu banyak percobaan. Coba lagi {minutes} menit lagi.',
    'error.badLogin': 'Nama pengguna atau kata sandi salah.',
    'error.setupDone': 'Stasiun sudah disiapkan. Masuk dengan akun yang ada.',
    'error.usernameTaken': 'Nama pengguna sudah dipakai.',
    'error.passwordRequired': 'Akun baru memerlukan kata sandi.',
    'error.lastAdmin': 'Harus tetap ada satu admin aktif.',
    'error.sealNeedsEnrolment':
      'Identitas pelapor anonim hanya disimpan tersegel untuk pusat, dan stasiun belum terdaftar sehingga kunci pusat belum ada. Kosongkan identitas (pengaduan tetap diterima tanpa identitas) atau minta admin mendaftarkan stasiun lebih dulu.',
    'error.sealDocumentNeedsEnrolment':
      'Salinan KTP pelapor anonim hanya disimpan tersegel untuk pusat, dan stasiun belum terdaftar sehingga kunci pusat belum ada. Lepaskan lampiran KTP (pengaduan tetap diterima tanpa lampiran itu) atau minta admin mendaftarkan stasiun lebih dulu.',
    'validation.serverUrl': 'Alamat server tidak valid, contoh: https://pengaduan.example.go.id',
    'error.invalid_input': 'Data belum lengkap atau tidak valid. Periksa isian yang ditandai.',
    'error.conflict': 'Langkah ini tidak dapat dilakukan sekarang.',
    'lifecycle.notAllowed':
      'Langkah "{transition}" tidak dapat dilakukan karena status pengaduan saat ini "{state}".',
    'validation.agencyCode':
      'Kode instansi: 2–20 huruf besar, angka atau garis bawah, misalnya DINKES.',
    'validation.beforeReceipt': 'Tanggal tidak boleh sebelum pengaduan diterima ({date}).',
    'validation.afterToday':
      'Tanggal tidak boleh sesudah hari ini ({date}). Catat langkah ini pada hari dilakukannya.',
    'error.not_found': 'Data tidak ditemukan.',
    'error.unknown_method': 'Perintah tidak dikenal oleh aplikasi.',
    'error.too_large': 'Berkas terlalu besar: paling besar {max} MB. Perkecil atau pindai ulang.',
    'error.unsupported_type': 'Jenis berkas tidak didukung. Gunakan PDF, JPEG, atau PNG.',
    'error.attachment_missing': 'Lampiran tidak ditemukan. Tambahkan ulang berkasnya.',
    'error.internal': 'Terjadi kesalahan pada aplikasi. Coba lagi; jika berulang, hubungi admin.',
    'error.transport': 'Tidak dapat menghubungi layanan Loket. Pastikan aplikasi masih berjalan.',
    'error.cross_site':
      'Layanan Loket menolak permintaan ini karena datang dari halaman di luar alamat Loket sendiri (lintas situs). Buka Loket langsung di alamatnya (ketik alamatnya di peramban), bukan lewat tautan atau halaman lain, lalu muat ulang halaman.',
    'error.sync_enrolled': 'Stasiun ini sudah terdaftar ke server pusat.',
    'error.sync_not_enrolled':
      'Stasiun belum terdaftar ke server pusat. Admin dapat mendaftarkannya di menu Sinkronisasi.',
    'error.sync_unreachable':
      'Server pusat tidak dapat dihubungi di alamat ini. Periksa alamat dan jaringan, lalu coba lagi.',
    'error.sync_enrol_refused':
      'Pendaftaran ditolak server pusat: {reason}. Minta kode pendaftaran baru kepada admin pusat.',
    'error.sync_server_busy':
      'Server pusat sedang sibuk atau bermasalah (kode {status}). Tunggu sebentar, lalu coba lagi.',
    'sync.error.network':
      'Server pusat tidak dapat dihubungi ({detail}). Loket tetap bekerja; pengiriman dicoba lagi otomatis.',
    'sync.error.server':
      'Server pusat sedang bermasalah (kode {status}). Pengiriman dicoba lagi otomatis.',
    'sync.error.refused':
      'Server pusat menolak kiriman: {reason}. Data tetap tersimpan di stasiun; hubungi admin pusat bila berulang.',
    'sync.error.local':
      'Sinkronisasi gagal di stasiun ({detail}). Data tetap tersimpan; hubungi admin bila berulang.',
    'validation.invalidMonth': 'Bulan tidak valid. Gunakan format TTTT-BB, misalnya 2026-01.',
    'validation.monthOrder': 'Bulan akhir tidak boleh sebelum bulan awal.',
    'error.export_not_ready': 'Ekspor belum selesai atau sudah dibatalkan. Mulai ekspor lagi.',
    'error.trackingDayFull':
      'Nomor registrasi hari ini sudah habis: satu stasiun memberi paling banyak 9.999 nomor sehari. Pengaduan ini belum tersimpan; catat di stasiun lain atau simpan lagi besok (isian formulir tetap ada).',
    'error.confidential':
      'Pengaduan ini rahasia: isinya hanya dapat dibaca auditor dan supervisor yang menanganinya.',
    'error.confidentialBatch':
      'Yang menunggu dikirim memuat pengaduan rahasia, yang isinya hanya boleh dibawa auditor atau supervisor. Minta supervisor membuat berkas batch.',
    'validation.unknownCode':
      'Tidak ada di daftar. Pilih dari daftar, atau pilih "Lainnya" lalu tuliskan.',
    'validation.codeOrText':
      'Pilih dari daftar atau tulis pada "Lainnya", tidak keduanya sekaligus.',
    'validation.agencyNotWithin':
      'Bukan kewenangan kami berarti pengaduan diteruskan: pilih instansi yang berwenang.',
    'validation.categoryCode':
      'Kode kategori: 2–20 huruf besar, angka atau garis bawah, misalnya KESEHATAN.',
    'error.mappingNotInUse':
      'Teks ini tidak lagi dipakai pengaduan yang belum dipetakan. Muat ulang daftarnya.',
  },
  en: {
    'validation.required': 'Required.',
    'validation.tooLong': 'Too long: at most {max} characters.',
    'validation.controlChars': 'Contains unprintable control characters. Remove them and retype.',
    'validation.invalidChoice': 'Choose one of the listed options.',
    'validation.invalidDate': 'Invalid date. Use YYYY-MM-DD.',
    'validation.futureDate': 'The incident date cannot be in the future.',
    'validation.email': 'Invalid e-mail address, e.g. name@example.go.id.',
    'validation.nik.length': 'NIK must be 16 digits.',
    'validation.nik.region': 'The NIK region code (first 6 digits) is not known.',
    'validation.nik.birthdate': 'The birth date in the NIK (digits 7–12) is not valid.',
    'validation.phone': 'Invalid phone number. Example: 0812 3456 7890 or +62 812 3456 7890.',
    'validation.nameRequired': "The complainant's name is required unless they are anonymous.",
    'validation.tooMany': 'Too many: at most {max}.',
    'validation.invalid': 'Invalid value.',
    'validation.passwordShort': 'The password needs at least {min} characters.',
    'validation.username':
      'User name: 3–40 characters of lower-case letters, digits, dots, underscores or hyphens.',
    'error.unauthenticated': 'Please sign in first.',
    'error.forbidden': 'Your role may not do this. Ask a supervisor or the admin if needed.',
    'error.locked':
      'The account is locked for a while after too many attempts. Try again in {minutes} minutes.',
    'error.badLogin': 'Wrong user name or password.',
    'error.setupDone': 'This station is already set up. Sign in with an existing account.',
    'error.usernameTaken': 'This user name is taken.',
    'error.passwordRequired': 'A new account needs a password.',
    'error.lastAdmin': 'There must remain one active admin.',
    'error.sealNeedsEnrolment':
      'An anonymous complainant’s identity is kept only sealed for the centre, and this station is not enrolled yet, so it has no central key. Leave the identity empty (the complaint is still recorded) or ask the admin to enrol the station first.',
    'error.sealDocumentNeedsEnrolment':
      'An anonymous complainant’s ID card (KTP) copy is kept only sealed for the centre, and this station is not enrolled yet, so it has no central key. Remove the KTP attachment (the complaint is still recorded without it) or ask the admin to enrol the station first.',
    'validation.serverUrl': 'Invalid server address, e.g. https://pengaduan.example.go.id',
    'error.invalid_input': 'Some fields are missing or invalid. Check the marked fields.',
    'error.conflict': 'This step cannot be taken now.',
    'lifecycle.notAllowed':
      'The step "{transition}" is not possible while the complaint is "{state}".',
    'validation.agencyCode':
      'Agency code: 2–20 capital letters, digits or underscores, e.g. DINKES.',
    'validation.beforeReceipt': 'The date cannot be before the complaint was received ({date}).',
    'validation.afterToday':
      'The date cannot be after today ({date}). Record the step on the day it was taken.',
    'error.not_found': 'Not found.',
    'error.unknown_method': 'The application does not know this command.',
    'error.too_large': 'File too large: at most {max} MB. Make it smaller or rescan it.',
    'error.unsupported_type': 'Unsupported file type. Use PDF, JPEG or PNG.',
    'error.attachment_missing': 'Attachment not found. Add the file again.',
    'error.internal': 'The application hit an error. Try again; if it repeats, call the admin.',
    'error.transport': 'Cannot reach the Loket service. Make sure the application is running.',
    'error.cross_site':
      'The Loket service refused this request because it came from a page outside Loket’s own address (cross-site). Open Loket directly at its address (type it into the browser), not through a link or another page, then reload the page.',
    'error.sync_enrolled': 'This station is already enrolled with the central server.',
    'error.sync_not_enrolled':
      'This station is not enrolled with the central server yet. An admin can enrol it under Sync.',
    'error.sync_unreachable':
      'The central server cannot be reached at this address. Check the address and the network, then retry.',
    'error.sync_enrol_refused':
      'The central server refused the enrolment: {reason}. Ask the central admin for a new enrolment code.',
    'error.sync_server_busy':
      'The central server is busy or has a problem (code {status}). Wait a moment, then retry.',
    'sync.error.network':
      'The central server cannot be reached ({detail}). The desk keeps working; sending is retried automatically.',
    'sync.error.server':
      'The central server has a problem (code {status}). Sending is retried automatically.',
    'sync.error.refused':
      'The central server refused the batch: {reason}. The data stays on the station; call the central admin if it repeats.',
    'sync.error.local':
      'Sync failed on the station ({detail}). The data is kept; call the admin if it repeats.',
    'validation.invalidMonth': 'Invalid month. Use YYYY-MM, e.g. 2026-01.',
    'validation.monthOrder': 'The last month cannot be before the first month.',
    'error.export_not_ready':
      'The export is not finished or was cancelled. Start the export again.',
    'error.trackingDayFull':
      'Today’s tracking numbers are used up: a station issues at most 9,999 numbers a day. This complaint was not saved; record it at another station or save it again tomorrow (the form keeps what was typed).',
    'error.confidential':
      'This complaint is confidential: only the auditors and supervisors handling it may read its content.',
    'error.confidentialBatch':
      'What waits to be sent includes confidential complaints, whose content only an auditor or a supervisor may carry. Ask a supervisor to make the batch file.',
    'validation.unknownCode': 'Not on the list. Pick from the list, or pick "Other" and type it.',
    'validation.codeOrText': 'Pick from the list or type under "Other", not both.',
    'validation.agencyNotWithin':
      'Not our authority means the complaint is forwarded: pick the competent agency.',
    'validation.categoryCode':
      'Category code: 2–20 capital letters, digits or underscores, e.g. HEALTH.',
    'error.mappingNotInUse': 'No unmapped complaint uses this text any more. Reload the list.',
  },
} as const

export type MessageKey = keyof (typeof errorMessages)['id']

/**
 * Parameters that name a case status (`state`) or a handling step (`transition`)
 * carry the code, which each language shows as its own label: core's
 * Indonesian from shared/labels.ts, the window's from its i18n catalogue.
 */
export interface MessageLabels {
  state(code: string): string | undefined
  transition(code: string): string | undefined
}

const labelsId: MessageLabels = {
  state: (code) => (statusLabelsId as Record<string, string>)[code],
  transition: (code) => (stepLabelsId as Record<string, string>)[code],
}

export function formatMessage(
  key: string,
  params: Record<string, string | number> = {},
  locale: 'id' | 'en' = 'id',
  labels: MessageLabels = labelsId,
): string {
  const table: Record<string, string> = errorMessages[locale]
  const text = table[key] ?? key
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) return `{${name}}`
    const label =
      name === 'state' || name === 'transition' ? labels[name](String(value)) : undefined
    return label ?? String(value)
  })
}

/** Schema messages carry their parameters after a bar: `validation.tooLong|max=200`. */
export function parseMessageKey(raw: string): { key: string; params: Record<string, string> } {
  const [key = raw, ...rest] = raw.split('|')
  const params: Record<string, string> = {}
  for (const part of rest) {
    const eq = part.indexOf('=')
    if (eq > 0) params[part.slice(0, eq)] = part.slice(eq + 1)
  }
  return { key, params }
}

export function translateMessage(
  raw: string,
  locale: 'id' | 'en' = 'id',
  labels: MessageLabels = labelsId,
): string {
  const { key, params } = parseMessageKey(raw)
  return formatMessage(key, params, locale, labels)
}
