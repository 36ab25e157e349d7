import { pullResponseSchema, type WireEvent } from '../../shared/sync'
import { readSetting } from '../services/settings'
import { refused } from './failure'
import { syncKey } from './keys'
import type { SealedEvent } from './pullPrepare'
import { writePulled, type PullTarget } from './pullWrite'
import type { SignedTransport } from './transport'
import type { WorkerPool } from '../workers/pool'

/** Events asked for per pull request. */
const PULL_PAGE = 500
/** Most pulled events applied in one transaction. */
const APPLY_GROUP_EVENTS = 5000
/** SQLite's default: the log is copied back into the database every 1,000 pages. */
const WAL_AUTOCHECKPOINT = 1000
/** During a pull: every 16,384 pages of 4 KiB (64 MiB). */
const PULL_WAL_AUTOCHECKPOINT = 16_384

/** A page of the centre's events and the cursor after it. */
export interface PulledPage {
  events: WireEvent[]
  cursor: number
}

/** Where pulled pages are checked and sealed (a worker thread) and written. */
export type PullApply = PullTarget & { workers: WorkerPool }

/** Pulls the centre's events on the station's cases since its cursor, and applies them. */
export async function pull(o: PullApply & { transport: SignedTransport }): Promise<void> {
  await applyPages(o, pulledPages(o))
}

/**
 * The centre's pages in order. The next page is asked for as soon as this
 * one has arrived, so the network and the apply overlap.
 */
async function* pulledPages(
  o: PullTarget & { transport: SignedTransport },
): AsyncGenerator<PulledPage> {
  const fetchPage = async (after: number): Promise<PulledPage & { more: boolean }> => {
    const res = await o.transport.request('GET', `/v1/events?after=${after}&limit=${PULL_PAGE}`)
    if (res.status !== 200) throw refused(res.json, res.status)
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
    Number((await readSetting(o.db, syncKey.pullCursor)) ?? '0'),
  )
  while (next) {
    const page: PulledPage & { more: boolean } = await next
    next = page.more ? ask(page.cursor) : null
    yield page
  }
}

/**
 * Stores the centre's events and applies them, with each page's cursor
 * (see writePulled). While SQLite writes (on its own thread), the next pages
 * are checked and sealed in a worker thread (preparePulled), so the two
 * halves of the work overlap instead of taking turns, and neither holds up
 * the thread that serves the window. Pages are prepared and written one after
 * the other, in the centre's order. The pages that are ready when a write
 * ends go into the next transaction together, with the last page's cursor (up
 * to APPLY_GROUP_EVENTS): the further behind, the fewer commits.
 */
export async function applyPages(
  o: PullApply,
  pages: AsyncIterable<PulledPage> | Iterable<PulledPage>,
): Promise<number> {
  let applied = 0
  let writing: Promise<number> | null = null
  let written = true
  let ready: { events: SealedEvent[]; cursor: number }[] = []
  let readyEvents = 0
  const write = () => {
    const group = ready
    ready = []
    readyEvents = 0
    written = false
    writing = writePulled(
      o,
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
  await o.db.raw(`PRAGMA wal_autocheckpoint = ${PULL_WAL_AUTOCHECKPOINT}`)
  try {
    for await (const page of pages) {
      // An empty page (nothing new) starts no worker thread.
      const events = page.events.length ? await o.workers.run('pull.prepare', page.events) : []
      ready.push({ events, cursor: page.cursor })
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
    await o.db.raw(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT}`)
    await o.db.raw('PRAGMA wal_checkpoint(PASSIVE)')
  }
  return applied
}
