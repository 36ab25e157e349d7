import { createCanvas } from '@napi-rs/canvas'
import {
  getDocument,
  ImageKind,
  OPS,
  VerbosityLevel,
  type PDFDocumentProxy,
  type PDFPageProxy,
} from 'pdfjs-dist/legacy/build/pdf.mjs'

// PDFs read back the way a person would see them, with pdf.js (Mozilla's PDF
// reader) in plain Node and Skia from npm for pixels: no system tools.
//
// Text is read from the page's drawing operators rather than pdf.js's text
// layer: that gives every glyph's box, so words can be found as a text
// extractor finds them (letter spacing does not split a word; a gap wider than
// a tenth of the font size does) and boxed one by one.

/** A word on a page, boxed in points from the page's top left (font ascent to descent). */
export interface Word {
  text: string
  xMin: number
  yMin: number
  xMax: number
  yMax: number
  /** The baseline, in points from the top, and the font size. */
  baseline: number
  size: number
}

/** An image drawn on the page, as pdf.js decodes it. */
export interface DrawnImage {
  /** The operator that paints it: `paintImageXObject` for a plain image XObject. */
  op: string
  width: number
  height: number
  /** Decoded with an alpha channel, i.e. the image carries a soft mask. */
  alpha: boolean
}

type Matrix = [number, number, number, number, number, number]
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0]
const OP_NAMES = new Map<number, string>(Object.entries(OPS).map(([name, code]) => [code, name]))
// Past kerning and letter spacing, a gap wider than this (in font sizes) starts a new word,
// and so does a step back further than this: text drawn over text is not one word.
const WORD_BREAK = 0.1
const OVERLAP_BREAK = 0.2

/** `a` then `b`: PDF's row-vector order, as in Trm = Tfs·Tm·CTM. */
function times(a: ArrayLike<number>, b: ArrayLike<number>): Matrix {
  const [a0, a1, a2, a3, a4, a5] = Array.from(a) as Matrix
  const [b0, b1, b2, b3, b4, b5] = Array.from(b) as Matrix
  return [
    a0 * b0 + a1 * b2,
    a0 * b1 + a1 * b3,
    a2 * b0 + a3 * b2,
    a2 * b1 + a3 * b3,
    a4 * b0 + a5 * b2 + b4,
    a4 * b1 + a5 * b3 + b5,
  ]
}

function open(pdf: Uint8Array): Promise<PDFDocumentProxy> {
  // pdf.js takes ownership of the bytes it is given: hand it a copy.
  return getDocument({ data: new Uint8Array(pdf), verbosity: VerbosityLevel.ERRORS }).promise
}

async function withPdf<T>(pdf: Uint8Array, use: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const doc = await open(pdf)
  try {
    return await use(doc)
  } finally {
    await doc.destroy()
  }
}

interface Font {
  ascent?: number
  descent?: number
  vertical?: boolean
  fontMatrix?: number[]
  name?: string
}
interface Glyph {
  unicode: string
  width: number
  isSpace: boolean
}
interface Placed {
  char: string
  space: boolean
  xMin: number
  xMax: number
  /** Where the next glyph goes with no kerning: after the advance, letter and word spacing. */
  next: number
  baseline: number
  size: number
  ascent: number
  descent: number
}

