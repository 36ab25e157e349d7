import QRCode from 'qrcode'
import { cleanText, renderPdf, shorten } from './pdf/document'

export interface ReceiptData {
  trackingNumber: string
  receiptPin?: string
  receivedAt: string
  receivedBy: string
  stationName: string
  channelLabel: string
  kindLabel: string
  subject: string
  summary: string
  anonymous: boolean
  confidential: boolean
  /** Absent for anonymous complaints; ignored there even if given. */
  complainantName?: string
  attachmentsCount: number
  timeZone?: string
}

const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
}

export function formatReceivedAt(iso: string, timeZone = 'Asia/Jakarta'): string {
  const d = new Date(iso)
  const date = new Intl.DateTimeFormat('id-ID', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(d)
  const time = new Intl.DateTimeFormat('id-ID', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  })
    .format(d)
    .replace(':', '.')
  return `${date}, ${time} ${ZONE_NAMES[timeZone] ?? timeZone}`
}

/** The tanda terima: one A4 page the complainant takes home. */
export async function renderReceipt(data: ReceiptData): Promise<Buffer> {
  const qr = await QRCode.toBuffer(data.trackingNumber, { margin: 1, width: 240 })
  return renderPdf(
    (doc) => {
      const left = doc.page.margins.left
      const width = doc.page.width - left - doc.page.margins.right

      doc.font('bold').fontSize(12).text(shorten(data.stationName, 100), { align: 'center' })
      doc.moveDown(0.3)
      doc.fontSize(16).text('TANDA TERIMA PENGADUAN', { align: 'center' })
      if (data.confidential) {
        doc.moveDown(0.2).fillColor('#b00020').fontSize(12).text('RAHASIA', { align: 'center' })
        doc.fillColor('black')
      }
      doc
        .moveTo(left, doc.y + 6)
        .lineTo(left + width, doc.y + 6)
        .stroke()

      const top = doc.y + 18
      doc.image(qr, left + width - 120, top, { width: 120 })
      doc.font('body').fontSize(10).text('Nomor registrasi', left, top)
      doc
        .font('bold')
        .fontSize(22)
        .text(data.trackingNumber, left, top + 14, { width: width - 130 })
      if (data.receiptPin) {
        doc
          .font('body')
          .fontSize(10)
          .text(`PIN: ${cleanText(data.receiptPin)}`, { width: width - 130 })
      }
      doc.font('body').fontSize(10)
      doc.text(`Diterima: ${formatReceivedAt(data.receivedAt, data.timeZone)}`, {
        width: width - 130,
      })
      doc.text(`Diterima oleh: ${shorten(data.receivedBy, 80)}`, { width: width - 130 })
      doc.y = Math.max(doc.y, top + 130)

      const row = (label: string, value: string) => {
        doc.font('bold').text(label, left, doc.y, { continued: true, width })
        doc.font('body').text(` ${value}`)
      }
      doc.moveDown(0.5)
      row(
        'Pelapor:',
        data.anonymous
          ? 'Identitas pelapor dirahasiakan (anonim)'
          : shorten(data.complainantName ?? '-', 120),
      )
      row('Kanal:', data.channelLabel)
      row('Jenis:', data.kindLabel)
      row('Lampiran:', `${data.attachmentsCount} berkas`)
      row('Perihal:', shorten(data.subject, 200))
      doc.moveDown(0.3)
      doc.font('bold').text('Ringkasan:')
      doc.font('body').text(shorten(data.summary, 600), { width, height: 150, ellipsis: true })

      doc.moveDown(1)
      doc.font('bold').fontSize(11).text('Langkah selanjutnya')
      doc.font('body').fontSize(10)
      doc.list(
        [
          'Pengaduan Anda akan ditelaah paling lambat 3 hari kerja sejak diterima.',
          'Petugas akan menghubungi Anda bila ada kelengkapan yang diperlukan.',
          'Simpan tanda terima ini dan sebutkan nomor registrasi saat menanyakan perkembangan pengaduan.',
        ],
        { width, bulletRadius: 2 },
      )

      const signTop = Math.max(doc.y + 30, doc.page.height - doc.page.margins.bottom - 120)
      doc.text('Petugas penerima,', left + width - 200, signTop, { width: 200, align: 'center' })
      doc.text(`( ${shorten(data.receivedBy, 40)} )`, left + width - 200, signTop + 70, {
        width: 200,
        align: 'center',
      })
    },
    { title: `Tanda terima ${data.trackingNumber}`, createdAt: new Date(data.receivedAt) },
  )
}
