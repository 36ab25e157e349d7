import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import ExcelJS from 'exceljs'
import type { CaseStatus, Channel, Kind } from '../../shared/domain'
import { channelLabelsId, kindLabelsId, statusLabelsId } from '../../shared/labels'
import { bucketOf, type ExportColumn, type ExportVariant } from '../../shared/rapor'
import { dayInZone, zoneOr, type StationZone } from '../../shared/timeZone'
import { openCaseRow } from '../atRest'
import type { DataCipher } from '../crypto/dataKey'
import { shownName, type ListNames } from './lists'

// An export file as it is written: the cells of each case in the variant's
// columns, as CSV through a write stream or XLSX through exceljs' streaming
// writer. It runs in a worker thread (see workers/), which receives the rows
// as the database gave them, a batch at a time, and opens their sealed
// columns itself, so the thread that serves the window only reads the
// database.

export const COLUMN_TITLES: Record<ExportColumn, string> = {
  trackingNumber: 'Nomor registrasi',
  receivedDay: 'Tanggal diterima',
  channel: 'Kanal',
  kind: 'Jenis',
  category: 'Kategori',
  status: 'Status',
  bucket: 'Kelompok rapor',
  agency: 'Instansi',
  subject: 'Perihal',
  description: 'Uraian',
  location: 'Lokasi',
  reportedAgency: 'Terlapor: instansi',
  reportedPerson: 'Terlapor: nama',
  reportedPosition: 'Terlapor: jabatan',
  anonymous: 'Anonim',
  confidential: 'Rahasia',
  complainantName: 'Nama pelapor',
  complainantNik: 'NIK pelapor',
  complainantPhone: 'Telepon pelapor',
  complainantEmail: 'E-mail pelapor',
  complainantAddress: 'Alamat pelapor',
  statusDay: 'Tanggal status terakhir',
  dueDay: 'Tenggat',
  calendarDays: 'Waktu tindak lanjut (hari kalender)',
  workingDays: 'Waktu tindak lanjut (hari kerja)',
  withinDeadline: 'Selesai dalam tenggat',
}

export const VARIANT_NOTE: Record<ExportVariant, string> = {
  public:
    'PUBLIK: tanpa pengaduan rahasia dan tanpa data pribadi (nama, NIK, telepon, e-mail, alamat pelapor, nama terlapor, uraian dan lokasi); identitas pelapor anonim tidak pernah dimuat.',
  internal:
    'INTERNAL: untuk penanganan di instansi; memuat data pribadi pelapor yang tidak anonim. Jangan dibagikan ke luar. Identitas pelapor anonim tidak pernah dimuat.',
}

const BUCKET_LABELS: Record<string, string> = {
  selesai: 'Selesai',
  proses: 'Proses',
  belum_ditindaklanjuti: 'Belum ditindaklanjuti',
  belum_terverifikasi: 'Belum terverifikasi',
  diteruskan: 'Diteruskan (di luar rapor)',
  diarsipkan: 'Diarsipkan (di luar rapor)',
}

/** A case row as the export reads it, sealed columns still sealed. */
export interface ExportRow {
  pk: number
  id: string
  tracking_number: string
  received_at: string
  time_zone: string | null
  channel: Channel
  kind: Kind
  category: string | null
  category_code: string | null
  status: CaseStatus
  agency_code: string | null
  subject: string
  description: string
  location: string | null
  reported_agency: string | null
  reported_agency_code: string | null
  reported_person: string | null
  reported_position: string | null
  anonymous: number | boolean
  confidential: number | boolean
  complainant: string | null
  status_day: string | null
  due_day: string | null
  calendar_days: number | null
  working_days: number | null
  within: number | null
}

type Cell = string | number | null

/** What is left of a confidential case for a reader who may not see its content. */
function withholdContent(r: ExportRow): ExportRow {
  return {
    ...r,
    subject: 'Isi dirahasiakan',
    description: '',
    category: null,
    category_code: null,
    location: null,
    reported_agency: null,
    reported_agency_code: null,
    reported_person: null,
    reported_position: null,
    complainant: null,
  }
}

/**
 * One case as export cells, in the variant's columns, with the names of its
 * list entries. Personal data never for anonymous cases.
 */
