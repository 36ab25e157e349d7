import type { IdentityRead, PageQuery } from '../../shared/console'
import type { ServerDb } from '../db'
import { openIdentityReadReason } from './atRest'
import { Refused } from './refused'

// The log of identity openings, for oversight: who opened which case's
// identity, when and why (the reason is sealed at rest and opened here).

export async function listIdentityReads(
  db: ServerDb,
  page: PageQuery,
): Promise<{ items: IdentityRead[]; nextCursor: string | null }> {
  const limit = page.limit ?? 50
  let after: number | null = null
  if (page.cursor !== undefined) {
    after = /^\d{1,15}$/.test(page.cursor) ? Number(page.cursor) : null
    if (after === null) {
      throw new Refused(400, { code: 'cursor', reason: 'the cursor does not belong to this list' })
    }
  }
  // Newest first, by the log's own id: a page never shifts when a new reading is logged.
  const q = db('identity_reads as r')
    .leftJoin('cases as c', 'c.id', 'r.case_id')
    .orderBy('r.id', 'desc')
    .limit(limit + 1)
    .select('r.id', 'r.at', 'r.admin', 'r.case_id', 'c.tracking_number', 'r.reason')
  if (after !== null) q.where('r.id', '<', after)
  const rows = (await q) as {
    id: number
    at: string
    admin: string
    case_id: string
    tracking_number: string | null
    reason: string
  }[]
  const items = rows.slice(0, limit).map((r) => ({
    id: Number(r.id),
    at: r.at,
    actor: r.admin,
    caseId: r.case_id,
    trackingNumber: r.tracking_number,
    reason: openIdentityReadReason(db, r),
  }))
  return { items, nextCursor: rows.length > limit ? String(items.at(-1)!.id) : null }
}
