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

// Zero-width joiners, variation selectors, bidi overrides, BOM…: nothing to print.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu

/**
 * The text as the current font can draw it: invisible format characters dropped and every
 * character the font has no glyph for (Devanagari, CJK, most emoji in DejaVu) replaced by
 * U+FFFD, one per user-perceived character. pdfkit mis-measures missing glyphs, so
 * without this such text runs past the margins.
 */
export function printable(doc: PDFKit.PDFDocument, text: string): string {
  const visible = text.replace(IGNORABLE, '')
  // pdfkit keeps the current font's fontkit object on `_font.font` (not in its typings);
  // without it (a standard font), the text is left as is.
  const font = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: unknown } } })._font
    ?.font
  const hasGlyph = font?.hasGlyphForCodePoint
  if (typeof hasGlyph !== 'function') return visible
  let out = ''
  for (const { segment } of graphemes.segment(visible)) {
    let drawable = true
    for (const ch of segment) {
      if (ch !== '\n' && !hasGlyph.call(font, ch.codePointAt(0) ?? 0)) {
        drawable = false
        break
      }
    }
    out += drawable ? segment : '\ufffd'
  }
  return out
}

export interface TextBox {
  font?: 'body' | 'bold'
  size: number
  /** The box holds at most this many lines; the rest is cut with '…'. */
  maxLines: number
  align?: 'left' | 'center' | 'right' | 'justify'
  color?: string
  characterSpacing?: number
}

/**
 * Writes text at (x, y) into a box `width` wide and at most `maxLines` lines high and
 * returns the height used (at least one line). A bounded height also keeps pdfkit from
 * starting a new page, so a layout built only from these boxes stays on its page.
 */
export function textBox(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  box: TextBox,
): number {
  doc
    .font(box.font ?? 'body')
    .fontSize(box.size)
    .fillColor(box.color ?? 'black')
  const content = printable(doc, cleanText(text))
  const options = { width, align: box.align ?? 'left', characterSpacing: box.characterSpacing ?? 0 }
  const lineHeight = doc.currentLineHeight(true)
  const maxHeight = lineHeight * box.maxLines
  const used = Math.max(lineHeight, Math.min(doc.heightOfString(content, options), maxHeight))
  doc.text(content, x, y, { ...options, height: maxHeight + 0.01, ellipsis: '…' })
  return used
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
