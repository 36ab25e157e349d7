import type { Knex } from 'knex'
import { canonicalJson } from '../shared/canonicalJson'
import type { CaseStatus } from '../shared/domain'
import type { StoredEvent } from '../shared/events'
import { caseEffect, eventInstant, type CaseEffect } from '../shared/caseFold'
import { INITIAL_STATUS } from '../shared/lifecycle'
import type { Db } from './db'
import { rowToEvent, type EventRow } from './eventLog'
import { aad, sealCaseColumns } from './atRest'
import { cipherOf } from './crypto/dataKey'

/**
 * Writes what the case fold says an event does to a case (shared/caseFold.ts)
 * into the projection's rows: the case, its pauses, its conflicts.
 */
async function applyEffect(
  trx: Knex.Transaction,
  event: StoredEvent,
  fx: CaseEffect,
  status: CaseStatus = INITIAL_STATUS,
): Promise<void> {
  const update: Record<string, unknown> = {
    ...(fx.status !== undefined ? { status: fx.status } : {}),
    ...(fx.statusDay !== undefined ? { status_day: fx.statusDay } : {}),
    ...(fx.agencyCode !== undefined ? { agency_code: fx.agencyCode } : {}),
    ...(fx.categoryCode !== undefined ? { category_code: fx.categoryCode } : {}),
    ...(fx.reportedAgencyCode !== undefined ? { reported_agency_code: fx.reportedAgencyCode } : {}),
    ...(fx.screening
      ? {
          screening_conclusion: fx.screening.conclusion,
          within_authority: fx.screening.withinAuthority,
          supervisory: fx.screening.supervisory,
        }
      : {}),
    ...(fx.assignee !== undefined ? { assignee: fx.assignee } : {}),
    ...(fx.responseDay !== undefined ? { last_response_day: fx.responseDay } : {}),
    ...(fx.updatedAt !== undefined ? { updated_at: fx.updatedAt } : {}),
    ...(fx.conflict ? { conflicts: trx.raw('conflicts + 1') } : {}),
    ...(fx.attachmentAdded ? { attachments_count: trx.raw('attachments_count + 1') } : {}),
  }
  if (Object.keys(update).length > 0) {
    await trx('cases').where({ id: event.caseId }).update(update)
  }
  if (fx.resolves !== undefined) {
    // A resolution from the centre: the step it settles is no longer a conflict.
    const settled = await trx('case_conflicts')
      .where({ event_id: fx.resolves, case_id: event.caseId })
      .delete()
    if (settled > 0) {
      await trx('cases')
        .where({ id: event.caseId })
        .update({ conflicts: trx.raw('conflicts - ?', [settled]) })
    }
  }
  if (fx.conflict) {
    await trx('case_conflicts')
      .insert({ event_id: event.id, case_id: event.caseId, found_status: status })
      .onConflict('event_id')
      .ignore()
  }
  if (fx.openPause !== undefined) {
    await trx('case_pauses')
      .insert({ case_id: event.caseId, from_day: fx.openPause, to_day: null })
      .onConflict(['case_id', 'from_day'])
      .merge()
  } else if (fx.closePauses !== undefined) {
    await trx('case_pauses')
      .where({ case_id: event.caseId })
      .whereNull('to_day')
      .update({ to_day: fx.closePauses })
  }
}

/**
 * Applies one event to the projections. Used live, by rebuild, and for events
 * pulled from the server. `pk` keeps a rebuilt case's row number, so its place
 * in lists and searches does not move. What the event does to the case is the
 * case fold's rule; this writes it, and the rows only a projection keeps.
 */
