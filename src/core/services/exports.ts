import { randomUUID } from 'node:crypto'
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  EXPORT_CHUNK_BYTES,
  exportColumns,
  type ExportChunk,
  type ExportJob,
  type ExportFormat,
  type ExportVariant,
  type RaporFilter,
} from '../../shared/rapor'
import { dayInZone } from '../../shared/timeZone'
import type { Db } from '../db'
import { DomainError } from '../errors'
import type { WorkerPool } from '../workers/pool'
import type { ExportRow } from './exportFile'
import { applyCaseFilter, countSlice, getRapor } from './rapor'
import { stationZone } from './settings'

// Exports run as jobs: the file is written to the data folder's exports/
// directory a batch of rows at a time (CSV through a write stream, XLSX through
// exceljs' streaming writer), so memory stays bounded whatever the size. This
// thread reads the batches from the database; a worker thread opens their
// sealed columns and writes the file (exportFile.ts), and renders the rapor's
// PDF. The window polls the progress, may cancel, and fetches the finished
// file in pieces, which both transports carry as plain API calls.

interface Job extends ExportJob {
  path: string
  abort: AbortController
  finishedAt: number | null
  /** Whoever started it may read confidential content. */
  confidentialContent: boolean
}

export class ExportService {
  private readonly jobs = new Map<string, Job>()
  private readonly dir: string

  constructor(
    private readonly db: Db,
    dataDir: string,
    private readonly now: () => Date,
    private readonly workers: WorkerPool,
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
    const pdf = await this.workers.renderPdf('pdf.rapor', {
      view,
      variant: job.variant,
      now: this.now(),
    })
    await writeFile(job.path, pdf)
    job.done = 1
  }

  private async writeCases(job: Job, filter: RaporFilter, limit: number | undefined) {
    const publicOnly = job.variant === 'public'
    const access = { publicOnly, confidentialContent: job.confidentialContent }
    const counted = await countSlice(this.db, filter, this.now(), access)
    const zone = await stationZone(this.db)
    job.total = Math.min(counted, limit ?? Infinity)
    const file = await this.workers.exportFile({
      path: job.path,
      format: job.format === 'csv' ? 'csv' : 'xlsx',
      variant: job.variant,
      columns: exportColumns(job.variant),
      zone,
      created: this.now(),
      confidentialContent: job.confidentialContent,
    })

    let after: { at: string; pk: number } | null = null
    let left = job.total
    let writing: Promise<void> = Promise.resolve()
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
            'c.status',
            'c.agency_code',
            'c.subject',
            'c.description',
            'c.location',
            'c.reported_agency',
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
        const rows = (await q) as ExportRow[]
        if (rows.length === 0) break
        // The worker writes this batch while the next one is read; it has at
        // most one batch waiting, so memory stays bounded.
        await writing
        writing = file.rows(rows).then(() => {
          job.done += rows.length
        })
        // A failure surfaces at the next await of `writing`, not as unhandled meanwhile.
        writing.catch(() => undefined)
        left -= rows.length
        const last = rows.at(-1) as ExportRow
        after = { at: last.received_at, pk: last.pk }
      }
      await writing
    } finally {
      // Written or not, the file is closed before the job decides what becomes of it.
      await writing.catch(() => undefined)
      await file.end()
    }
  }
}
