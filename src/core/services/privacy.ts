import type { PrivacyHold } from '../../shared/api'
import type { Db } from '../db'
import { DomainError } from '../errors'
import type { EventLog } from '../eventLog'

// Held anonymous complaints: listed for the desk, released by a person who
// looked, and that release is itself an event in the log.

export async function listHolds(db: Db): Promise<PrivacyHold[]> {
  const rows = (await db('privacy_holds as h')
    .join('cases as c', 'c.id', 'h.case_id')
    .whereNull('h.confirmed_at')
    .orderBy('h.created_at')
    .select('h.case_id', 'h.mentions', 'h.created_at', 'c.tracking_number')) as {
    case_id: string
    mentions: string
    created_at: string
    tracking_number: string
  }[]
  return rows.map((r) => ({
    caseId: r.case_id,
    trackingNumber: r.tracking_number,
    mentions: JSON.parse(r.mentions) as PrivacyHold['mentions'],
    createdAt: r.created_at,
  }))
}

export async function confirmHold(
  db: Db,
  log: EventLog,
  input: { caseId: string; note: string },
  actor: string,
  now: Date,
): Promise<{ confirmed: true }> {
  return db.transaction(async (trx) => {
    const hold = (await trx('privacy_holds').where({ case_id: input.caseId }).first()) as
      { mentions: string; confirmed_at: string | null } | undefined
    if (!hold || hold.confirmed_at) throw new DomainError('not_found')
    await trx('privacy_holds')
      .where({ case_id: input.caseId })
      .update({ confirmed_by: actor, confirmed_at: now.toISOString() })
    await log.append(trx, {
      caseId: input.caseId,
      type: 'privacy.confirmed',
      payload: { mentions: JSON.parse(hold.mentions) as string[], note: input.note },
      actor,
    })
    return { confirmed: true }
  })
}
