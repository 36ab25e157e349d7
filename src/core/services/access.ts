import type { CaseDetail, CasePage, DeadlineQueue } from '../../shared/api'
import { CONFIDENTIAL_READERS, type SessionUser } from '../../shared/roles'
import type { Db } from '../db'
import { DomainError } from '../errors'

// Confidential complaints: only the roles that handle cases read their content
// (subject, description, category, location, reported party, complainant,
// attachments, and the texts of screening, exposure and follow-up). Everyone
// else sees that the case exists: its number, dates, channel, kind and status.
// Every path of core that hands a case out applies this one rule, whatever the
// roles table lets a role call.

export const mayReadConfidential = (user: SessionUser | null) =>
  user !== null && CONFIDENTIAL_READERS.includes(user.role)

export function redactCase(c: CaseDetail, user: SessionUser): CaseDetail {
  if (!c.confidential || mayReadConfidential(user)) return c
  return {
    ...c,
    subject: '',
    description: '',
    location: null,
    incidentDate: null,
    category: null,
    categoryCode: null,
    categoryName: null,
    reportedParty: {
      agency: null,
      agencyCode: null,
      agencyName: null,
      person: null,
      position: null,
    },
    complainant: null,
    attachments: [],
    timeline: c.timeline.map((e) => ({
      ...e,
      // What was attached, and what a category or reported agency was mapped from and to.
      summary: e.type === 'attachment.added' || e.type === 'case.mapped' ? {} : e.summary,
    })),
    redacted: true,
  }
}

export function redactPage(page: CasePage, user: SessionUser): CasePage {
  if (mayReadConfidential(user)) return page
  return {
    ...page,
    items: page.items.map((i) => (i.confidential ? { ...i, subject: '', redacted: true } : i)),
  }
}

export function redactQueue(queue: DeadlineQueue, user: SessionUser): DeadlineQueue {
  if (mayReadConfidential(user)) return queue
  return {
    ...queue,
    items: queue.items.map((i) => (i.confidential ? { ...i, subject: '', redacted: true } : i)),
  }
}

/**
 * Refuses, for a role that may not read it, what only shows a confidential
 * case's content; says whether the case is confidential (its reading is audited).
 */
export async function requireContentAccess(
  db: Db,
  caseId: string,
  user: SessionUser,
): Promise<{ confidential: boolean }> {
  const row = (await db('cases').where({ id: caseId }).first('confidential')) as
    { confidential: number | boolean } | undefined
  if (!row) throw new DomainError('not_found')
  const confidential = Boolean(row.confidential)
  if (confidential && !mayReadConfidential(user)) {
    throw new DomainError('forbidden', 'error.confidential')
  }
  return { confidential }
}

/**
 * A batch for the USB stick carries whole events, content included: a role
 * that may not read confidential content may not carry one that holds any.
 */
export async function requireBatchAccess(
  db: Db,
  caseIds: readonly string[],
  user: SessionUser,
): Promise<void> {
  if (mayReadConfidential(user) || caseIds.length === 0) return
  const confidential = (await db('cases')
    .whereIn('id', [...new Set(caseIds)])
    .where('confidential', true)
    .first('id')) as { id: string } | undefined
  if (confidential) throw new DomainError('forbidden', 'error.confidentialBatch')
}
