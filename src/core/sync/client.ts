import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
} from 'node:crypto'
import type { Knex } from 'knex'
import type { ConflictItem, SyncStatus } from '../../shared/api'
import { canonicalJson } from '../../shared/canonicalJson'
import type { StoredEvent } from '../../shared/events'
import { parseHlc } from '../../shared/hlc'
import {
  AUTH_HEADERS,
  BATCH_MAX_BYTES,
  BATCH_MAX_EVENTS,
  CHUNK_BYTES,
  attachmentStateSchema,
  backoffMs,
  batchAckSchema,
  batchContentMaterial,
  batchFileSigningMaterial,
  batchSigningMaterial,
  enrolResponseSchema,
  eventHashMaterialFrom,
  pullResponseSchema,
  refusalSchema,
  requestSigningMaterial,
  SYNC_PROTOCOL,
  type Batch,
  type WireEvent,
} from '../../shared/sync'
import { insertJsonRows, type Db } from '../db'
import { DomainError } from '../errors'
import type { EventLog } from '../eventLog'
import { EVENT_COLUMNS, rowToEvent, type EventRow } from '../eventLog'
import { aad, SIGNING_KEY_AAD } from '../atRest'
import { cipherOf } from '../crypto/dataKey'
import { applyEvent, rebuildCase } from '../projections'
import { readAttachment } from '../services/attachments'
import { readSetting, stationZone, writeSetting } from '../services/settings'

/** Batches in flight at once during a push. */
const PUSH_WINDOW = 2
/** SQLite's default: the log is copied back into the database every 1,000 pages. */
const WAL_AUTOCHECKPOINT = 1000
/** During a pull: every 16,384 pages of 4 KiB (64 MiB). */
const PULL_WAL_AUTOCHECKPOINT = 16_384
/** Events asked for per pull request. */
const PULL_PAGE = 500
/** Most pulled events applied in one transaction. */
const APPLY_GROUP_EVENTS = 5000
/** Pulled events checked and sealed between two turns of the event loop. */
const PREPARE_SLICE = 100
/** A save waits this long for the next one, so a burst goes out as one batch. */
const NUDGE_DEBOUNCE_MS = 300
/** ...but never longer than this after the first unsent save, however busy the desk. */
const NUDGE_MAX_WAIT_MS = 2000

/** The timer functions the loop uses; tests pass fake ones driven by a fake clock. */
export interface LoopTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const systemTimers: LoopTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    // The loop never keeps the process alive by itself.
    t.unref()
    return t
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

/** A page of the centre's events and the cursor after it. */
export interface PulledPage {
  events: WireEvent[]
  cursor: number
}

// The station's side of sync: enrolment, push of the outbox in signed batches,
// attachments in resumable chunks, pull of the centre's events, and batch
// files for stations that never see the network. It runs on its own timer and
// never holds the desk: failures only reschedule it.

export type FetchLike = (
  url: string,
  init: {
    method: string
    headers: Record<string, string>
    body?: string | Uint8Array
    signal?: AbortSignal
  },
) => Promise<{ status: number; json(): Promise<unknown> }>

export interface StationIdentity {
  stationId: string
  stationCode: string
}

export interface SyncOptions {
  db: Db
  log: EventLog
  identity: StationIdentity
  dataDir: string
  now: () => Date
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

/** A failure of one cycle, described by a message key for the person at the desk. */
export class SyncFailure extends Error {
  constructor(
    readonly messageKey: string,
    readonly retry: boolean,
  ) {
    super(messageKey)
    this.name = 'SyncFailure'
  }
}

const key = {
  serverUrl: 'sync.serverUrl',
  privateKey: 'sync.privateKey',
  publicKey: 'sync.publicKey',
  authorityKey: 'sync.authorityPublicKey',
  centralStationId: 'sync.centralStationId',
  ackedSeq: 'sync.ackedSeq',
  pullCursor: 'sync.pullCursor',
  lastSuccess: 'sync.lastSuccess',
  lastAttempt: 'sync.lastAttempt',
  lastError: 'sync.lastError',
  enrolledAt: 'sync.enrolledAt',
} as const

const param = (s: string) => s.replace(/[|=]/g, ' ').slice(0, 300)

export class SyncClient {
  private timer: unknown = null
  private running = false
  /** When a push is due at the latest for saves not yet sent (null: none waiting). */
  private pendingDeadline: number | null = null
  private inFlight: Promise<void> | null = null
  private failures = 0
  private nextAttempt: Date | null = null
  private syncing = false
  private readonly fetch: FetchLike
  private readonly random: () => number
  private readonly intervalMs: number
  private readonly maxBackoffMs: number
  private readonly timeoutMs: number
  private readonly timers: LoopTimers
  /** Pulled events' payloads, checked and sealed, waiting for their write. */
  private readonly sealedPayloads = new WeakMap<WireEvent, string>()

