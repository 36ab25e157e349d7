import { cleanText, printable, renderPdf } from './document'

// A flowing official document (memo, letter, minutes): header, numbered
// sections, then signature blocks. Unlike the receipt it may run to more pages.

export interface DocSection {
  heading?: string
  paragraphs?: string[]
  /** Label and value rows. */
  fields?: Array<[string, string]>
  /** A numbered list. */
  list?: string[]
}

export interface OfficialDocument {
  stationName: string
  title: string
  number?: string
  /** 'RAHASIA' when the case is confidential. */
  marking?: string
  sections: DocSection[]
  /** Place and date line above the signatures, e.g. 'Sukamaju, 23 November 2026'. */
  placeAndDate: string
  signatures: Array<{ role: string; name: string }>
  createdAt?: Date
}

export function formatDayId(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Intl.DateTimeFormat('id-ID', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)))
}

export async function renderOfficialDocument(d: OfficialDocument): Promise<Buffer> {
  return renderPdf(
    (doc) => {
      const left = doc.page.margins.left
      const width = doc.page.width - left - doc.page.margins.right
      const text = (s: string) => printable(doc, cleanText(s))

      doc.font('bold').fontSize(12).text(text(d.stationName), { align: 'center' })
      doc
        .moveTo(left, doc.y + 4)
        .lineTo(left + width, doc.y + 4)
        .stroke()
      doc.moveDown(1)
      if (d.marking) {
        doc.fillColor('#b00020').text(text(d.marking), { align: 'right' }).fillColor('black')
      }
      doc.font('bold').fontSize(13).text(text(d.title), { align: 'center' })
      if (d.number)
        doc
          .font('body')
          .fontSize(10)
          .text(`Nomor: ${text(d.number)}`, { align: 'center' })
      doc.moveDown(1)

      for (const s of d.sections) {
        if (s.heading) doc.font('bold').fontSize(11).text(text(s.heading), left, doc.y, { width })
        doc.font('body').fontSize(10)
        for (const p of s.paragraphs ?? []) {
          doc.text(text(p), left, doc.y, { width, align: 'justify' })
          doc.moveDown(0.4)
        }
        for (const [label, value] of s.fields ?? []) {
          const y = doc.y
          doc.font('body').text(text(label), left, y, { width: 150 })
          const labelBottom = doc.y
          doc.text(`: ${text(value)}`, left + 155, y, { width: width - 155 })
          doc.y = Math.max(doc.y, labelBottom)
        }
        if (s.list && s.list.length > 0) {
          s.list.forEach((item, i) => {
            const y = doc.y
            doc.text(`${i + 1}.`, left, y, { width: 20 })
            doc.text(text(item), left + 20, y, { width: width - 20 })
          })
        }
        doc.moveDown(0.8)
      }

      // Signatures stay together: start a new page rather than split them.
      const blockHeight = 110
      if (doc.y + blockHeight > doc.page.height - doc.page.margins.bottom) doc.addPage()
      doc
        .font('body')
        .fontSize(10)
        .text(text(d.placeAndDate), left, doc.y, { width, align: 'right' })
      doc.moveDown(0.5)
      const count = Math.max(1, d.signatures.length)
      const colWidth = width / Math.min(count, 3)
      let rowTop = doc.y
      d.signatures.forEach((sig, i) => {
        const col = i % 3
        if (i > 0 && col === 0) {
          rowTop += blockHeight
          if (rowTop + blockHeight > doc.page.height - doc.page.margins.bottom) {
            doc.addPage()
            rowTop = doc.page.margins.top
          }
        }
        const x = left + col * colWidth
        doc.text(text(sig.role), x, rowTop, { width: colWidth, align: 'center' })
        doc.text(`( ${text(sig.name)} )`, x, rowTop + 70, { width: colWidth, align: 'center' })
      })
      doc.y = rowTop + blockHeight
    },
    {
      title: `${d.title}${d.number ? ` ${d.number}` : ''}`,
      ...(d.createdAt ? { createdAt: d.createdAt } : {}),
    },
  )
}