export async function applyEvent(
  trx: Knex.Transaction,
  event: StoredEvent,
  opts: { pk?: number } = {},
): Promise<void> {
  const cipher = cipherOf(trx)
  switch (event.type) {
    case 'case.received': {
      const p = event.payload
      const named = !p.anonymous && p.complainant
      const fx = caseEffect(INITIAL_STATUS, event)
      await trx('cases').insert(
        sealCaseColumns(cipher, event.caseId, p.confidential, {
          ...(opts.pk !== undefined ? { pk: opts.pk } : {}),
          id: event.caseId,
          tracking_number: p.trackingNumber,
          station_id: event.stationId,
          status: fx.status,
          channel: p.channel,
          kind: p.kind,
          received_at: p.receivedAt,
          received_by: p.receivedBy,
          subject: p.subject,
          description: p.description,
          category: p.category,
          category_code: p.categoryCode ?? null,
          location: p.location,
          incident_date: p.incidentDate,
          reported_agency: p.reportedParty.agency,
          reported_agency_code: p.reportedParty.agencyCode ?? null,
          reported_person: p.reportedParty.person,
          reported_position: p.reportedParty.position,
          // Anonymous identities never reach the projection that lists and pages read.
          complainant: named ? canonicalJson(p.complainant) : null,
          anonymous: p.anonymous,
          confidential: p.confidential,
          attachments_count: 0,
          updated_at: fx.updatedAt,
          time_zone: p.timeZone ?? null,
        }),
      )
      return
    }
    case 'case.transitioned': {
      // In the merged order of several writers a transition may no longer fit: the fold
      // keeps it in the log, leaves the status alone, and flags it for a supervisor.
      const current = (await trx('cases').where({ id: event.caseId }).first('status')) as
        { status: CaseStatus } | undefined
      if (!current) return
      await applyEffect(trx, event, caseEffect(current.status, event), current.status)
      return
    }
    case 'exposure.recorded': {
      const p = event.payload
      await trx('exposures').insert({
        id: p.exposureId,
        case_id: event.caseId,
        day: p.day,
        decision: p.decision,
        payload: cipher.seal(canonicalJson(p), aad.exposure(p.exposureId)),
      })
      break
    }
    case 'followup.recorded': {
      const p = event.payload
      await trx('followups').insert({
        event_id: event.id,
        case_id: event.caseId,
        kind: p.kind,
        day: p.day,
        agency_code: p.agencyCode,
        letter_number: p.letterNumber,
      })
      break
    }
    case 'attachment.added': {
      const p = event.payload
      await trx('case_attachments').insert({
        case_id: event.caseId,
        sha256: p.sha256,
        kind: p.kind,
        name: cipher.seal(p.name, aad.attachmentName(event.caseId, p.sha256)),
        sealed: p.sealedDocument !== undefined,
        added_at: eventInstant(event.hlc),
      })
      break
    }
    case 'case.screened':
    case 'privacy.confirmed':
    case 'case.mapped':
      break
  }
  // Only a transition's effect depends on the status; the others read none.
  await applyEffect(trx, event, caseEffect(INITIAL_STATUS, event))
}

/** Replays the whole log into empty projections, in clock order. */
export async function rebuildProjections(db: Db, batchSize = 1000): Promise<number> {
  return db.transaction((trx) => rebuildInto(trx, batchSize))
}

/** The rebuild inside a caller's transaction (the audit check rebuilds and rolls back). */
export async function rebuildInto(trx: Knex.Transaction, batchSize = 1000): Promise<number> {
  await trx('case_conflicts').delete()
  await trx('followups').delete()
  await trx('exposures').delete()
  await trx('case_pauses').delete()
  await trx('case_attachments').delete()
  await trx('cases').delete()
  let applied = 0
  let after: { hlc: string; id: string } | null = null
  for (;;) {
    const q = trx('events').orderBy(['hlc', 'id']).limit(batchSize)
    if (after) q.whereRaw('(hlc, id) > (?, ?)', [after.hlc, after.id])
    const rows = (await q) as EventRow[]
    const cipher = cipherOf(trx)
    for (const row of rows) await applyEvent(trx, rowToEvent(row, cipher))
    applied += rows.length
    const lastRow = rows.at(-1)
    if (!lastRow || rows.length < batchSize) break
    after = { hlc: lastRow.hlc, id: lastRow.id }
  }
  // The triggers kept the index in step; rebuilding also repairs one that had drifted.
  await trx.raw(`INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')`)
  return applied
}

/**
 * Replays one case from its events in clock order, keeping its row number.
 * Used when an event pulled from the server belongs before events already applied.
 */
export async function rebuildCase(trx: Knex.Transaction, caseId: string): Promise<void> {
  const row = (await trx('cases').where({ id: caseId }).first('pk')) as { pk: number } | undefined
  for (const table of [
    'case_conflicts',
    'followups',
    'exposures',
    'case_pauses',
    'case_attachments',
  ]) {
    await trx(table).where({ case_id: caseId }).delete()
  }
  await trx('cases').where({ id: caseId }).delete()
  const rows = (await trx('events').where({ case_id: caseId }).orderBy(['hlc', 'id'])) as EventRow[]
  const cipher = cipherOf(trx)
  for (const r of rows) await applyEvent(trx, rowToEvent(r, cipher), row ? { pk: row.pk } : {})
}
