import { describe, expect, it } from 'vitest'
import { cleanText, shorten } from '../../src/core/pdf/document'
import { formatReceivedAt, renderReceipt, type ReceiptData } from '../../src/core/receipt'
import { darkFraction, drawnImages, pdfInfo, pdfText, pdfWords } from '../support/pdf'

// The receipt is checked the way a person would: pdf.js extracts its text, counts its
// pages and images, and renders it to pixels.

const A4 = { width: 595.28, height: 841.89, margin: 50 }

function sample(overrides: Partial<ReceiptData> = {}): ReceiptData {
  return {
    trackingNumber: 'K7M2-261123-0042-P',
    receiptPin: '4821',
    receivedAt: '2026-11-23T02:15:00.000Z',
    receivedBy: 'Siti Rahmawati',
    stationName: 'Inspektorat Kabupaten Contoh',
    channelLabel: 'Datang langsung',
    kindLabel: 'Pengaduan',
    subject: 'Pungutan liar pada pengurusan KTP di Kecamatan Sukamaju',
    summary:
      'Petugas di kantor kecamatan meminta uang Rp150.000 untuk mempercepat pencetakan KTP elektronik.',
    anonymous: false,
    confidential: false,
    complainantName: 'Budi Santoso',
    attachmentsCount: 2,
    ...overrides,
  }
}

// Runs of whitespace collapsed, so wrapped text can be searched for.
const flat = (s: string) => s.replace(/\s+/g, ' ')

/** Every word inside the page margins (1 pt of slack) and no two words on top of each other. */
async function expectTidy(pdf: Buffer) {
  const all = await pdfWords(pdf)
  expect(all.length).toBeGreaterThan(40)
  const slack = 1
  const outside = all.filter(
    (w) =>
      w.xMin < A4.margin - slack ||
      w.yMin < A4.margin - slack ||
      w.xMax > A4.width - A4.margin + slack ||
      w.yMax > A4.height - A4.margin + slack,
  )
  expect(outside).toEqual([])
  const inset = 1.5 // font boxes of adjacent lines may touch
  const overlapping: string[] = []
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i]!
      const b = all[j]!
      if (
        a.xMin + inset < b.xMax - inset &&
        b.xMin + inset < a.xMax - inset &&
        a.yMin + inset < b.yMax - inset &&
        b.yMin + inset < a.yMax - inset
      ) {
        overlapping.push(`${a.text} / ${b.text}`)
      }
    }
  }
  expect(overlapping).toEqual([])
}

