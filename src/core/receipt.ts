import QRCode from 'qrcode'
import { cleanText, oneLine, renderPdf, shorten, textBox } from './pdf/document'

export interface ReceiptData {
  /** e.g. 'K7M2-261123-0042-P' */
  trackingNumber: string
  /** Optional short PIN for public status lookups. */
  receiptPin?: string
  /** ISO timestamp. */
  receivedAt: string
  /** The clerk's name. */
  receivedBy: string
  stationName: string
  /** Already translated, e.g. 'Datang langsung'. */
  channelLabel: string
  /** Already translated, e.g. 'Pengaduan'. */
  kindLabel: string
  /** Already translated, e.g. 'Belum terverifikasi'; printed when given (a reprint shows where the case stands). */
  statusLabel?: string
  subject: string
  /** The description; the receipt shortens it to about 600 characters. */
  summary: string
  anonymous: boolean
  confidential: boolean
  /** Absent for anonymous complaints (the caller strips it); ignored there even if given. */
  complainantName?: string
  attachmentsCount: number
  /**
   * A confidential complaint printed by a role that may not read its content: the
   * receipt proves the filing (number, PIN, dates, channel, status) and says that
   * the content is withheld. Subject, summary, name and attachments are ignored.
   */
  contentWithheld?: boolean
  /** IANA time zone, default 'Asia/Jakarta'. */
  timeZone?: string
}

const DEFAULT_ZONE = 'Asia/Jakarta'

const ZONE_ABBREVIATIONS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Ujung_Pandang': 'WITA',
  'Asia/Jayapura': 'WIT',
}

function formatter(options: Intl.DateTimeFormatOptions, timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('id-ID', { ...options, timeZone })
  } catch {
    // An unknown zone name must not cost the complainant a receipt.
    return new Intl.DateTimeFormat('id-ID', { ...options, timeZone: DEFAULT_ZONE })
  }
}

