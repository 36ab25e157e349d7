import type { Knex } from 'knex'
import { canonicalJson } from '../shared/canonicalJson'
import type { CaseStatus } from '../shared/domain'
import type { StoredEvent } from '../shared/events'
import { transitionApplies } from '../shared/sync'
import { parseHlc } from '../shared/hlc'
import type { Db } from './db'
import { rowToEvent, type EventRow } from './eventLog'
import { aad, sealCaseColumns } from './atRest'
import { cipherOf } from './crypto/dataKey'

function hlcIso(hlc: string): string {
  return new Date(parseHlc(hlc).wall).toISOString()
}

/**
 * Applies one event to the projections. Used live, by rebuild, and for events
 * pulled from the server. `pk` keeps a rebuilt case's row number, so its place
 * in lists and searches does not move.
 */
export async function applyEvent(
  trx: Knex.Transaction,
  event: StoredEvent,
  opts: { pk?: number } = {},
): Promise<void> {
  const cipher = cipherOf(trx)
  switch (event.type) {
    case 'case.received': {
      const p = event.payload as StoredEvent<'case.received'>['payload']
      const named = !p.anonymous && p.complainant
      await trx('cases').insert(
        sealCaseColumns(cipher, event.caseId, p.confidential, {
          ...(opts.pk !== undefined ? { pk: opts.pk } : {}),
          id: event.caseId,
          tracking_number: p.trackingNumber,
          station_id: event.stationId,
          status: 'belum_terverifikasi',
          channel: p.channel,
          kind: p.kind,
          received_at: p.receivedAt,
          received_by: p.receivedBy,
          subject: p.subject,
          description: p.description,
          category: p.category,
          location: p.location,
          incident_date: p.incidentDate,
          reported_agency: p.reportedParty.agency,
          reported_person: p.reportedParty.person,
          reported_position: p.reportedParty.position,
          // Anonymous identities never reach the projection that lists and pages read.
          complainant: named ? canonicalJson(p.complainant) : null,
          anonymous: p.anonymous,
          confidential: p.confidential,
          attachments_count: 0,
          updated_at: p.receivedAt,
          time_zone: p.timeZone ?? null,
        }),
      )
      return
    }
    case 'case.screened': {
      const p = event.payload as StoredEvent<'case.screened'>['payload']
      await trx('cases')
        .where({ id: event.caseId })
        .update({
          screening_conclusion: p.conclusion,
          within_authority: p.withinAuthority,
          supervisory: p.supervisory,
          agency_code: p.agencyCode,
          // A screening without a name leaves the assignee as it was.
          ...(p.assignee ? { assignee: p.assignee } : {}),
          updated_at: hlcIso(event.hlc),
        })
      return
    }
    case 'case.transitioned': {
      const p = event.payload as StoredEvent<'case.transitioned'>['payload']
      // In the merged order of several writers a transition may no longer fit: keep it in
      // the log, leave the status alone, and flag it for a supervisor.
      const current = (await trx('cases').where({ id: event.caseId }).first('status')) as
        { status: CaseStatus } | undefined
      if (current && !transitionApplies(current.status, p)) {
        await trx('case_conflicts')
          .insert({ event_id: event.id, case_id: event.caseId, found_status: current.status })
          .onConflict('event_id')
          .ignore()
        await trx('cases')
          .where({ id: event.caseId })
          .update({ conflicts: trx.raw('conflicts + 1'), updated_at: hlcIso(event.hlc) })
        return
      }
      await trx('cases')
        .where({ id: event.caseId })
        .update({
          status: p.to,
          status_day: p.day,
          updated_at: hlcIso(event.hlc),
          ...(p.transition === 'forward' ? { agency_code: p.agencyCode } : {}),
        })
      if (p.transition === 'requestCompletion') {
        await trx('case_pauses')
          .insert({ case_id: event.caseId, from_day: p.day, to_day: null })
          .onConflict(['case_id', 'from_day'])
          .merge()
      } else if (p.from === 'menunggu_kelengkapan') {
        // The day the file is completed still counts as waiting; the clock runs from the next day.
        await trx('case_pauses')
          .where({ case_id: event.caseId })
          .whereNull('to_day')
          .update({ to_day: p.day })
      }
      return
    }
    case 'exposure.recorded': {
      const p = event.payload as StoredEvent<'exposure.recorded'>['payload']
      await trx('exposures').insert({
        id: p.exposureId,
        case_id: event.caseId,
        day: p.day,
        decision: p.decision,
        payload: cipher.seal(canonicalJson(p), aad.exposure(p.exposureId)),
      })
      await trx('cases')
        .where({ id: event.caseId })
        .update({ updated_at: hlcIso(event.hlc) })
      return
    }
    case 'followup.recorded': {
      const p = event.payload as StoredEvent<'followup.recorded'>['payload']
      await trx('followups').insert({
        event_id: event.id,
        case_id: event.caseId,
        kind: p.kind,
        day: p.day,
        agency_code: p.agencyCode,
        letter_number: p.letterNumber,
      })
      await trx('cases')
        .where({ id: event.caseId })
        .update({
          updated_at: hlcIso(event.hlc),
          ...(p.kind === 'response' ? { last_response_day: p.day } : {}),
        })
      return
    }
    case 'attachment.added': {
      const p = event.payload as StoredEvent<'attachment.added'>['payload']
      await trx('case_attachments').insert({
        case_id: event.caseId,
        sha256: p.sha256,
        kind: p.kind,
        name: cipher.seal(p.name, aad.attachmentName(event.caseId, p.sha256)),
        added_at: hlcIso(event.hlc),
      })
      await trx('cases')
        .where({ id: event.caseId })
        .update({ attachments_count: trx.raw('attachments_count + 1') })
      return
    }
  }
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
