import { backoffMs } from '../../shared/sync'
import { DomainError } from '../errors'
import type { LoopState } from './status'

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

export interface LoopOptions {
  now: () => Date
  random?: (() => number) | undefined
  /** Pause between cycles when all is well, to pull the centre's news. */
  intervalMs?: number | undefined
  /** Longest pause after failures; the first retry after the server returns comes within it. */
  maxBackoffMs?: number | undefined
  /** The loop's timers; they must follow `now`. */
  timers?: LoopTimers | undefined
  enrolled: () => Promise<boolean>
  /** One run's work and its record (see runRecord); the loop only plans around it. */
  attempted: () => Promise<void>
  exchange: () => Promise<void>
  succeeded: () => Promise<void>
  failed: (err: unknown) => Promise<void>
}

/**
 * When sync runs: on its own timer beside the desk, woken by every write, and
 * never holding the desk. A failure only reschedules it, with exponential
 * backoff and full jitter; one run at a time.
 */
export class SyncLoop {
  private timer: unknown = null
  private running = false
  /** When a push is due at the latest for saves not yet sent (null: none waiting). */
  private pendingDeadline: number | null = null
  private failures = 0
  private nextAttempt: Date | null = null
  private syncing = false
  private readonly random: () => number
  private readonly intervalMs: number
  private readonly maxBackoffMs: number
  private readonly timers: LoopTimers
  private current: Promise<void> | null = null

  constructor(private readonly o: LoopOptions) {
    this.random = o.random ?? Math.random
    this.intervalMs = o.intervalMs ?? 30_000
    this.maxBackoffMs = o.maxBackoffMs ?? 60_000
    this.timers = o.timers ?? systemTimers
  }

  /** The run under way, if any. */
  get inFlight(): Promise<void> | null {
    return this.current
  }

  get state(): LoopState {
    return { syncing: this.syncing, nextAttempt: this.running ? this.nextAttempt : null }
  }

  start(): void {
    if (this.running) return
    this.running = true
    void this.o.enrolled().then((yes) => {
      if (yes && this.running) this.schedule(0)
    })
  }

  async stop(): Promise<void> {
    this.running = false
    if (this.timer) this.timers.clearTimeout(this.timer)
    this.timer = null
    this.pendingDeadline = null
    // A run under way recorded its own failure; stopping waits for it but does not rethrow it.
    await this.current?.catch(() => undefined)
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
    if (this.current) return
    this.scheduleSend()
  }

  /** One full run. Records success or the failure in words, and plans the next. */
  async runOnce(): Promise<void> {
    if (this.current) return this.current
    // What was saved until now goes out in this run; later saves set a new deadline.
    this.pendingDeadline = null
    this.current = (async () => {
      if (!(await this.o.enrolled())) throw new DomainError('conflict', 'error.sync_not_enrolled')
      this.syncing = true
      await this.o.attempted()
      try {
        await this.o.exchange()
        this.failures = 0
        await this.o.succeeded()
      } catch (err) {
        this.failures++
        await this.o.failed(err)
        throw err
      } finally {
        this.syncing = false
      }
    })()
    try {
      await this.current
    } finally {
      this.current = null
      this.planNext()
    }
  }

  private schedule(ms: number): void {
    if (!this.running) return
    if (this.timer) this.timers.clearTimeout(this.timer)
    this.nextAttempt = new Date(this.o.now().getTime() + ms)
    this.timer = this.timers.setTimeout(() => this.cycle(), ms)
  }

  /** The saves waiting go out after the short pause, or at their deadline if that comes first. */
  private scheduleSend(): void {
    const now = this.o.now().getTime()
    this.schedule(Math.max(0, Math.min(now + NUDGE_DEBOUNCE_MS, this.pendingDeadline!) - now))
  }

  private cycle(): void {
    this.timer = null
    // A run started by hand is under way: it plans the next cycle when it ends.
    if (this.current) return
    // runOnce records a failure for the desk; planNext retries it.
    this.runOnce().catch(() => undefined)
  }

  /** After every run: back off after a failure, send saves that came meanwhile, else wait the interval. */
  private planNext(): void {
    if (this.failures > 0) {
      this.pendingDeadline = null
      this.schedule(backoffMs(this.failures, this.random(), 1000, this.maxBackoffMs))
    } else if (this.pendingDeadline !== null) this.scheduleSend()
    else this.schedule(this.intervalMs)
  }
}
