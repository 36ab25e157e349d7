import { channelLabelsId, kindLabelsId } from '../../shared/labels'
import {
  RAPOR_BUCKETS,
  RAPOR_DEFINITIONS_ID,
  type ExportVariant,
  type RaporView,
} from '../../shared/rapor'
import { renderPdf, textBox } from './document'

// The report card as a PDF: figures, definitions and four charts drawn with
// pdfkit's vector primitives from the same numbers the screen shows.

const BUCKET_TITLES: Record<(typeof RAPOR_BUCKETS)[number], string> = {
  selesai: 'Selesai',
  proses: 'Proses',
  belum_ditindaklanjuti: 'Belum ditindaklanjuti',
  belum_terverifikasi: 'Belum terverifikasi',
}
const BUCKET_COLORS = ['#2e7d32', '#1565c0', '#ef6c00', '#757575']

const pct = (x: number | null) => (x === null ? '–' : `${x.toLocaleString('id-ID')}%`)
const num = (x: number | null) => (x === null ? '–' : x.toLocaleString('id-ID'))

function sliceText(view: RaporView): string {
  const f = view.filter
  const parts = [
    `Periode: ${f.fromMonth ?? 'awal'} s.d. ${f.toMonth ?? 'sekarang'}`,
    f.agency ? `Instansi: ${view.labels.agencies[f.agency] ?? f.agency}` : null,
    f.category ? `Kategori: ${view.labels.categories[f.category] ?? f.category}` : null,
    f.channel ? `Kanal: ${channelLabelsId[f.channel]}` : null,
    f.kind ? `Jenis: ${kindLabelsId[f.kind]}` : null,
  ]
  return parts.filter(Boolean).join(' · ')
}

interface Bar {
  label: string
  values: number[]
}

/** Horizontal stacked bars, one per item, with its total at the end. */
function barChart(
  doc: PDFKit.PDFDocument,
  title: string,
  bars: Bar[],
  x: number,
  y: number,
  width: number,
): number {
  textBox(doc, title, x, y, width, { font: 'bold', size: 10, maxLines: 1 })
  let top = y + 16
  const labelWidth = 120
  const max = Math.max(1, ...bars.map((b) => b.values.reduce((a, v) => a + v, 0)))
  const room = width - labelWidth - 50
  for (const bar of bars) {
    textBox(doc, bar.label, x, top + 1, labelWidth - 6, { size: 7, maxLines: 1 })
    let left = x + labelWidth
    bar.values.forEach((v, i) => {
      const w = (v / max) * room
      if (w > 0) doc.rect(left, top, w, 9).fill(BUCKET_COLORS[i % BUCKET_COLORS.length] as string)
      left += w
    })
    const total = bar.values.reduce((a, v) => a + v, 0)
    textBox(doc, num(total), left + 4, top + 1, 46, { size: 7, maxLines: 1 })
    top += 13
  }
  return top - y
}

/** Vertical bars (counts) with a line (a percentage on its own 0–100 scale). */
function monthChart(
  doc: PDFKit.PDFDocument,
  view: RaporView,
  x: number,
  y: number,
  width: number,
  height: number,
): number {
  textBox(doc, 'Pengaduan per bulan (batang) dan % dalam tenggat (garis)', x, y, width, {
    font: 'bold',
    size: 10,
    maxLines: 1,
  })
  const months = view.months.slice(-24)
  const top = y + 18
  const base = top + height
  doc
    .moveTo(x, base)
    .lineTo(x + width, base)
    .lineWidth(0.5)
    .stroke('#999999')
  if (months.length === 0) return height + 30
  const max = Math.max(1, ...months.map((m) => m.total))
  const step = width / months.length
  const points: Array<[number, number]> = []
  months.forEach((m, i) => {
    const h = (m.total / max) * height
    const hs = (m.selesai / max) * height
    const left = x + i * step + step * 0.15
    doc.rect(left, base - h, step * 0.7, h).fill('#90caf9')
    doc.rect(left, base - hs, step * 0.7, hs).fill('#2e7d32')
    if (m.withinDeadlinePct !== null) {
      points.push([x + i * step + step / 2, base - (m.withinDeadlinePct / 100) * height])
    }
    if (i % Math.ceil(months.length / 12) === 0) {
      textBox(doc, m.month, left - 4, base + 3, step * 2, { size: 6, maxLines: 1 })
    }
  })
  if (points.length > 1) {
    const [first, ...rest] = points as [[number, number], ...Array<[number, number]>]
    doc.moveTo(first[0], first[1])
    for (const [px, py] of rest) doc.lineTo(px, py)
    doc.lineWidth(1.2).stroke('#c62828')
  }
  textBox(doc, `maks. ${num(max)} pengaduan; garis merah: 0–100%`, x, base + 12, width, {
    size: 7,
    maxLines: 1,
    color: '#555555',
  })
  return height + 44
}

