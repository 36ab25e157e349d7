import { describe, expect, it } from 'vitest'
import { renderPdf } from '../../src/core/pdf/document'
import { darkFraction, drawnImages, pdfInfo, pdfText, pdfWords } from './pdf'

// The PDF reader the document tests rely on: it must see what a person sees,
// or their checks (text present, words tidy, ink on the page) prove nothing.

const info = { title: 'Uji pembaca', createdAt: new Date(Date.UTC(2026, 0, 1)) }

describe('the test PDF reader', () => {
  it('reads lines top to bottom and words left to right, whatever the drawing order', async () => {
    const pdf = await renderPdf((doc) => {
      doc.fontSize(10).text('kedua baris', 50, 200, { lineBreak: false })
      doc.text('kanan', 300, 100, { lineBreak: false })
      doc.text('kiri', 50, 100, { lineBreak: false })
    }, info)
    expect(await pdfText(pdf)).toBe('kiri kanan\nkedua baris')
    expect((await pdfInfo(pdf)).info['Title']).toBe('Uji pembaca')
  })

  it('keeps a letter-spaced word whole and splits justified words', async () => {
    const pdf = await renderPdf((doc) => {
      doc.font('bold').fontSize(12).text('RAHASIA', 50, 100, { characterSpacing: 3 })
      doc
        .font('body')
        .fontSize(10)
        .text(
          'satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas '.repeat(3),
          50,
          150,
          {
            width: 300,
            align: 'justify',
          },
        )
    }, info)
    const words = await pdfWords(pdf)
    expect(words[0]?.text).toBe('RAHASIA')
    // Justified lines carry their word gaps as positions, not spaces: still one word each.
    expect(words.map((w) => w.text)).toContain('sembilan')
    expect(words.every((w) => !w.text.includes(' '))).toBe(true)
    expect(words.filter((w) => w.text === 'satu')).toHaveLength(3)
  })

  it('boxes words where they are drawn, so text over text overlaps', async () => {
    const pdf = await renderPdf((doc) => {
      doc.fontSize(10).text('tindih', 100, 100, { lineBreak: false })
      doc.text('timpa', 104, 102, { lineBreak: false })
    }, info)
    const [a, b] = await pdfWords(pdf)
    expect(a?.text).toBe('tindih')
    expect(b?.text).toBe('timpa')
    // Font size 10: the box runs from about 9.3 pt above the baseline to 2.4 below.
    expect(a!.xMin).toBeCloseTo(100, 3)
    expect(a!.yMax - a!.yMin).toBeCloseTo(10 * (0.928 + 0.236), 1)
    expect(b!.xMin).toBeLessThan(a!.xMax)
    expect(b!.yMin).toBeLessThan(a!.yMax)
  })

  it('counts images and ink', async () => {
    const blank = await renderPdf(() => {}, info)
    expect(await drawnImages(blank)).toEqual([])
    expect(await darkFraction(blank, 30)).toBe(0)
    const inked = await renderPdf((doc) => {
      doc.rect(0, 0, 595.28 / 2, 841.89).fill('#000000')
    }, info)
    expect(await darkFraction(inked, 30)).toBeCloseTo(0.5, 1)
  })
})
