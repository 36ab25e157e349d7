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
import { listNames } from './lists'
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

/** Cases read (and handed to the worker) at a time. */
const BATCH = 2000

/** What an export reads of a case, by the name its row carries: one list for the query and its JSON. */
const READ: ReadonlyArray<[keyof ExportRow, string]> = [
  ['pk', 'c.pk'],
  ['id', 'c.id'],
  ['tracking_number', 'c.tracking_number'],
  ['received_at', 'c.received_at'],
  ['time_zone', 'c.time_zone'],
  ['channel', 'c.channel'],
  ['kind', 'c.kind'],
  ['category', 'c.category'],
  ['category_code', 'c.category_code'],
  ['status', 'c.status'],
  ['agency_code', 'c.agency_code'],
  ['subject', 'c.subject'],
  ['description', 'c.description'],
  ['location', 'c.location'],
  ['reported_agency', 'c.reported_agency'],
  ['reported_agency_code', 'c.reported_agency_code'],
  ['reported_person', 'c.reported_person'],
  ['reported_position', 'c.reported_position'],
  ['anonymous', 'c.anonymous'],
  ['confidential', 'c.confidential'],
  ['complainant', 'c.complainant'],
  ['status_day', 'c.status_day'],
  ['due_day', 'f.due_day'],
  ['calendar_days', 'f.calendar_days'],
  ['working_days', 'f.working_days'],
  ['within', 'f.within'],
]

/** A batch as SQLite hands it over: its rows as the bytes of one JSON array, and where it ended. */
interface Batch {
  n: number
  rows: Buffer
  last_at: string
  last_pk: number
}

/**
 * SQLite builds each batch as the UTF-8 bytes of one JSON array, on its own
 * thread, so this thread neither makes 2,000 rows into objects nor clones them
 * to the worker: the bytes move there (transferred). With rows as objects the
 * stall bench's export read p99 166 ms, with bytes 56 to 60 ms
 * (bench/RESULTS.md). Built from `READ`; the batch's query is bound in.
 */
const BATCH_AS_JSON = `WITH page AS MATERIALIZED ?
SELECT count(*) AS n,
  CAST(json_group_array(json_object(${READ.map(([name]) => `'${name}', ${name}`).join(', ')})
    ORDER BY received_at DESC, pk DESC) AS BLOB) AS rows,
  (SELECT received_at FROM page ORDER BY received_at, pk LIMIT 1) AS last_at,
  (SELECT pk FROM page ORDER BY received_at, pk LIMIT 1) AS last_pk
FROM page`

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
      names: await listNames(this.db),
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
          .limit(Math.min(BATCH, left))
          .select(
            READ.map(([name, column]) =>
              // Read only when the variant may show it.
              name === 'complainant' && publicOnly
                ? this.db.raw('NULL AS complainant')
                : `${column} as ${name}`,
            ),
          )
        applyCaseFilter(q, filter, { ...access, zone })
        if (after) q.whereRaw('(c.received_at, c.pk) < (?, ?)', [after.at, after.pk])
        const [batch] = (await this.db.raw(BATCH_AS_JSON, [q])) as Batch[]
        if (!batch || batch.n === 0) break
        // The worker writes this batch while the next one is read; it has at
        // most one batch waiting, so memory stays bounded.
        await writing
        writing = file.rows(batch.rows).then(() => {
          job.done += batch.n
        })
        // A failure surfaces at the next await of `writing`, not as unhandled meanwhile.
        writing.catch(() => undefined)
        left -= batch.n
        after = { at: batch.last_at, pk: batch.last_pk }
      }
      await writing
    } finally {
      // Written or not, the file is closed before the job decides what becomes of it.
      await writing.catch(() => undefined)
      await file.end()
    }
  }
}
