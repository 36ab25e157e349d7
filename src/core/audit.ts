import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import type { AuditReport } from '../shared/api'
import { GENESIS_HASH, type StoredEvent } from '../shared/events'
import { eventHashMaterial } from '../shared/sync'
import { cipherOf } from './crypto/dataKey'
import type { Db } from './db'
import { rowToEvent, type EventRow } from './eventLog'
import { rebuildInto } from './projections'

// The audit check: is the station's database what its own log says? Four
// layers, each catching what the one before cannot:
// 1. SQLite's own integrity check (a page changed under it);
// 2. the hash chain: every event's hash, and for this station's own events
//    the links and a gap-free sequence (a changed, removed or inserted event);
// 3. the projections: rebuilt from the log inside a transaction that is rolled
//    back, and compared with the live tables (a changed case row);
// 4. the full-text index against its content (a changed search entry).

const PROJECTIONS: Record<string, { order: string; skip?: string[] }> = {
  cases: { order: 'id', skip: ['pk'] },
  case_pauses: { order: 'case_id, from_day' },
  case_attachments: { order: 'case_id, sha256' },
  case_conflicts: { order: 'event_id' },
  exposures: { order: 'id' },
  followups: { order: 'event_id' },
}

class Rollback extends Error {}

async function tableRows(trx: Knex.Transaction, table: string): Promise<Map<string, string>> {
  const spec = PROJECTIONS[table]!
  const rows = (await trx.raw(`SELECT * FROM ${table} ORDER BY ${spec.order}`)) as Record<
    string,
    unknown
  >[]
  const out = new Map<string, string>()
  rows.forEach((r, i) => {
    for (const k of spec.skip ?? []) delete r[k]
    const key = String(r['id'] ?? r['event_id'] ?? r['case_id'] ?? i)
    out.set(`${key}#${i}`, JSON.stringify(r))
  })
  return out
}

async function checkProjections(db: Db): Promise<AuditReport['projections']> {
  const before = new Map<string, Map<string, string>>()
  const differences: string[] = []
  try {
    await db.transaction(async (trx) => {
      for (const t of Object.keys(PROJECTIONS)) before.set(t, await tableRows(trx, t))
      await rebuildInto(trx)
      for (const t of Object.keys(PROJECTIONS)) {
        const live = before.get(t)!
        const rebuilt = await tableRows(trx, t)
        if (live.size !== rebuilt.size)
          differences.push(`${t}: ${live.size} rows, log gives ${rebuilt.size}`)
        const a = [...live.values()]
        const b = [...rebuilt.values()]
        for (let i = 0; i < Math.min(a.length, b.length) && differences.length < 20; i++) {
          if (a[i] !== b[i]) {
            const row = JSON.parse(a[i]!) as Record<string, unknown>
            differences.push(`${t}: ${String(row['id'] ?? row['event_id'] ?? row['case_id'])}`)
          }
        }
      }
      throw new Rollback()
    })
  } catch (err) {
    if (!(err instanceof Rollback)) throw err
  }
  return { ok: differences.length === 0, differences }
}

async function checkChain(db: Db, ownStationId: string): Promise<AuditReport['chain']> {
  const problems: AuditReport['chain']['problems'] = []
  const stations = (await db('events').distinct('station_id')) as { station_id: string }[]
  let events = 0
  for (const { station_id: stationId } of stations) {
    const own = stationId === ownStationId
    let prev = { seq: 0, hash: GENESIS_HASH }
    let after = 0
    for (;;) {
      const rows = (await db('events')
        .where({ station_id: stationId })
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(2000)) as EventRow[]
      const cipher = cipherOf(db)
      for (const r of rows) {
        events++
        let e: StoredEvent
        try {
          e = rowToEvent(r, cipher)
        } catch {
          // A sealed payload that no longer opens was changed on disk.
          problems.push({ stationId, seq: r.seq, eventId: r.id, problem: 'hash' })
          prev = { seq: r.seq, hash: r.hash }
          continue
        }
        const { hash, ...rest } = e
        if (createHash('sha256').update(eventHashMaterial(rest)).digest('hex') !== hash) {
          problems.push({ stationId, seq: e.seq, eventId: e.id, problem: 'hash' })
        }
        // The centre's events come only for this station's cases: their chain has holes here.
        if (own) {
          if (e.seq !== prev.seq + 1)
            problems.push({ stationId, seq: e.seq, eventId: e.id, problem: 'gap' })
          else if (e.prevHash !== prev.hash) {
            problems.push({ stationId, seq: e.seq, eventId: e.id, problem: 'link' })
          }
        }
        prev = { seq: e.seq, hash: e.hash }
        if (problems.length >= 50) break
      }
      if (rows.length < 2000 || problems.length >= 50) break
      after = rows.at(-1)!.seq
    }
  }
  return { ok: problems.length === 0, events, problems }
}

/** Runs every check; never changes anything. */
export async function auditDatabase(db: Db, ownStationId: string): Promise<AuditReport> {
  const integrity = ((await db.raw('PRAGMA integrity_check')) as { integrity_check: string }[]).map(
    (r) => r.integrity_check,
  )
  const sqlite = {
    ok: integrity.length === 1 && integrity[0] === 'ok',
    messages: integrity.slice(0, 10),
  }
  const chain = await checkChain(db, ownStationId)
  // A rebuild cannot run past an event that no longer opens; the chain check names it.
  const projections = await checkProjections(db).catch((err: unknown) => ({
    ok: false,
    differences: [`rebuild: ${(err as Error).message}`],
  }))
  let search: AuditReport['search'] = { ok: true, message: null }
  try {
    await db.raw(`INSERT INTO cases_fts(cases_fts) VALUES ('integrity-check')`)
  } catch (err) {
    search = { ok: false, message: (err as Error).message }
  }
  return {
    ok: sqlite.ok && chain.ok && projections.ok && search.ok,
    sqlite,
    chain,
    projections,
    search,
  }
}