/** '23 November 2026, 09.15 WIB' */
export function formatReceivedAt(iso: string, timeZone: string = DEFAULT_ZONE): string {
  const when = new Date(iso)
  if (Number.isNaN(when.getTime())) throw new Error(`receivedAt is not a timestamp: ${iso}`)
  const date = formatter({ day: 'numeric', month: 'long', year: 'numeric' }, timeZone)
  const time = formatter({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, timeZone)
  const zone = time.resolvedOptions().timeZone
  const abbreviation =
    ZONE_ABBREVIATIONS[timeZone] ??
    ZONE_ABBREVIATIONS[zone] ??
    formatter({ timeZoneName: 'short' }, zone)
      .formatToParts(when)
      .find((p) => p.type === 'timeZoneName')?.value ??
    zone
  return `${date.format(when)}, ${time.format(when).replace(':', '.')} ${abbreviation}`
}

const SUMMARY_MAX = 600
const WITHHELD = 'Isi dirahasiakan'
const WITHHELD_NOTE =
  'Isi pengaduan rahasia ini hanya dapat dibaca oleh petugas yang menanganinya, sehingga tidak dicetak pada tanda terima ini. Nomor registrasi dan PIN di atas tetap berlaku untuk menanyakan perkembangannya.'
const GREY = '#555555'
const RED = '#b00020'

function steps(anonymous: boolean, trackingNumber: string, hasPin: boolean): string[] {
  return [
    'Pengaduan ini akan ditelaah oleh petugas paling lambat 3 (tiga) hari kerja sejak tanggal diterima.',
    anonymous
      ? 'Karena identitas pelapor dirahasiakan, petugas tidak dapat menghubungi Anda. Ikuti perkembangan pengaduan dengan nomor registrasi di atas.'
      : 'Petugas akan menghubungi Anda melalui kontak yang Anda berikan untuk menyampaikan hasil telaah atau meminta kelengkapan bila diperlukan.',
    `Simpan tanda terima ini dan sebutkan nomor registrasi ${trackingNumber}${
      hasPin ? ' (beserta PIN cek status)' : ''
    } setiap kali menanyakan perkembangan pengaduan.`,
  ]
}

/** The tanda terima: one A4 page the complainant takes home. */
export async function renderReceipt(data: ReceiptData): Promise<Buffer> {
  const trackingNumber = shorten(oneLine(data.trackingNumber), 64)
  if (!trackingNumber) throw new Error('A receipt needs a tracking number')
  const receivedAt = formatReceivedAt(data.receivedAt, data.timeZone ?? DEFAULT_ZONE)
  const pin = data.receiptPin === undefined ? '' : shorten(oneLine(data.receiptPin), 32)
  const field = (s: string | undefined, max: number) => shorten(oneLine(s ?? ''), max) || '-'
  const stationName = field(data.stationName, 150)
  const clerk = field(data.receivedBy, 100)
  // Defence in depth: the caller strips the name of an anonymous complainant and the
  // content it may not show, but even when it does not, none of it is printed.
  const withheld = data.contentWithheld === true
  const complainant = data.anonymous
    ? 'Identitas pelapor dirahasiakan (anonim)'
    : withheld
      ? WITHHELD
      : field(data.complainantName, 150)
  const count = Number.isFinite(data.attachmentsCount)
    ? Math.max(0, Math.floor(data.attachmentsCount))
    : 0
  const summary = withheld
    ? WITHHELD_NOTE
    : shorten(
        cleanText(data.summary ?? '')
          .replace(/[ \u00a0]+\n/g, '\n')
          .replace(/\n{3,}/g, '\n\n'),
        SUMMARY_MAX,
      ) || '-'

  const qr = await QRCode.toBuffer(trackingNumber, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 2,
    scale: 10,
  })

  return renderPdf(
    (doc) => {
      const left = doc.page.margins.left
      const width = doc.page.width - left - doc.page.margins.right
      const bottom = doc.page.height - doc.page.margins.bottom
      let y = doc.page.margins.top

      // Header
      y += textBox(doc, stationName, left, y, width, {
        font: 'bold',
        size: 12,
        maxLines: 2,
        align: 'center',
      })
      y += 4
      y += textBox(doc, 'TANDA TERIMA PENGADUAN', left, y, width, {
        font: 'bold',
        size: 17,
        maxLines: 1,
        align: 'center',
      })
      if (data.confidential) {
        const stamp = { w: 120, h: 24 }
        const x = left + (width - stamp.w) / 2
        y += 6
        doc.save().lineWidth(1.5).strokeColor(RED).rect(x, y, stamp.w, stamp.h).stroke().restore()
        textBox(doc, 'RAHASIA', x, y + 5, stamp.w, {
          font: 'bold',
          size: 12,
          maxLines: 1,
          align: 'center',
          color: RED,
          characterSpacing: 3,
        })
        y += stamp.h
      }
      y += 10
      doc
        .save()
        .lineWidth(1)
        .strokeColor('black')
        .moveTo(left, y)
        .lineTo(left + width, y)
        .stroke()
        .restore()
      y += 16

      // Tracking number, QR code, date and clerk
      const qrSize = 112
      const top = y
      doc.image(qr, left + width - qrSize, top, { width: qrSize, height: qrSize })
      const column = width - qrSize - 20
      y += textBox(doc, 'Nomor registrasi', left, y, column, { size: 9, maxLines: 1, color: GREY })
      doc.font('bold').fontSize(22)
      const numberWidth = doc.widthOfString(trackingNumber)
      const numberSize = numberWidth > column ? Math.max(12, (22 * column) / numberWidth) : 22
      y += textBox(doc, trackingNumber, left, y, column, {
        font: 'bold',
        size: numberSize,
        maxLines: 2,
      })
      y += 6
      const small = (label: string, value: string, maxLines = 1) => {
        const labelWidth = 110
        textBox(doc, label, left, y, labelWidth, { size: 10, maxLines: 1, color: GREY })
        y +=
          textBox(doc, value, left + labelWidth, y, column - labelWidth, { size: 10, maxLines }) + 3
      }
      if (pin) small('PIN cek status', pin)
      small('Diterima', receivedAt)
      small('Diterima oleh', clerk, 2)
      y = Math.max(y, top + qrSize) + 14

      // Details
      const labelWidth = 110
      const row = (
        label: string,
        value: string,
        maxLines: number,
        font: 'body' | 'bold' = 'body',
      ) => {
        textBox(doc, label, left, y, labelWidth, { size: 10, maxLines: 1, color: GREY })
        y +=
          textBox(doc, value, left + labelWidth, y, width - labelWidth, {
            font,
            size: 10,
            maxLines,
          }) + 4
      }
      row('Pelapor', complainant, 2)
      row('Jenis', field(data.kindLabel, 80), 1)
      row('Kanal', field(data.channelLabel, 80), 1)
      if (data.statusLabel !== undefined) row('Status', field(data.statusLabel, 80), 1)
      if (!withheld) row('Lampiran', count === 0 ? 'Tidak ada' : `${count} berkas`, 1)
      row('Perihal', withheld ? WITHHELD : field(data.subject, 300), 3, 'bold')
      y += 6

      // What happens next, measured first so the summary gets whatever room is left.
      const signatureTop = bottom - 100
      const items = steps(data.anonymous, trackingNumber, pin !== '')
      doc.font('body').fontSize(10)
      const indent = 16
      const stepsHeight =
        18 + items.reduce((h, s) => h + doc.heightOfString(s, { width: width - indent }) + 3, 0)

      y += textBox(doc, 'Ringkasan pengaduan', left, y, width, {
        font: 'bold',
        size: 10,
        maxLines: 1,
      })
      y += 3
      const pad = 8
      doc.font('body').fontSize(9.5)
      const summaryLine = doc.currentLineHeight(true)
      const room = signatureTop - 24 - stepsHeight - y - 2 * pad
      const summaryLines = Math.max(2, Math.min(14, Math.floor(room / summaryLine)))
      const summaryHeight = textBox(doc, summary, left + pad, y + pad, width - 2 * pad, {
        size: 9.5,
        maxLines: summaryLines,
      })
      doc
        .save()
        .lineWidth(0.6)
        .strokeColor('#999999')
        .rect(left, y, width, summaryHeight + 2 * pad)
        .stroke()
        .restore()
      y += summaryHeight + 2 * pad + 16

      y += textBox(doc, 'Langkah selanjutnya', left, y, width, {
        font: 'bold',
        size: 11,
        maxLines: 1,
      })
      y += 4
      items.forEach((item, i) => {
        textBox(doc, `${i + 1}.`, left, y, indent, { size: 10, maxLines: 1 })
        y += textBox(doc, item, left + indent, y, width - indent, { size: 10, maxLines: 3 }) + 3
      })

      // Signature of the clerk, always at the foot of the page.
      const signWidth = 210
      const signX = left + width - signWidth
      textBox(doc, 'Petugas penerima,', signX, signatureTop, signWidth, {
        size: 10,
        maxLines: 1,
        align: 'center',
      })
      const nameTop = signatureTop + 62
      doc
        .save()
        .lineWidth(0.6)
        .strokeColor('black')
        .moveTo(signX + 20, nameTop - 3)
        .lineTo(signX + signWidth - 20, nameTop - 3)
        .stroke()
        .restore()
      textBox(doc, clerk, signX, nameTop, signWidth, {
        font: 'bold',
        size: 10,
        maxLines: 2,
        align: 'center',
      })
      textBox(
        doc,
        `Dicetak oleh Loket · ${trackingNumber}`,
        left,
        bottom - 10,
        width - signWidth - 20,
        {
          size: 7.5,
          maxLines: 1,
          color: GREY,
        },
      )
    },
    {
      title: `Tanda terima pengaduan ${trackingNumber}`,
      author: stationName,
      createdAt: new Date(data.receivedAt),
    },
  )
}