describe('renderReceipt', () => {
  it('prints the receipt on one A4 page with everything the complainant needs', async () => {
    const pdf = await renderReceipt(sample())
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const { pages, width, height, info } = await pdfInfo(pdf)
    expect(pages).toBe(1)
    expect({ width, height }).toEqual({ width: A4.width, height: A4.height })
    expect(info['Title']).toBe('Tanda terima pengaduan K7M2-261123-0042-P')

    const t = flat(await pdfText(pdf))
    for (const expected of [
      'Inspektorat Kabupaten Contoh',
      'TANDA TERIMA PENGADUAN',
      'K7M2-261123-0042-P',
      '23 November 2026, 09.15 WIB',
      'Diterima oleh Siti Rahmawati',
      'Pelapor Budi Santoso',
      'Kanal Datang langsung',
      'Jenis Pengaduan',
      'Lampiran 2 berkas',
      'Perihal Pungutan liar pada pengurusan KTP di Kecamatan Sukamaju',
      'meminta uang Rp150.000 untuk mempercepat pencetakan KTP elektronik.',
      'PIN cek status 4821',
      'Langkah selanjutnya',
      'ditelaah oleh petugas paling lambat 3 (tiga) hari kerja',
      'Petugas akan menghubungi Anda',
      'sebutkan nomor registrasi K7M2-261123-0042-P',
      'Petugas penerima,',
    ]) {
      expect(t).toContain(expected)
    }
    expect(t).not.toContain('RAHASIA')
    expect(t).not.toContain('dirahasiakan')
    await expectTidy(pdf)
  })

  it('embeds the tracking number as one square QR image', async () => {
    // Every image the page paints, whatever the operator: only the QR code.
    const images = await drawnImages(await renderReceipt(sample()))
    expect(images).toHaveLength(1)
    const [qr] = images
    expect(qr?.op).toBe('paintImageXObject')
    // qrcode writes RGBA, so pdfkit stores the alpha channel as a soft mask beside the image.
    expect(qr?.alpha).toBe(true)
    expect(qr?.width).toBe(qr?.height)
    expect(qr?.width).toBeGreaterThanOrEqual(200) // sharp enough to print and scan
  })

  it('rasterises to a page with visible content', async () => {
    const pdf = await renderReceipt(sample({ confidential: true }))
    // Text, rules and the QR code: a few percent of the page is ink, far from blank or black.
    const fraction = await darkFraction(pdf, 60)
    expect(fraction).toBeGreaterThan(0.02)
    expect(fraction).toBeLessThan(0.3)
  })

  it('marks a confidential complaint RAHASIA', async () => {
    const pdf = await renderReceipt(sample({ confidential: true }))
    expect(await pdfText(pdf)).toContain('RAHASIA')
  })

  it('prints no identity for an anonymous complaint', async () => {
    const pdf = await renderReceipt(sample({ anonymous: true, complainantName: undefined }))
    const t = flat(await pdfText(pdf))
    expect(t).toContain('Pelapor Identitas pelapor dirahasiakan (anonim)')
    // Nobody can be called back, so the receipt does not promise it.
    expect(t).not.toContain('Petugas akan menghubungi Anda')
    expect(t).toContain('Ikuti perkembangan pengaduan dengan nomor registrasi')
  })

  it('ignores a complainant name passed for an anonymous complaint (defence in depth)', async () => {
    const pdf = await renderReceipt(
      sample({ anonymous: true, complainantName: 'Budi Santoso Wiryawan' }),
    )
    const t = await pdfText(pdf)
    expect(t).toContain('dirahasiakan (anonim)')
    for (const part of ['Budi', 'Santoso', 'Wiryawan']) expect(t).not.toContain(part)
    expect(JSON.stringify((await pdfInfo(pdf)).info)).not.toContain('Budi')
    expect(pdf.includes('Budi')).toBe(false)
    // Same bytes as when the caller stripped the name, as it should.
    expect(
      pdf.equals(await renderReceipt(sample({ anonymous: true, complainantName: undefined }))),
    ).toBe(true)
  })

  it('prints the status when given, for a reprint', async () => {
    const pdf = await renderReceipt(sample({ statusLabel: 'Diteruskan' }))
    expect(flat(await pdfText(pdf))).toContain('Kanal Datang langsung Status Diteruskan')
    await expectTidy(pdf)
  })

  it('withholds a confidential complaint’s content, and says so, for a role that may not read it', async () => {
    const withheld = sample({
      confidential: true,
      contentWithheld: true,
      statusLabel: 'Belum terverifikasi',
    })
    const pdf = await renderReceipt(withheld)
    const t = flat(await pdfText(pdf))
    for (const expected of [
      'RAHASIA',
      'K7M2-261123-0042-P',
      'PIN cek status 4821',
      '23 November 2026, 09.15 WIB',
      'Kanal Datang langsung',
      'Status Belum terverifikasi',
      'Pelapor Isi dirahasiakan',
      'Perihal Isi dirahasiakan',
      'Isi pengaduan rahasia ini hanya dapat dibaca oleh petugas yang menanganinya',
    ]) {
      expect(t).toContain(expected)
    }
    for (const part of ['Budi', 'Pungutan', 'Rp150.000', 'Lampiran']) expect(t).not.toContain(part)
    await expectTidy(pdf)
    // What the caller passed of the content is ignored: the same bytes as without it.
    const blank = { ...withheld, subject: '', summary: '', attachmentsCount: 0 }
    delete blank.complainantName
    expect(pdf.equals(await renderReceipt(blank))).toBe(true)
  })

  it('labels an anonymous confidential complaint anonymous, its content withheld', async () => {
    const pdf = await renderReceipt(
      sample({ anonymous: true, confidential: true, contentWithheld: true }),
    )
    const t = flat(await pdfText(pdf))
    expect(t).toContain('Pelapor Identitas pelapor dirahasiakan (anonim)')
    expect(t).toContain('Perihal Isi dirahasiakan')
  })

  it('survives hostile input: still one tidy page, summary cut with …', async () => {
    const hostile =
      "Robert'); DROP TABLE cases;-- 😀👨‍👩‍👧 \u0000\u0007\u001b[31m مرحبا नमस्ते 漢字 \u202eevil\u202c \ud800 "
    const summary = (hostile + 'kata '.repeat(20) + '\n\n\n').repeat(80).slice(0, 10_000)
    expect(summary.length).toBe(10_000)
    const pdf = await renderReceipt(
      sample({
        trackingNumber: 'K7M2-261123-0042-P\u0000',
        stationName: 'Inspektorat Daerah Kabupaten '.repeat(20),
        receivedBy: 'Petugas '.repeat(100) + hostile,
        complainantName: 'X'.repeat(5_000),
        channelLabel: hostile.repeat(10),
        kindLabel: 'Pengaduan'.repeat(50),
        subject: hostile.repeat(100),
        summary,
        confidential: true,
        attachmentsCount: Number.NaN,
      }),
    )
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect((await pdfInfo(pdf)).pages).toBe(1)
    const t = await pdfText(pdf)
    expect(t).toContain('K7M2-261123-0042-P')
    expect(t).toContain('DROP TABLE cases;--')
    expect(t).toContain('…')
    expect(t).toContain('Langkah selanjutnya')
    expect(flat(t)).toContain('Lampiran Tidak ada')
    // The summary is a short excerpt, not 10,000 characters.
    expect(t.match(/DROP TABLE/g)!.length).toBeLessThan(20)
    // eslint-disable-next-line no-control-regex
    expect(t).not.toMatch(/[\u0000-\u0008\u000b\u000e-\u001f]/)
    await expectTidy(pdf)
  })

  it('prints the time in the station zone with WIB, WITA or WIT', async () => {
    const pdf = await renderReceipt(sample({ timeZone: 'Asia/Jayapura' }))
    expect(await pdfText(pdf)).toContain('23 November 2026, 11.15 WIT')
    const at = '2026-11-23T02:15:00.000Z'
    expect(formatReceivedAt(at)).toBe('23 November 2026, 09.15 WIB')
    expect(formatReceivedAt(at, 'Asia/Pontianak')).toBe('23 November 2026, 09.15 WIB')
    expect(formatReceivedAt(at, 'Asia/Makassar')).toBe('23 November 2026, 10.15 WITA')
    expect(formatReceivedAt(at, 'Asia/Jayapura')).toBe('23 November 2026, 11.15 WIT')
    // Midnight is 00.00 on the new day, never 24.00 on the old one.
    expect(formatReceivedAt('2026-11-22T17:00:00.000Z')).toBe('23 November 2026, 00.00 WIB')
    // A zone name nobody knows falls back to the default instead of failing the receipt.
    expect(formatReceivedAt(at, 'Mars/Olympus')).toBe('23 November 2026, 09.15 WIB')
    expect(() => formatReceivedAt('kemarin')).toThrow(/not a timestamp/)
  })

  it('is byte-for-byte deterministic for the same data', async () => {
    const a = await renderReceipt(sample())
    const b = await renderReceipt(sample())
    expect(a.equals(b)).toBe(true)
    expect(a.equals(await renderReceipt(sample({ subject: 'Perihal lain' })))).toBe(false)
  })

  it('refuses to print a receipt without a tracking number', async () => {
    await expect(renderReceipt(sample({ trackingNumber: ' \u0000 ' }))).rejects.toThrow(
      /tracking number/,
    )
  })
})

describe('pdf text helpers', () => {
  it('cleanText keeps newlines, turns CR and tabs into newline and space, drops controls', () => {
    expect(cleanText('a\r\nb\rc\td\u0000e\u0007f\u001bg\u007fh\u0085i\n')).toBe('a\nb\nc defghi\n')
    expect(cleanText('x\ud800y')).toBe('x\ufffdy')
    expect(cleanText('😀')).toBe('😀')
  })

  it('shorten cuts at a word, marks the cut with … and never splits an emoji', () => {
    expect(shorten('pendek', 600)).toBe('pendek')
    const cut = shorten('kata '.repeat(200), 600)
    expect(cut).toBe(cut.trimEnd())
    expect(cut.endsWith('kata…')).toBe(true)
    expect([...cut].length).toBeLessThanOrEqual(600)
    const emoji = shorten('👨‍👩‍👧'.repeat(10), 5)
    expect(emoji).toBe('👨‍👩‍👧'.repeat(4) + '…')
  })
})
