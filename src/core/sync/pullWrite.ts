import type { Knex } from 'knex'
import { caseEffect, compareMergedOrder } from '../../shared/caseFold'
import type { StoredEvent } from '../../shared/events'
import { parseHlc } from '../../shared/hlc'
import { INITIAL_STATUS } from '../../shared/lifecycle'
import { insertJsonRows, type Db } from '../db'
import { EVENT_COLUMNS, type EventLog } from '../eventLog'
import { applyEvent, rebuildCase } from '../projections'
import { writeSetting } from '../services/settings'
import { syncKey } from './keys'
import type { SealedEvent } from './pullPrepare'

export interface PullTarget {
  db: Db
  log: EventLog
  stationId: string
}

/**
 * Stores prepared events and applies them through the same projection code,
 * with the cursor after them, in one transaction: events the station already
 * has and its own are skipped; an event that belongs before events already
 * applied makes its case replay in clock order. Returns how many were stored.
 */
export async function writePulled(
  o: PullTarget,
  prepared: SealedEvent[],
  cursor: number,
): Promise<number> {
  let maxHlc: string | null = null
  const applied = await o.db.transaction(async (trx) => {
    const fresh = await unknownEvents(trx, prepared)
    const byCase = new Map<string, SealedEvent[]>()
    for (const p of fresh) {
      if (p.event.stationId === o.stationId) continue
      const list = byCase.get(p.event.caseId)
      if (list) list.push(p)
      else byCase.set(p.event.caseId, [p])
    }
    const latest = await latestClocks(trx, [...byCase.keys()])
    const all = [...byCase.values()].flat()
    await insertJsonRows(
      trx,
      'events',
      EVENT_COLUMNS,
      all.map(({ event: e, sealedPayload }) => [
        e.id,
        e.stationId,
        e.seq,
        e.caseId,
        e.type,
        sealedPayload,
        e.actor,
        e.hlc,
        e.prevHash,
        e.hash,
      ]),
    )
    // Notes, dispositions and agency answers (most of what the centre sends) only add
    // rows and move dates: they are applied together, a few statements per page.
    const followups: StoredEvent<'followup.recorded'>[] = []
    for (const [caseId, pairs] of byCase) {
      const list = pairs.map((p) => p.event)
      list.sort(compareMergedOrder)
      const before = latest.get(caseId)
      if (before === undefined) continue // not a case this station holds
      if (list[0]!.hlc > before) {
        for (const e of list) {
          // A follow-up that settles a conflict changes more than dates: applied on its own.
          if (e.type === 'followup.recorded' && e.payload.resolves === undefined) followups.push(e)
          else await applyEvent(trx, e)
        }
      } else {
        await rebuildCase(trx, caseId)
      }
      const last = list.at(-1)!.hlc
      if (maxHlc === null || last > maxHlc) maxHlc = last
    }
    await applyFollowUps(trx, followups)
    await writeSetting(trx, syncKey.pullCursor, String(cursor))
    return all.length
  })
  if (maxHlc) o.log.observe(parseHlc(maxHlc))
  return applied
}

async function unknownEvents(trx: Knex.Transaction, events: SealedEvent[]): Promise<SealedEvent[]> {
  const rows = (await trx.raw('SELECT e.id FROM json_each(?) j JOIN events e ON e.id = j.value', [
    JSON.stringify(events.map((p) => p.event.id)),
  ])) as { id: string }[]
  if (rows.length === 0) return events
  const known = new Set(rows.map((r) => r.id))
  return events.filter((p) => !known.has(p.event.id))
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
 * rows in one statement, and the case fold's effect on each case (its latest
 * date and latest answer day) in one UPDATE. Events arrive newer than what
 * each case holds, so the last effect of each case wins.
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
  for (const e of [...events].sort(compareMergedOrder)) {
    // A follow-up's effect does not depend on the case's status.
    const fx = caseEffect(INITIAL_STATUS, e)
    const had = latest.get(e.caseId)
    latest.set(e.caseId, {
      at: fx.updatedAt ?? had?.at ?? '',
      answer: fx.responseDay ?? had?.answer ?? null,
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