export function exportCells(
  r: ExportRow,
  columns: readonly ExportColumn[],
  zone: StationZone,
  names: ListNames,
): Cell[] {
  const person =
    !r.anonymous && r.complainant
      ? (JSON.parse(r.complainant) as Record<string, string | null | undefined>)
      : {}
  const done = r.status === 'selesai'
  const value: Record<ExportColumn, () => Cell> = {
    trackingNumber: () => r.tracking_number,
    receivedDay: () => dayInZone(r.received_at, zoneOr(r.time_zone, zone)),
    channel: () => channelLabelsId[r.channel],
    kind: () => kindLabelsId[r.kind],
    category: () => shownName(names.categories, r.category_code, r.category),
    status: () => statusLabelsId[r.status],
    bucket: () => BUCKET_LABELS[bucketOf(r.status)] ?? '',
    agency: () => shownName(names.agencies, r.agency_code, null),
    subject: () => r.subject,
    description: () => r.description,
    location: () => r.location,
    reportedAgency: () => shownName(names.agencies, r.reported_agency_code, r.reported_agency),
    reportedPerson: () => r.reported_person,
    reportedPosition: () => r.reported_position,
    anonymous: () => (r.anonymous ? 'ya' : 'tidak'),
    confidential: () => (r.confidential ? 'ya' : 'tidak'),
    complainantName: () => person.name ?? null,
    complainantNik: () => person.nik ?? null,
    complainantPhone: () => person.phone ?? null,
    complainantEmail: () => person.email ?? null,
    complainantAddress: () => person.address ?? null,
    statusDay: () => r.status_day,
    dueDay: () => r.due_day || null,
    calendarDays: () => (done ? r.calendar_days : null),
    workingDays: () => (done ? r.working_days : null),
    withinDeadline: () => (done ? (r.within ? 'ya' : 'tidak') : null),
  }
  return columns.map((c) => value[c]())
}

function csvField(v: Cell): string {
  if (v === null) return ''
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

const csvLine = (cells: Cell[]) => `${cells.map(csvField).join(',')}\r\n`

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain')
}

/** What an export file is made of, all decided by the job before the first row. */
export interface ExportFileSpec {
  path: string
  format: 'csv' | 'xlsx'
  variant: ExportVariant
  columns: readonly ExportColumn[]
  zone: StationZone
  /** The lists' names by code, as they stood when the job started. */
  names: ListNames
  /** When the job started (written in the file). */
  created: Date
  /** Whoever started it may read confidential content. */
  confidentialContent: boolean
}

/** One export file being written: its rows in batches, then its end. */
export class ExportFileWriter {
  private constructor(
    private readonly spec: ExportFileSpec,
    private readonly cipher: DataCipher,
    private readonly sink: { rows(rows: Cell[][]): Promise<void>; end(): Promise<void> },
  ) {}

  static async open(spec: ExportFileSpec, cipher: DataCipher): Promise<ExportFileWriter> {
    const titles = spec.columns.map((c) => COLUMN_TITLES[c])
    const stamp = spec.created.toISOString()
    if (spec.format === 'csv') {
      const out = createWriteStream(spec.path, { encoding: 'utf8' })
      // A byte-order mark so spreadsheet programs read the file as UTF-8.
      await write(out, `\ufeff${csvLine(['Varian', VARIANT_NOTE[spec.variant]])}`)
      await write(out, csvLine(['Dibuat', stamp]))
      await write(out, '\r\n' + csvLine(titles))
      return new ExportFileWriter(spec, cipher, {
        rows: (rows) => write(out, rows.map(csvLine).join('')),
        end: async () => {
          out.end()
          await once(out, 'close')
        },
      })
    }
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: spec.path,
      useStyles: false,
      useSharedStrings: false,
    })
    book.creator = 'Loket'
    book.created = spec.created
    const info = book.addWorksheet('Keterangan')
    info.addRow(['Varian', spec.variant === 'public' ? 'publik' : 'internal']).commit()
    info.addRow(['Catatan', VARIANT_NOTE[spec.variant]]).commit()
    info.addRow(['Dibuat', stamp]).commit()
    info.commit()
    const sheet = book.addWorksheet('Pengaduan')
    sheet.addRow(titles).commit()
    return new ExportFileWriter(spec, cipher, {
      rows: async (rows) => {
        for (const r of rows) sheet.addRow(r).commit()
      },
      end: async () => {
        sheet.commit()
        await book.commit()
      },
    })
  }

  /** Writes a batch of rows as the database gave them. */
  rows(sealed: ExportRow[]): Promise<void> {
    const { columns, zone, names, confidentialContent } = this.spec
    return this.sink.rows(
      sealed.map((r) =>
        exportCells(
          r.confidential && !confidentialContent ? withholdContent(r) : openCaseRow(this.cipher, r),
          columns,
          zone,
          names,
        ),
      ),
    )
  }

  /** Finishes the file (also after a cancel, so it is closed before it is removed). */
  end(): Promise<void> {
    return this.sink.end()
  }
}
