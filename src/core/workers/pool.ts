import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ExportFileSpec } from '../services/exportFile'
import { fromWireError, type FromWorker, type TaskName, type Tasks, type ToWorker } from './tasks'

/*
 * The station's worker threads. Core runs on the thread that serves the
 * window (Electron's main process, or the web host's one Node thread), so the
 * heavy work goes here: PDFs, export files, and the checking and sealing of
 * pulled events. The database stays on the serving thread (sqlite3 already
 * does its I/O on its own threads); workers receive plain data.
 *
 * Workers start on first use, so a station that never renders a PDF never
 * pays for one; the app starts one as it opens (`warm`). A worker keeps the process alive only while it has work. One
 * that dies fails the tasks it held with an error and is replaced on the next
 * task.
 */

/** The entry beside this file, as TypeScript: right wherever core runs from its sources. */
const SOURCE_ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'worker.ts')

export interface WorkerPoolOptions {
  /** The station's data key (a copy is kept); each worker receives it once, by message. */
  dataKey: Uint8Array
  /**
   * The worker's entry file. Electron's bundle passes the built file
   * (electron-vite's `?modulePath`); by default the TypeScript source beside
   * this file, which a worker loads through tsx.
   */
  entry?: string | undefined
  /** Threads at most; by default one fewer than the cores, between one and two. */
  size?: number | undefined
  /** Where a worker's death is reported (besides failing its tasks). */
  onError?: (err: unknown) => void
}

interface Slot {
  worker: Worker
  pending: Map<number, { resolve(output: unknown): void; reject(err: Error): void }>
  dead: boolean
}

export interface ExportFile {
  /**
   * A batch of rows, the UTF-8 bytes of one JSON array (see
   * services/exports.ts). The bytes move to the worker: `rows` may be empty after.
   */
  rows(rows: Uint8Array): Promise<void>
  end(): Promise<void>
}

type PdfTask = 'pdf.receipt' | 'pdf.document' | 'pdf.rapor'

export class WorkerPool {
  // A private field: the key stays out of anything that prints the pool.
  readonly #dataKey: Uint8Array
  private readonly entry: string
  private readonly slots: Array<Slot | undefined>
  private readonly onError: (err: unknown) => void
  private nextId = 1
  private closed = false

  constructor(o: WorkerPoolOptions) {
    this.#dataKey = new Uint8Array(o.dataKey)
    this.entry = o.entry ?? SOURCE_ENTRY
    const size = o.size ?? Math.max(1, Math.min(2, availableParallelism() - 1))
    this.slots = Array.from({ length: size }, () => undefined)
    this.onError = o.onError ?? console.error
  }

  run<K extends TaskName>(task: K, input: Tasks[K]['input']): Promise<Tasks[K]['output']> {
    return this.send(this.pick(), task, input)
  }

  /** A PDF rendered in a worker, as a Buffer over the bytes that came back. */
  async renderPdf<K extends PdfTask>(task: K, input: Tasks[K]['input']): Promise<Buffer> {
    const bytes = (await this.run(task, input)) as Uint8Array
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  /** An export file written by one worker, which then receives all its rows. */
  async exportFile(spec: ExportFileSpec): Promise<ExportFile> {
    const slot = this.pick()
    const file = await this.send(slot, 'export.open', spec)
    return {
      rows: async (rows) => {
        // Only bytes that own their whole buffer move; a slice of a shared
        // one (Node's pool for small buffers) is copied first.
        const own =
          rows.byteOffset === 0 && rows.byteLength === rows.buffer.byteLength
            ? rows
            : new Uint8Array(rows)
        await this.send(slot, 'export.rows', { file, rows: own }, [own.buffer as ArrayBuffer])
      },
      end: async () => {
        await this.send(slot, 'export.end', { file })
      },
    }
  }

  /** Starts a worker now, in the background, so the first task need not wait for it. */
  warm(): void {
    if (!this.closed && !this.slots.some((s) => s !== undefined)) this.slots[0] = this.start(0)
  }

  /** Ends every worker; tasks still held fail. */
  async close(): Promise<void> {
    this.closed = true
    await Promise.all(this.slots.map((s) => s?.worker.terminate()))
  }

  /** A worker that is idle, else a new one while there is room, else the least busy. */
  private pick(): Slot {
    if (this.closed) throw new Error('the station is closed: its worker threads have ended')
    const live = this.slots.filter((s): s is Slot => s !== undefined)
    const idle = live.find((s) => s.pending.size === 0)
    if (idle) return idle
    const free = this.slots.indexOf(undefined)
    if (free >= 0) return (this.slots[free] = this.start(free))
    return live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a))
  }

  private start(index: number): Slot {
    const worker = spawn(this.entry)
    const slot: Slot = { worker, pending: new Map(), dead: false }
    const key = new Uint8Array(this.#dataKey)
    worker.postMessage({ kind: 'key', key } satisfies ToWorker, [key.buffer])
    worker.unref()
    worker.on('message', (m: FromWorker) => {
      const task = slot.pending.get(m.id)
      if (!task) return
      this.settled(slot, m.id)
      if (m.ok) task.resolve(m.output)
      else task.reject(fromWireError(m.error))
    })
    let failure: Error | null = null
    worker.on('error', (err) => {
      failure = err
    })
    worker.on('exit', (code) => {
      slot.dead = true
      if (this.slots[index] === slot) this.slots[index] = undefined
      if (slot.pending.size === 0 && this.closed) return
      const err = new Error(
        `a worker thread stopped (exit code ${code})${failure ? `: ${failure.message}` : ''}`,
      )
      if (!this.closed) this.onError(failure ?? err)
      for (const task of slot.pending.values()) task.reject(err)
      slot.pending.clear()
    })
    return slot
  }

  private send<K extends TaskName>(
    slot: Slot,
    task: K,
    input: Tasks[K]['input'],
    transfer: ArrayBuffer[] = [],
  ): Promise<Tasks[K]['output']> {
    if (slot.dead) return Promise.reject(new Error('the worker thread of this task has stopped'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      // A worker with work keeps the process alive until it answers.
      if (slot.pending.size === 0) slot.worker.ref()
      slot.pending.set(id, { resolve: resolve as (output: unknown) => void, reject })
      slot.worker.postMessage({ kind: 'task', id, task, input } as ToWorker, transfer)
    })
  }

  private settled(slot: Slot, id: number): void {
    slot.pending.delete(id)
    if (slot.pending.size === 0) slot.worker.unref()
  }
}

/**
 * A built entry (.js) starts as it is. A TypeScript entry (the web host under
 * tsx, Vitest, scripts) starts from a small module that first registers tsx's
 * loader in the new thread: Node 20 does not apply a parent's `--import`
 * hooks to a worker's own entry.
 */
function spawn(entry: string): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry)
  const boot = [
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}`,
    'register()',
    `await import(${JSON.stringify(pathToFileURL(entry).href)})`,
  ].join('\n')
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`))
}