  constructor(private readonly o: SyncOptions) {
    this.fetch = o.fetch ?? ((url, init) => fetch(url, init as RequestInit))
    this.random = o.random ?? Math.random
    this.intervalMs = o.intervalMs ?? 30_000
    this.maxBackoffMs = o.maxBackoffMs ?? 60_000
    this.timeoutMs = o.requestTimeoutMs ?? 30_000
    this.timers = o.timers ?? systemTimers
  }

  get stationId(): string {
    return this.o.identity.stationId
  }

  private get db(): Db {
    return this.o.db
  }

  async enrolled(): Promise<boolean> {
    return (await readSetting(this.db, key.enrolledAt)) !== undefined
  }

  // Enrolment.

  async enrol(input: {
    serverUrl: string
    code: string
    stationName: string
  }): Promise<SyncStatus> {
    if (await this.enrolled()) throw new DomainError('conflict', 'error.sync_enrolled')
    const serverUrl = input.serverUrl.replace(/\/+$/, '')
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const publicDer = publicKey.export({ format: 'der', type: 'spki' }).toString('base64')
    const body = JSON.stringify({
      code: input.code.trim(),
      stationId: this.o.identity.stationId,
      stationName: input.stationName,
      publicKey: publicDer,
      provisionalCode: this.o.identity.stationCode,
      timeZone: await stationZone(this.db),
    })
    let res
    try {
      res = await this.send(`${serverUrl}/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    } catch {
      throw new DomainError('invalid_input', 'error.sync_unreachable', [
        { path: 'serverUrl', message: 'error.sync_unreachable' },
      ])
    }
    const json = await res.json().catch(() => null)
    if (res.status === 429 || res.status >= 500) {
      throw new DomainError('conflict', `error.sync_server_busy|status=${res.status}`)
    }
    if (res.status !== 200) {
      const r = refusalSchema.safeParse(json)
      const reason = r.success ? r.data.reason : `HTTP ${res.status}`
      throw new DomainError('invalid_input', `error.sync_enrol_refused|reason=${param(reason)}`, [
        { path: 'code', message: `error.sync_enrol_refused|reason=${param(reason)}` },
      ])
    }
    const enrolled = enrolResponseSchema.parse(json)
    await this.db.transaction(async (trx) => {
      await writeSetting(trx, key.serverUrl, serverUrl)
      await writeSetting(
        trx,
        key.privateKey,
        // The signing key is sealed like personal data: a copied file cannot sign as this station.
        cipherOf(trx).seal(
          privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
          SIGNING_KEY_AAD,
        ),
      )
      await writeSetting(trx, key.publicKey, publicDer)
      await writeSetting(trx, key.authorityKey, enrolled.authorityPublicKey)
      await writeSetting(trx, key.centralStationId, enrolled.centralStationId)
      await writeSetting(trx, 'stationCode', enrolled.stationCode)
      await writeSetting(trx, 'stationName', input.stationName)
      await writeSetting(trx, key.ackedSeq, '0')
      await writeSetting(trx, key.pullCursor, '0')
      await writeSetting(trx, key.enrolledAt, this.o.now().toISOString())
    })
    // New tracking numbers carry the code the centre issued; earlier ones keep theirs.
    this.o.identity.stationCode = enrolled.stationCode
    if (this.o.autoStart !== false) this.start()
    return this.status()
  }

  // The loop.

  start(): void {
    if (this.running) return
    this.running = true
    void this.enrolled().then((yes) => {
      if (yes && this.running) this.schedule(0)
    })
  }

  async stop(): Promise<void> {
    this.running = false
    if (this.timer) this.timers.clearTimeout(this.timer)
    this.timer = null
    this.pendingDeadline = null
    // A run under way recorded its own failure; stopping waits for it but does not rethrow it.
    await this.inFlight?.catch(() => undefined)
  }

  /**
   * Something new was written: send it soon, unless the server is known to be
   * away. Each save waits a little for the next (one batch for a burst), but
   * the wait ends at the deadline set by the first unsent save, and a nudge
   * never moves the next planned cycle later.
   */
  nudge(): void {
    if (!this.running || this.failures > 0) return
    const now = this.o.now().getTime()
    if (this.pendingDeadline === null) {
      const planned = this.timer && this.nextAttempt ? this.nextAttempt.getTime() : Infinity
      this.pendingDeadline = Math.min(now + NUDGE_MAX_WAIT_MS, planned)
    }
    // A run under way picks the save up when it ends (see planNext).
    if (this.inFlight) return
    this.schedule(Math.max(0, Math.min(now + NUDGE_DEBOUNCE_MS, this.pendingDeadline) - now))
  }

  private schedule(ms: number): void {
    if (!this.running) return
    if (this.timer) this.timers.clearTimeout(this.timer)
    this.nextAttempt = new Date(this.o.now().getTime() + ms)
    this.timer = this.timers.setTimeout(() => this.cycle(), ms)
  }

  private cycle(): void {
    this.timer = null
    // A run started by hand is under way: it plans the next cycle when it ends.
    if (this.inFlight) return
    // runOnce records a failure for the desk; planNext retries it.
    this.runOnce().catch(() => undefined)
  }

  /** After every run: back off after a failure, send saves that came meanwhile, else wait the interval. */
  private planNext(): void {
    if (this.failures > 0) {
      this.pendingDeadline = null
      this.schedule(backoffMs(this.failures, this.random(), 1000, this.maxBackoffMs))
    } else if (this.pendingDeadline !== null) {
      const now = this.o.now().getTime()
      this.schedule(Math.max(0, Math.min(now + NUDGE_DEBOUNCE_MS, this.pendingDeadline) - now))
    } else this.schedule(this.intervalMs)
  }

  /** One full exchange: push, attachments, pull. Records success or the failure in words. */
  async runOnce(): Promise<void> {
    if (this.inFlight) return this.inFlight
    // What was saved until now goes out in this run; later saves set a new deadline.
    this.pendingDeadline = null
    this.inFlight = (async () => {
      if (!(await this.enrolled())) throw new DomainError('conflict', 'error.sync_not_enrolled')
      this.syncing = true
      await writeSetting(this.db, key.lastAttempt, this.o.now().toISOString())
      try {
        await this.push()
        await this.uploadAttachments()
        await this.pull()
        this.failures = 0
        await this.db.transaction(async (trx) => {
          await writeSetting(trx, key.lastSuccess, this.o.now().toISOString())
          await trx('settings').where({ key: key.lastError }).delete()
        })
      } catch (err) {
        this.failures++
        const messageKey =
          err instanceof SyncFailure
            ? err.messageKey
            : `sync.error.local|detail=${param(String(err))}`
        if (!(err instanceof SyncFailure)) this.o.onError?.(err)
        await writeSetting(this.db, key.lastError, messageKey)
        throw err
      } finally {
        this.syncing = false
      }
    })()
    try {
      await this.inFlight
    } finally {
      this.inFlight = null
      this.planNext()
    }
  }

  // Signed requests.

  private async send(url: string, init: Parameters<FetchLike>[1]) {
    const controller = new AbortController()
    const t = setTimeout(() => controller.abort(), this.timeoutMs)
    try {
      return await this.fetch(url, { ...init, signal: controller.signal })
    } finally {
      clearTimeout(t)
    }
  }

  private async request(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: string | Buffer,
    contentType = 'application/json',
  ): Promise<{ status: number; json: unknown }> {
    const serverUrl = await readSetting(this.db, key.serverUrl)
    const privateKey = await this.signingKey()
    if (!serverUrl || !privateKey) throw new DomainError('conflict', 'error.sync_not_enrolled')
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body)
    const time = String(this.o.now().getTime())
    const nonce = randomBytes(16).toString('hex')
    const material = requestSigningMaterial({
      method,
      url: path,
      time,
      nonce,
      bodySha256: createHash('sha256').update(bytes).digest('hex'),
    })
    const key_ = createPrivateKey({
      key: Buffer.from(privateKey, 'base64'),
      format: 'der',
      type: 'pkcs8',
    })
    const headers: Record<string, string> = {
      [AUTH_HEADERS.station]: this.o.identity.stationId,
      [AUTH_HEADERS.time]: time,
      [AUTH_HEADERS.nonce]: nonce,
      [AUTH_HEADERS.signature]: sign(null, Buffer.from(material), key_).toString('base64'),
    }
    if (body !== undefined) headers['content-type'] = contentType
    let res
    try {
      res = await this.send(`${serverUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: bytes } : {}),
      })
    } catch (err) {
      const detail = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name
      throw new SyncFailure(`sync.error.network|detail=${param(String(detail))}`, true)
    }
    let json: unknown = null
    try {
      json = await res.json()
    } catch {
      if (res.status < 500) throw new SyncFailure(`sync.error.server|status=${res.status}`, true)
    }
    if (res.status >= 500 || res.status === 429) {
      throw new SyncFailure(`sync.error.server|status=${res.status}`, true)
    }
    return { status: res.status, json }
  }

  private refused(json: unknown, status: number): SyncFailure {
    const r = refusalSchema.safeParse(json)
    const reason = r.success ? r.data.reason : `HTTP ${status}`
    return new SyncFailure(`sync.error.refused|reason=${param(reason)}`, false)
  }

  // Push.

  private async signingKey(): Promise<string | undefined> {
    const sealed = await readSetting(this.db, key.privateKey)
    return sealed === undefined ? undefined : cipherOf(this.db).open(sealed, SIGNING_KEY_AAD)
  }

  private async ackedSeq(): Promise<number> {
    return Number((await readSetting(this.db, key.ackedSeq)) ?? '0')
  }

  /** The next batch of unacknowledged events, bounded in count and bytes, signed. */
  async nextBatch(afterSeq: number): Promise<Batch | null> {
    const rows = (await this.db('events')
      .where({ station_id: this.o.identity.stationId })
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(Math.min(BATCH_MAX_EVENTS, this.o.batchEvents ?? BATCH_MAX_EVENTS))) as EventRow[]
    // The outbox is sent in order: it stops at the first event of a case the
    // privacy check holds, until a person has confirmed it.
    const held = new Set(
      (await this.db('privacy_holds').whereNull('confirmed_at').pluck('case_id')) as string[],
    )
    const events: WireEvent[] = []
    const cipher = cipherOf(this.db)
    let bytes = 0
    for (const r of rows) {
      if (held.has(r.case_id)) break
      bytes += r.payload.length + 400
      if (events.length > 0 && bytes > BATCH_MAX_BYTES) break
      events.push(rowToEvent(r, cipher) as unknown as WireEvent)
    }
    if (events.length === 0) return null
    const privateKey = await this.signingKey()
    if (!privateKey) throw new DomainError('conflict', 'error.sync_not_enrolled')
    const head = {
      batchId: randomUUID(),
      stationId: this.o.identity.stationId,
      fromSeq: events[0]!.seq,
      toSeq: events.at(-1)!.seq,
      contentHash: createHash('sha256').update(batchContentMaterial(events)).digest('hex'),
    }
    const k = createPrivateKey({
      key: Buffer.from(privateKey, 'base64'),
      format: 'der',
      type: 'pkcs8',
    })
    const signature = sign(null, Buffer.from(batchSigningMaterial(head)), k).toString('base64')
    return { protocol: SYNC_PROTOCOL, ...head, events, signature }
  }

  /**
   * Sends the outbox with two batches in flight: the next is read, signed and
   * sent while the server stores the one before. The server applies one
   * station's batches one after the other and refuses a gap, so order holds;
   * acknowledgements are taken strictly in order, and a batch that overtook
   * its predecessor (a gap answer) is simply sent again.
   */
  private async push(): Promise<void> {
    type InFlight = { batch: Batch; answer: Promise<{ status: number; json: unknown }> }
    let acked = await this.ackedSeq()
    let next = acked
    const window: InFlight[] = []
    const drain = async () => {
      const rest = window.splice(0)
      await Promise.allSettled(rest.map((f) => f.answer))
    }
    // Bounded: each round settles one batch.
    for (let round = 0; round < 100_000; round++) {
      while (window.length < PUSH_WINDOW) {
        const batch = await this.nextBatch(next)
        if (!batch) break
        const answer = this.request('POST', '/v1/batches', JSON.stringify(batch))
        answer.catch(() => undefined) // awaited below, in order
        window.push({ batch, answer })
        next = batch.toSeq
      }
      const head = window.shift()
      if (!head) return
      let res: { status: number; json: unknown }
      try {
        res = await head.answer
      } catch (err) {
        await drain()
        throw err
      }
      if (res.status === 200) {
        const ack = batchAckSchema.parse(res.json)
        acked = Math.max(acked, ack.ackedSeq)
        await writeSetting(this.db, key.ackedSeq, String(acked))
        continue
      }
      // Whatever else was in flight is settled before deciding; a stored one is acknowledged next time.
      await drain()
      const r = refusalSchema.safeParse(res.json)
      if (
        res.status === 409 &&
        r.success &&
        r.data.code === 'gap' &&
        r.data.expectedSeq !== undefined
      ) {
        const resendFrom = Math.max(0, r.data.expectedSeq - 1)
        if (resendFrom < acked) {
          // The server lacks events we thought it had (it was restored from a backup): resend them.
          acked = resendFrom
          await writeSetting(this.db, key.ackedSeq, String(acked))
        } else if (head.batch.fromSeq === acked + 1) {
          // The first unacknowledged batch cannot leave a gap: the server contradicts itself.
          throw this.refused(res.json, res.status)
        }
        next = acked
        continue
      }
      throw this.refused(res.json, res.status)
    }
  }

  // Attachments.

  private async uploadAttachments(): Promise<void> {
    const pending = (await this.db('attachments as a')
      .whereIn('a.sha256', this.db('case_attachments').select('sha256'))
      .where('a.uploaded', false)
      .select('a.sha256', 'a.size')) as { sha256: string; size: number }[]
    for (const a of pending) {
      const state = await this.request('GET', `/v1/attachments/${a.sha256}`)
      if (state.status !== 200) throw this.refused(state.json, state.status)
      let { received, complete } = attachmentStateSchema.parse(state.json)
      // The file is sealed on disk: opened whole (at most 10 MB), sent in pieces.
      const bytes = await readAttachment(this.db, this.o.dataDir, a.sha256)
      while (!complete) {
        const length = Math.min(CHUNK_BYTES, a.size - received)
        const chunk = bytes.subarray(received, received + length)
        const res = await this.request(
          'PUT',
          `/v1/attachments/${a.sha256}?offset=${received}&size=${a.size}`,
          chunk,
          'application/octet-stream',
        )
        if (res.status === 409) {
          // The server holds a different amount than we thought: ask it and resume from there.
          const again = await this.request('GET', `/v1/attachments/${a.sha256}`)
          if (again.status !== 200) throw this.refused(again.json, again.status)
          ;({ received, complete } = attachmentStateSchema.parse(again.json))
          continue
        }
        if (res.status !== 200) throw this.refused(res.json, res.status)
        ;({ received, complete } = attachmentStateSchema.parse(res.json))
      }
      await this.db('attachments').where({ sha256: a.sha256 }).update({ uploaded: true })
    }
  }

  // Pull.

  private async pull(): Promise<void> {
    await this.applyPages(this.pulledPages())
  }

  /**
   * The centre's pages in order. The next page is asked for as soon as this
   * one has arrived, so the network and the apply overlap.
   */
  private async *pulledPages(): AsyncGenerator<PulledPage> {
    const fetchPage = async (after: number): Promise<PulledPage & { more: boolean }> => {
      const res = await this.request('GET', `/v1/events?after=${after}&limit=${PULL_PAGE}`)
      if (res.status !== 200) throw this.refused(res.json, res.status)
      const page = pullResponseSchema.parse(res.json)
      return { events: page.events.map((e) => e.event), cursor: page.cursor, more: page.more }
    }
    // A request under way may fail while the page before it is being applied:
    // its failure is handled here at once (it would otherwise count as unhandled
    // and stop the process) and thrown when the page is asked for.
    const ask = (after: number) => {
      const page = fetchPage(after)
      page.catch(() => undefined)
      return page
    }
    let next: Promise<PulledPage & { more: boolean }> | null = ask(
      Number((await readSetting(this.db, key.pullCursor)) ?? '0'),
    )
    while (next) {
      const page: PulledPage & { more: boolean } = await next
      next = page.more ? ask(page.cursor) : null
      yield page
    }
  }

  /**
   * Stores the centre's events and applies them through the same projection
   * code, with each page's cursor; an event that belongs before events already
   * applied makes its case replay in clock order. While SQLite writes (on its
   * own thread), the next pages are checked and sealed here, so the two halves
   * of the work overlap instead of taking turns. The pages that are ready when
   * a write ends go into the next transaction together, with the last page's
   * cursor (up to APPLY_GROUP_EVENTS): the further behind, the fewer commits.
   */
  async applyPages(pages: AsyncIterable<PulledPage> | Iterable<PulledPage>): Promise<number> {
    let applied = 0
    let writing: Promise<number> | null = null
    let written = true
    let ready: PulledPage[] = []
    let readyEvents = 0
    const write = () => {
      const group = ready
      ready = []
      readyEvents = 0
      written = false
      writing = this.writePulled(
        group.flatMap((p) => p.events),
        group.at(-1)!.cursor,
      ).finally(() => {
        written = true
      })
    }
    // Each commit would otherwise copy the log back into the database (SQLite
    // does so every 1,000 pages), and pulled events touch pages all over the
    // case indexes: the same pages were copied again and again. During a pull
    // the log is copied back every 64 MiB instead (a long catch-up must not
    // grow it without end), and once more at the end.
    await this.db.raw(`PRAGMA wal_autocheckpoint = ${PULL_WAL_AUTOCHECKPOINT}`)
    try {
      for await (const page of pages) {
        await this.preparePulled(page.events)
        ready.push(page)
        readyEvents += page.events.length
        if (written || readyEvents >= APPLY_GROUP_EVENTS) {
          if (writing) applied += await writing
          write()
        }
      }
      if (writing) applied += await writing
      writing = null
      if (ready.length > 0) {
        write()
        applied += await writing!
        writing = null
      }
    } finally {
      // A failure while preparing: the write under way still finishes (or fails) first.
      await (writing as Promise<number> | null)?.catch(() => undefined)
      await this.db.raw(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT}`)
      await this.db.raw('PRAGMA wal_checkpoint(PASSIVE)')
    }
    return applied
  }

  /**
   * What needs no database: every event checked against its hash, its
   * payload sealed for its row. Done in slices, giving way between them, so
   * the write under way is not kept waiting for its next statement.
   */
  private async preparePulled(events: WireEvent[]): Promise<void> {
    const cipher = cipherOf(this.db)
    for (let i = 0; i < events.length; i += PREPARE_SLICE) {
      if (i > 0) await new Promise((r) => setImmediate(r))
      for (const e of events.slice(i, i + PREPARE_SLICE)) {
        // Each payload is serialised once, for its hash and for the sealed row.
        const json = canonicalJson(e.payload)
        if (createHash('sha256').update(eventHashMaterialFrom(e, json)).digest('hex') !== e.hash) {
          throw new SyncFailure(
            `sync.error.refused|reason=${param(`event ${e.id} from the server does not match its hash`)}`,
            false,
          )
        }
        this.sealedPayloads.set(e, cipher.seal(json, aad.event(e.id)))
      }
    }
  }

  private async writePulled(events: WireEvent[], cursor: number): Promise<number> {
    const sealed = this.sealedPayloads
    let maxHlc: string | null = null
    const applied = await this.db.transaction(async (trx) => {
      const fresh = await this.unknownEvents(trx, events)
      const byCase = new Map<string, WireEvent[]>()
      for (const e of fresh) {
        if (e.stationId === this.o.identity.stationId) continue
        const list = byCase.get(e.caseId)
        if (list) list.push(e)
        else byCase.set(e.caseId, [e])
      }
      const latest = await latestClocks(trx, [...byCase.keys()])
      const all = [...byCase.values()].flat()
      await insertJsonRows(
        trx,
        'events',
        EVENT_COLUMNS,
        all.map((e) => [
          e.id,
          e.stationId,
          e.seq,
          e.caseId,
          e.type,
          sealed.get(e)!,
          e.actor,
          e.hlc,
          e.prevHash,
          e.hash,
        ]),
      )
      // Notes, dispositions and agency answers (most of what the centre sends) only add
      // rows and move dates: they are applied together, a few statements per page.
      const followups: StoredEvent<'followup.recorded'>[] = []
      for (const [caseId, list] of byCase) {
        list.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : 1))
        const before = latest.get(caseId)
        if (before === undefined) continue // not a case this station holds
        if (list[0]!.hlc > before) {
          for (const e of list) {
            if (e.type === 'followup.recorded')
              followups.push(e as unknown as StoredEvent<'followup.recorded'>)
            else await applyEvent(trx, e as unknown as StoredEvent)
          }
        } else {
          await rebuildCase(trx, caseId)
        }
        const last = list.at(-1)!.hlc
        if (maxHlc === null || last > maxHlc) maxHlc = last
      }
      await applyFollowUps(trx, followups)
      await writeSetting(trx, key.pullCursor, String(cursor))
      return all.length
    })
    if (maxHlc) this.o.log.observe(parseHlc(maxHlc))
    return applied
  }

  private async unknownEvents(trx: Knex.Transaction, events: WireEvent[]): Promise<WireEvent[]> {
    const rows = (await trx.raw('SELECT e.id FROM json_each(?) j JOIN events e ON e.id = j.value', [
      JSON.stringify(events.map((e) => e.id)),
    ])) as { id: string }[]
    if (rows.length === 0) return events
    const known = new Set(rows.map((r) => r.id))
    return events.filter((e) => !known.has(e.id))
  }

  // Batch files: the outbox written to a signed file, batch by batch.

  async exportBatch(afterSeq: number): Promise<{ batch: Batch | null; remaining: number }> {
    if (!(await this.enrolled())) throw new DomainError('conflict', 'error.sync_not_enrolled')
    const batch = await this.nextBatch(afterSeq)
    const last = batch ? batch.toSeq : afterSeq
    const left = (await this.db('events')
      .where({ station_id: this.o.identity.stationId })
      .where('seq', '>', last)
      .count({ n: '*' })) as { n: number }[]
    return { batch, remaining: Number(left[0]?.n ?? 0) }
  }

  async signBatchFile(input: {
    createdAt: string
    contentHashes: string[]
  }): Promise<{ stationId: string; signature: string }> {
    const privateKey = await this.signingKey()
    if (!privateKey) throw new DomainError('conflict', 'error.sync_not_enrolled')
    const material = batchFileSigningMaterial({
      stationId: this.o.identity.stationId,
      createdAt: input.createdAt,
      batches: input.contentHashes.map((contentHash) => ({ contentHash }) as Batch),
    })
    const k = createPrivateKey({
      key: Buffer.from(privateKey, 'base64'),
      format: 'der',
      type: 'pkcs8',
    })
    return {
      stationId: this.o.identity.stationId,
      signature: sign(null, Buffer.from(material), k).toString('base64'),
    }
  }

  // What the desk sees.

  async status(): Promise<SyncStatus> {
    const rows = (await this.db('settings')
      .where('key', 'like', 'sync.%')
      .select('key', 'value')) as {
      key: string
      value: string
    }[]
    const m = new Map(rows.map((r) => [r.key, r.value]))
    const acked = Number(m.get(key.ackedSeq) ?? '0')
    const pending = (await this.db('events')
      .where({ station_id: this.o.identity.stationId })
      .where('seq', '>', acked)
      .count({ n: '*' })) as { n: number }[]
    const pendingAttachments = (await this.db('attachments')
      .whereIn('sha256', this.db('case_attachments').select('sha256'))
      .where('uploaded', false)
      .count({ n: '*' })) as { n: number }[]
    const conflicts = (await this.db('case_conflicts').count({ n: '*' })) as { n: number }[]
    const held = (await this.db('privacy_holds').whereNull('confirmed_at').count({ n: '*' })) as {
      n: number
    }[]
    const enrolled = m.has(key.enrolledAt)
    const lastError = m.get(key.lastError) ?? null
    return {
      enrolled,
      serverUrl: m.get(key.serverUrl) ?? null,
      stationCode: this.o.identity.stationCode,
      pending: Number(pending[0]?.n ?? 0),
      pendingAttachments: Number(pendingAttachments[0]?.n ?? 0),
      conflicts: Number(conflicts[0]?.n ?? 0),
      held: Number(held[0]?.n ?? 0),
      lastSuccess: m.get(key.lastSuccess) ?? null,
      lastAttempt: m.get(key.lastAttempt) ?? null,
      lastError,
      state: !enrolled ? 'unenrolled' : this.syncing ? 'syncing' : lastError ? 'error' : 'idle',
      nextAttempt: this.running && this.nextAttempt ? this.nextAttempt.toISOString() : null,
    }
  }

  async conflicts(): Promise<ConflictItem[]> {
    const rows = (await this.db('case_conflicts as x')
      .join('cases as c', 'c.id', 'x.case_id')
      .join('events as e', 'e.id', 'x.event_id')
      .select(
        'x.event_id',
        'x.case_id',
        'x.found_status',
        'c.tracking_number',
        'e.payload',
        'e.actor',
        'e.hlc',
      )
      .orderBy('e.hlc', 'desc')
      .limit(500)) as {
      event_id: string
      case_id: string
      found_status: string
      tracking_number: string
      payload: string
      actor: string
      hlc: string
    }[]
    const cipher = cipherOf(this.db)
    return rows.map((r) => {
      const p = JSON.parse(cipher.open(r.payload, aad.event(r.event_id))) as {
        transition: string
        from: string
        to: string
        day: string
      }
      return {
        eventId: r.event_id,
        caseId: r.case_id,
        trackingNumber: r.tracking_number,
        transition: p.transition,
        from: p.from,
        to: p.to,
        day: p.day,
        foundStatus: r.found_status,
        actor: r.actor,
        at: new Date(parseHlc(r.hlc).wall).toISOString(),
      } as ConflictItem
    })
  }
}

/** Each case's latest clock value among the events the station holds. */
async function latestClocks(
  trx: Knex.Transaction,
  caseIds: string[],
): Promise<Map<string, string>> {
  const latest = new Map<string, string>()
  if (caseIds.length === 0) return latest
  const rows = (await trx.raw(
    `SELECT j.value AS case_id, (SELECT max(hlc) FROM events WHERE case_id = j.value) AS hlc
     FROM json_each(?) j`,
    [JSON.stringify(caseIds)],
  )) as { case_id: string; hlc: string | null }[]
  for (const r of rows) if (r.hlc !== null) latest.set(r.case_id, r.hlc)
  return latest
}

/**
 * What `applyEvent` does for each follow-up event, for many at once: their
 * rows in one statement, and each case's latest date and latest answer day
 * in one UPDATE. Events arrive newer than what each case holds.
 */
async function applyFollowUps(
  trx: Knex.Transaction,
  events: StoredEvent<'followup.recorded'>[],
): Promise<void> {
  if (events.length === 0) return
  await insertJsonRows(
    trx,
    'followups',
    ['event_id', 'case_id', 'kind', 'day', 'agency_code', 'letter_number'],
    events.map(({ id, caseId, payload: p }) => [
      id,
      caseId,
      p.kind,
      p.day,
      p.agencyCode,
      p.letterNumber,
    ]),
  )
  const latest = new Map<string, { at: string; answer: string | null }>()
  for (const e of events) {
    const p = e.payload
    const at = new Date(parseHlc(e.hlc).wall).toISOString()
    const had = latest.get(e.caseId)
    latest.set(e.caseId, {
      at: had && had.at > at ? had.at : at,
      answer: p.kind === 'response' ? p.day : (had?.answer ?? null),
    })
  }
  // One statement and one parameter for every case of the group.
  await trx.raw(
    `WITH v(id, at, answer) AS (
       SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))
     UPDATE cases SET updated_at = max(cases.updated_at, v.at),
       last_response_day = coalesce(v.answer, cases.last_response_day)
     FROM v WHERE cases.id = v.id`,
    [JSON.stringify([...latest].map(([id, v]) => [id, v.at, v.answer]))],
  )
}
