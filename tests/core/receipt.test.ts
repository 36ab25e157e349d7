import { afterAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderReceipt, type ReceiptData } from '../../src/core/receipt'
import { tempDir } from '../helpers'

const dir = tempDir('loket-receipt-')
afterAll(() => dir.remove())

const base: ReceiptData = {
  trackingNumber: 'KMRT-261123-0042-7',
  receivedAt: '2026-11-23T02:15:00.000Z',
  receivedBy: 'Siti Rahmawati',
  stationName: 'Inspektorat Kabupaten Contoh',
  channelLabel: 'Datang langsung',
  kindLabel: 'Pengaduan',
  subject: 'Jalan desa rusak tidak diperbaiki',
  summary: 'Jalan desa sepanjang dua kilometer rusak berat sejak Juni.',
  anonymous: false,
  confidential: false,
  complainantName: 'Budi Santoso',
  attachmentsCount: 2,
}

async function render(name: string, data: ReceiptData) {
  const file = join(dir.path, `${name}.pdf`)
  writeFileSync(file, await renderReceipt(data))
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString()
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1])
  return { file, text, pages }
}

/** Renders page 1 to a grey image and returns the share of dark pixels. */
function darkShare(file: string): number {
  const out = join(dir.path, 'page')
  execFileSync('pdftoppm', ['-gray', '-r', '40', '-singlefile', file, out])
  const pgm = readFileSync(`${out}.pgm`)
  // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'))
  if (!header) throw new Error('not a PGM file')
  const pixels = pgm.subarray(header[0].length)
  let dark = 0
  for (const p of pixels) if (p < 128) dark++
  return dark / pixels.length
}

describe('receipt (tanda terima)', () => {
  it('shows the tracking number, a QR code, date and time, clerk, summary and next steps', async () => {
    const { file, text, pages } = await render('named', base)
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
    expect(pages).toBe(1)
    for (const s of [
      'TANDA TERIMA PENGADUAN',
      'KMRT-261123-0042-7',
      'Inspektorat Kabupaten Contoh',
      '23 November 2026, 09.15 WIB',
      'Siti Rahmawati',
      'Budi Santoso',
      'Jalan desa rusak tidak diperbaiki',
      'Langkah selanjutnya',
      'hari kerja',
    ]) {
      expect(text).toContain(s)
    }
    const images = execFileSync('pdfimages', ['-list', file]).toString().trim().split('\n').slice(2)
    expect(images.length).toBeGreaterThanOrEqual(1)
    const share = darkShare(file)
    expect(share).toBeGreaterThan(0.01)
    expect(share).toBeLessThan(0.5)
  })

  it('carries no identity for an anonymous complaint, even if one is passed in', async () => {
    const { text } = await render('anon', { ...base, anonymous: true, confidential: true })
    expect(text).toContain('Identitas pelapor dirahasiakan (anonim)')
    expect(text).toContain('RAHASIA')
    expect(text).not.toContain('Budi')
  })

  it('keeps long, odd text on one page', async () => {
    const long = `${"'; DROP TABLE cases; -- 😀 ✓ ".repeat(200)}\u0007akhir`
    const { text, pages } = await render('long', { ...base, subject: long.slice(0, 200), summary: long })
    expect(pages).toBe(1)
    expect(text).toContain('DROP TABLE')
    expect(text).toContain('…')
  })
})
