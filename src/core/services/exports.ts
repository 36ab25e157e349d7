import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { CaseStatus, Channel, Kind } from '../../shared/domain'
import { channelLabelsId, kindLabelsId, statusLabelsId } from '../../shared/labels'
import {
  EXPORT_CHUNK_BYTES,
  bucketOf,
  exportColumns,
  type ExportChunk,
  type ExportColumn,
  type ExportJob,
  type ExportFormat,
  type ExportVariant,
  type RaporFilter,
} from '../../shared/rapor'
import { dayInZone, zoneOr, type StationZone } from '../../shared/timeZone'
import { openCaseRow } from '../atRest'
import { cipherOf } from '../crypto/dataKey'
import type { Db } from '../db'
import { DomainError } from '../errors'
import { renderRaporPdf } from '../pdf/rapor'
import { applyCaseFilter, countSlice, getRapor } from './rapor'
import { stationZone } from './settings'
import { listNames, shownName, type ListNames } from './lists'

// Exports run as jobs: the file is written to the data folder's exports/
// directory a batch of rows at a time (CSV through a write stream, XLSX through
// exceljs' streaming writer), so memory stays bounded whatever the size. The
// window polls the progress, may cancel, and fetches the finished file in
// pieces, which both transports carry as plain API calls.

interface Job extends ExportJob {
  path: string
  abort: AbortController
  finishedAt: number | null
  /** Whoever started it may read confidential content. */
  confidentialContent: boolean
}

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

interface ExportRow {
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

export class ExportService {
  private readonly jobs = new Map<string, Job>()
  private readonly dir: string

  constructor(
    private readonly db: Db,
    dataDir: string,
    private readonly now: () => Date,
  ) {
    this.dir = join(dataDir, 'exports')
  }

  /** Left-over files from an earlier run are nobody's: clear them. */
  async init(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
    await mkdir(this.dir, { recursive: true })
  }

  /**
   * `confidentialContent` false (a role that may not read confidential content):
   * confidential cases keep their number, dates, channel, kind and status, and
   * their content is withheld, in every variant.
   */
  async start(
    input: {
      format: ExportFormat
      variant: ExportVariant
      filter: RaporFilter
      limit?: number | undefined
    },
    access: { confidentialContent: boolean },
  ): Promise<ExportJob> {
    await this.forgetOld()
    const id = randomUUID()
    const stamp = dayInZone(this.now(), await stationZone(this.db))
    const what = input.format === 'pdf' ? 'rapor' : 'pengaduan'
    const variant = input.variant === 'public' ? 'publik' : 'internal'
    const fileName = `${what}-${variant}-${stamp}.${input.format}`
    const job: Job = {
      id,
      format: input.format,
      variant: input.variant,
      state: 'running',
      done: 0,
      total: 0,
      fileName,
      size: 0,
      path: join(this.dir, `${id}.${input.format}`),
      abort: new AbortController(),
      finishedAt: null,
      confidentialContent: access.confidentialContent,
    }
    this.jobs.set(id, job)
    void this.run(job, input.filter, input.limit)
    return this.view(job)
  }

  progress(jobId: string): ExportJob {
    return this.view(this.get(jobId))
  }

  /** Cancels a running job, or discards a finished one's file. */
  async cancel(jobId: string): Promise<ExportJob> {
    const job = this.get(jobId)
    if (job.state === 'running') job.abort.abort()
    else await rm(job.path, { force: true })
    if (job.state !== 'running') this.jobs.delete(jobId)
    return this.view(job)
  }

  async chunk(jobId: string, offset: number): Promise<ExportChunk> {
    const job = this.get(jobId)
    if (job.state !== 'done') throw new DomainError('conflict', 'error.export_not_ready')
    const length = Math.max(0, Math.min(EXPORT_CHUNK_BYTES, job.size - offset))
    const buffer = Buffer.alloc(length)
    const handle = await open(job.path, 'r')
    let bytesRead: number
    try {
      ;({ bytesRead } = await handle.read(buffer, 0, length, offset))
    } finally {
      await handle.close()
    }
    // An internal file holds personal data in the clear: it leaves the data
    // folder as soon as its last piece has been handed over.
    if (job.variant === 'internal' && offset + bytesRead >= job.size) {
      await rm(job.path, { force: true })
      this.jobs.delete(job.id)
    }
    return {
      dataBase64: buffer.subarray(0, bytesRead).toString('base64'),
      offset,
      size: job.size,
      fileName: job.fileName,
    }
  }

