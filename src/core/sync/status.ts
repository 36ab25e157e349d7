import type { ConflictItem, SyncStatus } from '../../shared/api'
import { parseHlc } from '../../shared/hlc'
import { aad } from '../atRest'
import { cipherOf } from '../crypto/dataKey'
import type { Db } from '../db'
import { readStationCode, writeSetting } from '../services/settings'
import { param, SyncFailure } from './failure'
import { SYNC_KEY_PREFIX, syncKey } from './keys'
import { eventsAfter } from './push'

// What the desk sees of sync, and the record of each run it is made from.

/** What the loop knows that the database does not. */
export interface LoopState {
  syncing: boolean
  /** When the next cycle is planned; null while the loop is stopped. */
  nextAttempt: Date | null
}

async function count(query: PromiseLike<unknown>): Promise<number> {
  const rows = (await query) as { n: number }[]
  return Number(rows[0]?.n ?? 0)
}

export async function syncStatus(db: Db, stationId: string, loop: LoopState): Promise<SyncStatus> {
  const rows = (await db('settings')
    .where('key', 'like', `${SYNC_KEY_PREFIX}%`)
    .select('key', 'value')) as { key: string; value: string }[]
  const m = new Map(rows.map((r) => [r.key, r.value]))
  const pending = await eventsAfter(db, stationId, Number(m.get(syncKey.ackedSeq) ?? '0'))
  const pendingAttachments = await count(
    db('attachments')
      .whereIn('sha256', db('case_attachments').select('sha256'))
      .where('uploaded', false)
      .count({ n: '*' }),
  )
  const conflicts = await count(db('case_conflicts').count({ n: '*' }))
  const held = await count(db('privacy_holds').whereNull('confirmed_at').count({ n: '*' }))
  const enrolled = m.has(syncKey.enrolledAt)
  const lastError = m.get(syncKey.lastError) ?? null
  return {
    enrolled,
    serverUrl: m.get(syncKey.serverUrl) ?? null,
    stationCode: await readStationCode(db),
    pending,
    pendingAttachments,
    conflicts,
    held,
    lastSuccess: m.get(syncKey.lastSuccess) ?? null,
    lastAttempt: m.get(syncKey.lastAttempt) ?? null,
    lastError,
    state: !enrolled ? 'unenrolled' : loop.syncing ? 'syncing' : lastError ? 'error' : 'idle',
    nextAttempt: loop.nextAttempt ? loop.nextAttempt.toISOString() : null,
  }
}

/** Transitions the merged order left unapplied, newest first, for a supervisor. */
export async function syncConflicts(db: Db): Promise<ConflictItem[]> {
  const rows = (await db('case_conflicts as x')
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
  const cipher = cipherOf(db)
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

/** The record of runs that the status reads: when one began, when one last succeeded, why one failed. */
export const runRecord = {
  attempted: (db: Db, now: Date) => writeSetting(db, syncKey.lastAttempt, now.toISOString()),
  succeeded: (db: Db, now: Date) =>
    db.transaction(async (trx) => {
      await writeSetting(trx, syncKey.lastSuccess, now.toISOString())
      await trx('settings').where({ key: syncKey.lastError }).delete()
    }),
  /** The failure in words for the desk; one that is not sync's own is also passed to `report`. */
  failed: async (db: Db, err: unknown, report?: (err: unknown) => void) => {
    const messageKey =
      err instanceof SyncFailure ? err.messageKey : `sync.error.local|detail=${param(String(err))}`
    if (!(err instanceof SyncFailure)) report?.(err)
    await writeSetting(db, syncKey.lastError, messageKey)
  },
}
