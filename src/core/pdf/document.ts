import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import PDFDocument from 'pdfkit'

// Shared plumbing for Loket's PDFs (receipts now, screening memos and letters later).
// DejaVu Sans covers Indonesian text and most symbols the 14 standard PDF fonts cannot.

const fontDir = join(
  dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
)

export const FONTS = {
  body: join(fontDir, 'DejaVuSans.ttf'),
  bold: join(fontDir, 'DejaVuSans-Bold.ttf'),
} as const

// Read once per process; pdfkit parses the bytes per document.
let fontBytes: { body: Buffer; bold: Buffer } | undefined
function loadFonts(): { body: Buffer; bold: Buffer } {
  fontBytes ??= { body: readFileSync(FONTS.body), bold: readFileSync(FONTS.bold) }
  return fontBytes
}

// C0 controls except newline, DEL and C1 controls, and lone UTF-16 surrogates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * Makes any string safe to hand to pdfkit: CR/CRLF become newlines, tabs become spaces,
 * other control characters are dropped and broken surrogates become U+FFFD.
 */
export function cleanText(s: string): string {
  return String(s ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(LONE_SURROGATE, '\ufffd')
}

/** cleanText, then all whitespace (newlines included) collapsed to single spaces. */
export function oneLine(s: string): string {
  return cleanText(s).replace(/\s+/g, ' ').trim()
}

const graphemes = new Intl.Segmenter('id', { granularity: 'grapheme' })

/**
 * Cuts text to at most `max` user-perceived characters, preferring a word boundary,
 * and marks the cut with '…'. Never splits an emoji or a surrogate pair.
 */
export function shorten(s: string, max: number): string {
  const text = s.trim()
  // Cheap exit before segmenting: graphemes never outnumber UTF-16 code units.
  if (text.length <= max) return text
  const parts = Array.from(graphemes.segment(text), (g) => g.segment)
  if (parts.length <= max) return text
  let cut = parts.slice(0, Math.max(1, max - 1)).join('')
  const space = cut.search(/\s\S*$/)
  if (space > cut.length * 0.8) cut = cut.slice(0, space)
  return `${cut.trimEnd()}…`
}

export interface PdfInfo {
  title: string
  author?: string
  /** Written as CreationDate; pass a fixed date for byte-identical output. */
  createdAt?: Date
}

/**
 * Creates an A4 document with the fonts 'body' and 'bold' registered (and 'body'
 * selected), lets `draw` fill it and returns the finished PDF bytes.
 */
export async function renderPdf(
  draw: (doc: PDFKit.PDFDocument) => void | Promise<void>,
  info: PdfInfo,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    lang: 'id-ID',
    displayTitle: true,
    info: {
      Title: oneLine(info.title),
      Author: oneLine(info.author ?? 'Loket'),
      Creator: 'Loket',
      CreationDate: info.createdAt ?? new Date(),
    },
  })
  const fonts = loadFonts()
  doc.registerFont('body', fonts.body)
  doc.registerFont('bold', fonts.bold)
  doc.font('body')

  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  try {
    await draw(doc)
  } catch (err) {
    // End the stream anyway so nothing is left open, and keep its outcome quiet.
    done.catch(() => {})
    doc.end()
    throw err
  }
  doc.end()
  return done
}
