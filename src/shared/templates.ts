// Letter templates an admin can edit. Placeholders in braces are filled in
// from the case; unknown placeholders are left as written so a typo shows.

export const TEMPLATE_KINDS = ['referral', 'firstReminder', 'secondReminder', 'escalation'] as const
export type TemplateKind = (typeof TEMPLATE_KINDS)[number]

export const TEMPLATE_PLACEHOLDERS = [
  'agency',
  'trackingNumber',
  'subject',
  'receivedDay',
  'forwardedDay',
  'daysWithoutAnswer',
  'station',
] as const

export const DEFAULT_TEMPLATES: Record<TemplateKind, { title: string; body: string }> = {
  referral: {
    title: 'SURAT PENERUSAN PENGADUAN',
    body:
      'Dengan hormat, bersama ini kami teruskan pengaduan masyarakat nomor registrasi {trackingNumber} ' +
      'perihal "{subject}" yang kami terima pada {receivedDay}, karena materinya merupakan kewenangan {agency}. ' +
      'Mohon pengaduan tersebut ditindaklanjuti dan hasilnya disampaikan kepada kami paling lambat 5 (lima) hari kerja. ' +
      'Identitas pelapor ada pada kami dan tidak disertakan dalam surat ini.',
  },
  firstReminder: {
    title: 'SURAT PENGINGAT PERTAMA',
    body:
      'Menindaklanjuti surat penerusan pengaduan nomor registrasi {trackingNumber} perihal "{subject}" ' +
      'tanggal {forwardedDay}, sampai saat ini ({daysWithoutAnswer} hari kerja) kami belum menerima jawaban dari {agency}. ' +
      'Mohon tindak lanjutnya segera disampaikan.',
  },
  secondReminder: {
    title: 'SURAT PENGINGAT KEDUA',
    body:
      'Pengaduan nomor registrasi {trackingNumber} perihal "{subject}" yang kami teruskan pada {forwardedDay} ' +
      'belum dijawab oleh {agency} setelah {daysWithoutAnswer} hari kerja. Hari ini adalah batas akhir penyampaian jawaban; ' +
      'apabila tidak ada jawaban, pengaduan akan kami sampaikan kepada atasan dengan tembusan kepada Sekretaris Daerah.',
  },
  escalation: {
    title: 'PENYAMPAIAN PENGADUAN YANG BELUM DITINDAKLANJUTI',
    body:
      'Dengan hormat, pengaduan nomor registrasi {trackingNumber} perihal "{subject}" telah kami teruskan kepada {agency} ' +
      'pada {forwardedDay} dan telah diingatkan dua kali, namun setelah {daysWithoutAnswer} hari kerja belum ada jawaban. ' +
      'Bersama ini kami sampaikan kepada Bapak/Ibu untuk mendapat perhatian. Tembusan: Sekretaris Daerah.',
  },
}

export function fillTemplate(body: string, values: Partial<Record<string, string>>): string {
  return body.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}