/** Every glyph a page draws, in drawing order, in PDF user space (y up). */
async function placeGlyphs(page: PDFPageProxy): Promise<Placed[]> {
  const ops = await page.getOperatorList()
  const font = (id: string) =>
    new Promise<Font>((resolve) => page.commonObjs.get(id, (f: Font) => resolve(f)))
  interface State {
    ctm: Matrix
    charSpacing: number
    wordSpacing: number
    hScale: number
    leading: number
    rise: number
    font: Font | undefined
    size: number
  }
  let s: State = {
    ctm: IDENTITY,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    font: undefined,
    size: 0,
  }
  const stack: State[] = []
  let tm: Matrix = IDENTITY
  let tlm: Matrix = IDENTITY
  const moveLine = (tx: number, ty: number) => {
    tlm = times([1, 0, 0, 1, tx, ty], tlm)
    tm = tlm
  }
  const placed: Placed[] = []
  for (const [i, code] of ops.fnArray.entries()) {
    const args = ops.argsArray[i] as unknown[]
    const n = (k: number) => Number(args[k])
    switch (code) {
      case OPS.save:
        stack.push(s)
        break
      case OPS.restore:
        s = stack.pop() ?? s
        break
      case OPS.transform:
        s = { ...s, ctm: times(args as number[], s.ctm) }
        break
      // A form XObject draws in its own matrix, inside a save and restore of its own.
      case OPS.paintFormXObjectBegin:
        stack.push(s)
        s = { ...s, ctm: times(args[0] as ArrayLike<number>, s.ctm) }
        break
      case OPS.paintFormXObjectEnd:
        s = stack.pop() ?? s
        break
      case OPS.beginText:
        tm = tlm = IDENTITY
        break
      case OPS.setTextMatrix:
        tm = tlm = Array.from(args[0] as ArrayLike<number>) as Matrix
        break
      case OPS.moveText:
        moveLine(n(0), n(1))
        break
      case OPS.setLeadingMoveText:
        s = { ...s, leading: -n(1) }
        moveLine(n(0), n(1))
        break
      case OPS.nextLine:
        moveLine(0, -s.leading)
        break
      case OPS.setLeading:
        s = { ...s, leading: n(0) }
        break
      case OPS.setCharSpacing:
        s = { ...s, charSpacing: n(0) }
        break
      case OPS.setWordSpacing:
        s = { ...s, wordSpacing: n(0) }
        break
      case OPS.setHScale:
        s = { ...s, hScale: n(0) / 100 }
        break
      case OPS.setTextRise:
        s = { ...s, rise: n(0) }
        break
      case OPS.setFont:
        s = { ...s, font: await font(String(args[0])), size: n(1) }
        break
      case OPS.showText: {
        const f = s.font
        if (!f) throw new Error('text drawn before a font was set')
        if (f.vertical) throw new Error(`vertical text (font ${f.name}) is not read here`)
        if (typeof f.ascent !== 'number' || typeof f.descent !== 'number') {
          throw new Error(`font ${f.name} has no ascent and descent to box its words with`)
        }
        const unit = f.fontMatrix?.[0] ?? 0.001
        for (const g of args[0] as Array<Glyph | number | null>) {
          if (g === null) continue
          // A number in a TJ array shifts the next glyph left by thousandths of the font size.
          const advance =
            typeof g === 'number'
              ? (-g / 1000) * s.size * s.hScale
              : (g.width * unit * s.size + s.charSpacing + (g.isSpace ? s.wordSpacing : 0)) *
                s.hScale
          if (typeof g !== 'number') {
            const trm = times(times([s.size * s.hScale, 0, 0, s.size, 0, s.rise], tm), s.ctm)
            if (Math.abs(trm[1]) > 1e-6 || Math.abs(trm[2]) > 1e-6 || trm[0] <= 0 || trm[3] <= 0) {
              throw new Error('rotated or mirrored text is not read here')
            }
            const [x, y] = [trm[4], trm[5]]
            // Text space to page space along the line: the matrix without the font size.
            const scale = trm[0] / (s.size * s.hScale)
            placed.push({
              char: g.unicode,
              space: g.isSpace || /^\s+$/.test(g.unicode),
              xMin: x,
              xMax: x + g.width * unit * trm[0],
              next: x + advance * scale,
              baseline: y,
              size: trm[3],
              ascent: f.ascent,
              descent: f.descent,
            })
          }
          tm = times([1, 0, 0, 1, advance, 0], tm)
        }
        break
      }
    }
  }
  return placed
}

/** Words of one page: glyphs on one baseline without a space or a gap between them. */
async function pageWords(doc: PDFDocumentProxy, pageNumber: number): Promise<Word[]> {
  const page = await doc.getPage(pageNumber)
  const [left = 0, , , top = 0] = page.view
  const words: Word[] = []
  let current: Placed[] = []
  const flush = () => {
    const first = current[0]
    const last = current.at(-1)
    if (first && last) {
      const size = first.size
      words.push({
        text: current.map((g) => g.char).join(''),
        xMin: first.xMin - left,
        xMax: last.xMax - left,
        yMin: top - (first.baseline + first.ascent * size),
        yMax: top - (first.baseline + first.descent * size),
        baseline: top - first.baseline,
        size,
      })
    }
    current = []
  }
  let prev: Placed | undefined
  for (const g of await placeGlyphs(page)) {
    const joined =
      prev !== undefined &&
      !prev.space &&
      Math.abs(g.baseline - prev.baseline) < 0.01 &&
      g.xMin - prev.next <= WORD_BREAK * g.size &&
      g.xMin - prev.next >= -OVERLAP_BREAK * g.size
    if (!joined) flush()
    if (!g.space) current.push(g)
    prev = g
  }
  flush()
  return words
}

