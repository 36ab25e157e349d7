import type { ConflictItem, SyncStatus } from '../../shared/api'
import type { Batch } from '../../shared/sync'
import type { Db } from '../db'
import { DomainError } from '../errors'
import type { EventLog } from '../eventLog'
import { readSetting } from '../services/settings'
import { uploadAttachments } from './attachments'
import { exportBatch, signBatchFile } from './batchFiles'
import { enrol, type EnrolInput } from './enrolment'
import { syncKey } from './keys'
import { SyncLoop, type LoopTimers } from './loop'
import { applyPages, pull, type PulledPage } from './pull'
import { nextBatch, push } from './push'
import { StationSigner } from './signer'
import { runRecord, syncConflicts, syncStatus } from './status'
import { SignedTransport, type FetchLike } from './transport'
import type { WorkerPool } from '../workers/pool'

export type { FetchLike } from './transport'
export type { LoopTimers } from './loop'
export type { PulledPage } from './pull'

// The station's side of sync: enrolment, push of the outbox in signed batches,
// attachments in resumable chunks, pull of the centre's events, and batch
// files for stations that never see the network. This facade wires the parts
// (one module each, beside it) to one database, one signer and one loop.

export interface SyncOptions {
  db: Db
  log: EventLog
  /** Read only: the station code is not kept here but read from settings where it is used. */
  identity: { readonly stationId: string }
  dataDir: string
  now: () => Date
  /** The station's worker threads: pulled pages are checked and sealed there. */
  workers: WorkerPool
  fetch?: FetchLike
  random?: () => number
  /** Pause between cycles when all is well, to pull the centre's news. */
  intervalMs?: number
  /** Longest pause after failures; the first retry after the server returns comes within it. */
  maxBackoffMs?: number
  requestTimeoutMs?: number
  /** Start the loop after enrolment (the desk's default); tests drive it by hand. */
  autoStart?: boolean
  /** Events per batch at most (tests make it small so one push spans several batches). */
  batchEvents?: number
  /** The loop's timers; they must follow `now`. */
  timers?: LoopTimers
  onError?: (err: unknown) => void
}

export class SyncClient {
  private readonly signer: StationSigner
  private readonly transport: SignedTransport
  private readonly loop: SyncLoop

  constructor(private readonly o: SyncOptions) {
    const { db, now } = o
    this.signer = new StationSigner(db)
    this.transport = new SignedTransport({
      db,
      stationId: this.stationId,
      now,
      signer: this.signer,
      fetch: o.fetch ?? ((url, init) => fetch(url, init as RequestInit)),
      timeoutMs: o.requestTimeoutMs ?? 30_000,
    })
    this.loop = new SyncLoop({
      now,
      random: o.random,
      intervalMs: o.intervalMs,
      maxBackoffMs: o.maxBackoffMs,
      timers: o.timers,
      enrolled: () => this.enrolled(),
      attempted: () => runRecord.attempted(db, now()),
      exchange: async () => {
        await push({ ...this.outbox, transport: this.transport })
        await uploadAttachments({ db, dataDir: o.dataDir, transport: this.transport })
        await pull({ ...this.pullTarget, transport: this.transport })
      },
      succeeded: () => runRecord.succeeded(db, now()),
      failed: (err) => runRecord.failed(db, err, o.onError),
    })
  }

  get stationId(): string {
    return this.o.identity.stationId
  }

  /** The run under way, if any (tests on a fake clock wait for it). */
  get inFlight(): Promise<void> | null {
    return this.loop.inFlight
  }

  private get outbox() {
    return {
      db: this.o.db,
      stationId: this.stationId,
      signer: this.signer,
      batchEvents: this.o.batchEvents,
    }
  }

  private get pullTarget() {
    return { db: this.o.db, log: this.o.log, stationId: this.stationId, workers: this.o.workers }
  }

  async enrolled(): Promise<boolean> {
    return (await readSetting(this.o.db, syncKey.enrolledAt)) !== undefined
  }

  async enrol(input: EnrolInput): Promise<SyncStatus> {
    if (await this.enrolled()) throw new DomainError('conflict', 'error.sync_enrolled')
    const { db, now } = this.o
    await enrol({ db, now, stationId: this.stationId, transport: this.transport }, input)
    if (this.o.autoStart !== false) this.start()
    return this.status()
  }

  // The loop.

  start(): void {
    this.loop.start()
  }

  stop(): Promise<void> {
    return this.loop.stop()
  }

  /** Something new was written: send it soon (see SyncLoop.nudge). */
  nudge(): void {
    this.loop.nudge()
  }

  /** One full exchange: push, attachments, pull. Records success or the failure in words. */
  runOnce(): Promise<void> {
    return this.loop.runOnce()
  }

  // The parts that tests, tools and the bench reach directly.

  /** The next batch of unacknowledged events after `afterSeq`, bounded in count and bytes, signed. */
  nextBatch(afterSeq: number): Promise<Batch | null> {
    return nextBatch(this.outbox, afterSeq)
  }

  /** Stores and applies pages of the centre's events (see pull.ts). */
  applyPages(pages: AsyncIterable<PulledPage> | Iterable<PulledPage>): Promise<number> {
    return applyPages(this.pullTarget, pages)
  }

  // Batch files.

  async exportBatch(afterSeq: number): Promise<{ batch: Batch | null; remaining: number }> {
    if (!(await this.enrolled())) throw new DomainError('conflict', 'error.sync_not_enrolled')
    return exportBatch(this.outbox, afterSeq)
  }

  signBatchFile(input: {
    createdAt: string
    contentHashes: string[]
  }): Promise<{ stationId: string; signature: string }> {
    return signBatchFile(this.outbox, input)
  }

  // What the desk sees.

  status(): Promise<SyncStatus> {
    return syncStatus(this.o.db, this.stationId, this.loop.state)
  }

  conflicts(): Promise<ConflictItem[]> {
    return syncConflicts(this.o.db)
  }
}