  /** Waits for a job to end (tests and the benchmark). */
  async settled(jobId: string): Promise<ExportJob> {
    for (;;) {
      const job = this.get(jobId)
      if (job.state !== 'running') return this.view(job)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  filePath(jobId: string): string {
    return this.get(jobId).path
  }

  private get(jobId: string): Job {
    const job = this.jobs.get(jobId)
    if (!job) throw new DomainError('not_found')
    return job
  }

  private view(job: Job): ExportJob {
    const { id, format, variant, state, done, total, fileName, size } = job
    return { id, format, variant, state, done, total, fileName, size }
  }

  /** Finished jobs are kept an hour for their download, then removed. */
  private async forgetOld(): Promise<void> {
    const limit = Date.now() - 3_600_000
    for (const job of [...this.jobs.values()]) {
      if (job.finishedAt !== null && job.finishedAt < limit) {
        await rm(job.path, { force: true })
        this.jobs.delete(job.id)
      }
    }
  }

  private async run(job: Job, filter: RaporFilter, limit: number | undefined): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true })
      if (job.format === 'pdf') await this.writePdf(job, filter)
      else await this.writeCases(job, filter, limit)
      if (job.abort.signal.aborted) throw new Error('cancelled')
      job.size = (await stat(job.path)).size
      job.state = 'done'
    } catch (err) {
      await rm(job.path, { force: true })
      job.state = job.abort.signal.aborted ? 'cancelled' : 'failed'
      if (job.state === 'failed') console.error(err)
    } finally {
      job.finishedAt = Date.now()
    }
  }

  private async writePdf(job: Job, filter: RaporFilter): Promise<void> {
    job.total = 1
    const view = await getRapor(this.db, filter, this.now(), {
      publicOnly: job.variant === 'public',
      confidentialContent: job.confidentialContent,
    })
    const pdf = await renderRaporPdf(view, job.variant, this.now())
    await writeFile(job.path, pdf)
    job.done = 1
  }

  private async writeCases(job: Job, filter: RaporFilter, limit: number | undefined) {
    const publicOnly = job.variant === 'public'
    const access = { publicOnly, confidentialContent: job.confidentialContent }
    const counted = await countSlice(this.db, filter, this.now(), access)
    const zone = await stationZone(this.db)
    job.total = Math.min(counted, limit ?? Infinity)
    const columns = exportColumns(job.variant)
    const names = await listNames(this.db)
    const titles = columns.map((c) => COLUMN_TITLES[c])
    const stamp = this.now().toISOString()

    let sink: { rows(rows: Cell[][]): Promise<void>; end(): Promise<void> }
    if (job.format === 'csv') {
      const out = createWriteStream(job.path, { encoding: 'utf8' })
      // A byte-order mark so spreadsheet programs read the file as UTF-8.
      await write(out, `\ufeff${csvLine(['Varian', VARIANT_NOTE[job.variant]])}`)
      await write(out, csvLine(['Dibuat', stamp]))
      await write(out, '\r\n' + csvLine(titles))
      sink = {
        rows: (rows) => write(out, rows.map(csvLine).join('')),
        end: async () => {
          out.end()
          await once(out, 'close')
        },
      }
    } else {
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({
        filename: job.path,
        useStyles: false,
        useSharedStrings: false,
      })
      book.creator = 'Loket'
      book.created = this.now()
      const info = book.addWorksheet('Keterangan')
      info.addRow(['Varian', job.variant === 'public' ? 'publik' : 'internal']).commit()
      info.addRow(['Catatan', VARIANT_NOTE[job.variant]]).commit()
      info.addRow(['Dibuat', stamp]).commit()
      info.commit()
      const sheet = book.addWorksheet('Pengaduan')
      sheet.addRow(titles).commit()
      sink = {
        rows: async (rows) => {
          for (const r of rows) sheet.addRow(r).commit()
        },
        end: async () => {
          sheet.commit()
          await book.commit()
        },
      }
    }

    let after: { at: string; pk: number } | null = null
    let left = job.total
    try {
      while (left > 0) {
        if (job.abort.signal.aborted) break
        const q = this.db('cases as c')
          .leftJoin('rapor_facts as f', 'f.case_pk', 'c.pk')
          .orderBy([
            { column: 'c.received_at', order: 'desc' },
            { column: 'c.pk', order: 'desc' },
          ])
          .limit(Math.min(2000, left))
          .select(
            'c.pk',
            'c.id',
            'c.tracking_number',
            'c.received_at',
            'c.time_zone',
            'c.channel',
            'c.kind',
            'c.category',
            'c.category_code',
            'c.status',
            'c.agency_code',
            'c.subject',
            'c.description',
            'c.location',
            'c.reported_agency',
            'c.reported_agency_code',
            'c.reported_person',
            'c.reported_position',
            'c.anonymous',
            'c.confidential',
            // Read only when the variant may show it.
            publicOnly ? this.db.raw('NULL AS complainant') : 'c.complainant',
            'c.status_day',
            'f.due_day',
            'f.calendar_days',
            'f.working_days',
            'f.within',
          )
        applyCaseFilter(q, filter, { ...access, zone })
        if (after) q.whereRaw('(c.received_at, c.pk) < (?, ?)', [after.at, after.pk])
        const cipher = cipherOf(this.db)
        const rows = ((await q) as ExportRow[]).map((sealed) => {
          if (sealed.confidential && !job.confidentialContent) return withholdContent(sealed)
          return openCaseRow(cipher, sealed)
        })
        if (rows.length === 0) break
        await sink.rows(rows.map((r) => exportCells(r, columns, zone, names)))
        job.done += rows.length
        left -= rows.length
        const last = rows.at(-1) as ExportRow
        after = { at: last.received_at, pk: last.pk }
      }
    } finally {
      await sink.end()
    }
  }
}