export function renderRaporPdf(
  view: RaporView,
  variant: ExportVariant,
  now: Date,
): Promise<Buffer> {
  const r = view.rapor
  return renderPdf(
    (doc) => {
      const x = 50
      const width = doc.page.width - 100
      let y = 50
      y += textBox(doc, 'Rapor Pengaduan Masyarakat', x, y, width, {
        font: 'bold',
        size: 16,
        maxLines: 1,
      })
      y += 4
      y += textBox(
        doc,
        variant === 'public'
          ? 'Varian: PUBLIK (tanpa pengaduan rahasia dan tanpa data pribadi)'
          : 'Varian: INTERNAL (termasuk pengaduan rahasia; jangan dibagikan ke luar)',
        x,
        y,
        width,
        { font: 'bold', size: 9, maxLines: 2, color: variant === 'public' ? '#1b5e20' : '#b71c1c' },
      )
      y += textBox(doc, `${sliceText(view)} · dibuat ${view.today}`, x, y + 2, width, {
        size: 8,
        maxLines: 2,
      })
      y += 10

      const rows: Array<[string, string]> = [
        ...RAPOR_BUCKETS.map((b): [string, string] => [BUCKET_TITLES[b], num(r.buckets[b])]),
        ['  di antaranya menunggu kelengkapan', num(r.waitingForComplainant)],
        ['Jumlah (empat kelompok)', num(r.total)],
        ['Diteruskan (terpisah)', num(r.apart.diteruskan)],
        ['Diarsipkan (terpisah)', num(r.apart.diarsipkan)],
        ['Persentase penyelesaian', pct(r.completionPct)],
        ['Rata-rata waktu tindak lanjut (hari kalender)', num(r.avgCalendarDays)],
        ['Rata-rata waktu tindak lanjut (hari kerja)', num(r.avgWorkingDays)],
        ['Dalam tenggat', pct(r.withinDeadlinePct)],
        [
          '  selesai dalam tenggat / terlambat',
          `${num(r.completedWithin)} / ${num(r.completedLate)}`,
        ],
        [
          '  terbuka lewat tenggat / masih dalam tenggat',
          `${num(r.openLate)} / ${num(r.openRunning)}`,
        ],
      ]
      for (const [label, value] of rows) {
        textBox(doc, label, x, y, width - 120, { size: 9, maxLines: 1 })
        textBox(doc, value, x + width - 110, y, 110, {
          size: 9,
          maxLines: 1,
          align: 'right',
          font: 'bold',
        })
        y += 13
      }
      y += 10
      y += monthChart(doc, view, x, y, width, 90)
      const legend = RAPOR_BUCKETS.map((b) => BUCKET_TITLES[b]).join(' · ')
      y += textBox(doc, `Warna batang: ${legend} (hijau, biru, jingga, abu-abu)`, x, y, width, {
        size: 7,
        maxLines: 1,
        color: '#555555',
      })
      // Named from the category list and the agency directory, not by their codes.
      const toBars = (
        points: RaporView['byCategory'],
        labels: Record<string, string>,
        none: string,
      ): Bar[] =>
        points.slice(0, 10).map((p) => ({
          label: p.key ? (labels[p.key] ?? p.key) : none,
          values: RAPOR_BUCKETS.map((b) => p.buckets[b]),
        }))
      y += 6
      barChart(
        doc,
        'Menurut kategori',
        toBars(view.byCategory, view.labels.categories, '(tanpa kategori)'),
        x,
        y,
        width,
      )
      doc.addPage()
      y = 50
      y += barChart(
        doc,
        'Menurut instansi',
        toBars(view.byAgency, view.labels.agencies, '(belum ditetapkan)'),
        x,
        y,
        width,
      )
      y += 10
      const compliance: Bar[] = [
        { label: 'Selesai dalam tenggat', values: [r.completedWithin] },
        { label: 'Selesai terlambat', values: [0, 0, r.completedLate] },
        { label: 'Terbuka lewat tenggat', values: [0, 0, 0, r.openLate] },
      ]
      y += barChart(doc, 'Kepatuhan tenggat', compliance, x, y, width)
      y += 14
      y += textBox(doc, 'Definisi', x, y, width, { font: 'bold', size: 11, maxLines: 1 })
      y += 4
      for (const d of RAPOR_DEFINITIONS_ID) {
        y += textBox(doc, `• ${d}`, x, y, width, { size: 8, maxLines: 8 }) + 4
      }
    },
    { title: 'Rapor Pengaduan Masyarakat', createdAt: now },
  )
}