/** Page count, the first page's size in points and the document information dictionary. */
export function pdfInfo(
  pdf: Uint8Array,
): Promise<{ pages: number; width: number; height: number; info: Record<string, unknown> }> {
  return withPdf(pdf, async (doc) => {
    const page = await doc.getPage(1)
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view
    const { info } = await doc.getMetadata()
    return {
      pages: doc.numPages,
      width: x1 - x0,
      height: y1 - y0,
      info: Object.fromEntries(Object.entries(info)),
    }
  })
}

/** The words of one page, in drawing order. */
export function pdfWords(pdf: Uint8Array, pageNumber = 1): Promise<Word[]> {
  return withPdf(pdf, (doc) => pageWords(doc, pageNumber))
}

/**
 * The text of every page in reading order: words on one baseline make a line
 * (left to right, one space between words), lines run top to bottom, pages are
 * separated by a form feed.
 */
export function pdfText(pdf: Uint8Array): Promise<string> {
  return withPdf(pdf, async (doc) => {
    const pages: string[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const words = (await pageWords(doc, n)).sort((a, b) => a.baseline - b.baseline)
      const lines: Word[][] = []
      for (const word of words) {
        const line = lines.at(-1)
        const first = line?.[0]
        // One line: baselines within a quarter of the smaller font size.
        if (
          line &&
          first &&
          Math.abs(first.baseline - word.baseline) <= Math.min(first.size, word.size) / 4
        ) {
          line.push(word)
        } else {
          lines.push([word])
        }
      }
      pages.push(
        lines
          .map((line) =>
            line
              .sort((a, b) => a.xMin - b.xMin)
              .map((w) => w.text)
              .join(' '),
          )
          .join('\n'),
      )
    }
    return pages.join('\f')
  })
}

/** Every image painted on one page: image XObjects, inline images and image masks alike. */
export function drawnImages(pdf: Uint8Array, pageNumber = 1): Promise<DrawnImage[]> {
  return withPdf(pdf, async (doc) => {
    const page = await doc.getPage(pageNumber)
    const ops = await page.getOperatorList()
    const images: DrawnImage[] = []
    for (const [i, code] of ops.fnArray.entries()) {
      const op = OP_NAMES.get(code) ?? String(code)
      if (!/^paint.*Image/.test(op)) continue
      const args = ops.argsArray[i] as unknown[]
      const id = args[0]
      const decoded =
        op === 'paintImageXObject' && typeof id === 'string'
          ? await new Promise<{ width: number; height: number; kind: number }>((resolve) =>
              page.objs.get(id, resolve),
            )
          : undefined
      images.push({
        op,
        width: decoded?.width ?? Number(args[1]),
        height: decoded?.height ?? Number(args[2]),
        // pdf.js merges a soft mask into the decoded pixels as their alpha channel.
        alpha: decoded?.kind === ImageKind.RGBA_32BPP,
      })
    }
    return images
  })
}

/** Fraction of dark pixels (luminance under half) when page 1 is rendered in greyscale at `dpi`. */
export function darkFraction(pdf: Uint8Array, dpi: number): Promise<number> {
  return withPdf(pdf, async (doc) => {
    const page = await doc.getPage(1)
    const viewport = page.getViewport({ scale: dpi / 72 })
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height))
    // pdf.js paints the white page itself before drawing on it.
    // Skia's canvas stands in for the browser's, which pdf.js's types name.
    const target = canvas as unknown as Parameters<PDFPageProxy['render']>[0]['canvas']
    await page.render({ canvas: target, viewport }).promise
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
    let dark = 0
    for (let p = 0; p < data.length; p += 4) {
      const luminance = 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!
      if (luminance < 128) dark++
    }
    return dark / (data.length / 4)
  })
}
