import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'

// DejaVu covers Indonesian text and most symbols that the standard PDF fonts cannot.
const fontDir = join(
  dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
)
export const FONTS = {
  body: join(fontDir, 'DejaVuSans.ttf'),
  bold: join(fontDir, 'DejaVuSans-Bold.ttf'),
}

// C0 controls other than newline and tab would corrupt a PDF text run.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g

export function cleanText(s: string): string {
  return s.replace(CONTROL, '')
}

export function shorten(s: string, max: number): string {
  const t = cleanText(s).trim()
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`
}

/** Renders an A4 document to a Buffer with the Loket fonts registered. */
export async function renderPdf(
  draw: (doc: PDFKit.PDFDocument) => void | Promise<void>,
  info: { title: string; author?: string; createdAt?: Date },
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: info.title,
      Author: info.author ?? 'Loket',
      Creator: 'Loket',
      CreationDate: info.createdAt ?? new Date(),
    },
  })
  doc.registerFont('body', FONTS.body)
  doc.registerFont('bold', FONTS.bold)
  doc.font('body')
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  await draw(doc)
  doc.end()
  return done
}
