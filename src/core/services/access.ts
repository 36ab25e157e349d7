import type { CaseDetail, CasePage } from '../../shared/api'
import { CONFIDENTIAL_READERS, type SessionUser } from '../../shared/roles'

// Confidential complaints: only the roles that handle cases read their content.
// Everyone else sees that the case exists, its number, dates and status.

export const mayReadConfidential = (user: SessionUser) => CONFIDENTIAL_READERS.includes(user.role)
const mayRead = mayReadConfidential

export function redactCase(c: CaseDetail, user: SessionUser): CaseDetail {
  if (!c.confidential || mayRead(user)) return c
  return {
    ...c,
    subject: '',
    description: '',
    location: null,
    incidentDate: null,
    category: null,
    reportedParty: { agency: null, person: null, position: null },
    complainant: null,
    attachments: [],
    timeline: c.timeline.map((e) => ({
      ...e,
      summary: e.type === 'attachment.added' ? {} : e.summary,
    })),
    redacted: true,
  }
}

export function redactPage(page: CasePage, user: SessionUser): CasePage {
  if (mayRead(user)) return page
  return {
    ...page,
    items: page.items.map((i) => (i.confidential ? { ...i, subject: '', redacted: true } : i)),
  }
}
