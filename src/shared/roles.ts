import type { ApiMethod } from './api'

// Who may call what. Core's dispatch enforces this table on every call, whatever
// the window shows; a method missing here does not compile.

export const ROLES = ['frontdesk', 'auditor', 'supervisor', 'admin'] as const
export type Role = (typeof ROLES)[number]

export interface SessionUser {
  id: string
  username: string
  displayName: string
  role: Role
}

/** `public`: no sign-in; `signedIn`: any role; else the roles listed. */
export type Access = 'public' | 'signedIn' | readonly Role[]

const DESK: readonly Role[] = ['frontdesk', 'auditor', 'supervisor']
const HANDLING: readonly Role[] = ['auditor', 'supervisor']
const ADMIN: readonly Role[] = ['admin']
const SUPERVISOR: readonly Role[] = ['supervisor']
// The report card is for those who run the unit; it shows no content, only counts.
const REPORTS: readonly Role[] = ['auditor', 'supervisor', 'admin']
// Carrying the outbox on a stick and watching sync is a supervisor's or the admin's job.
const SYNC_OPS: readonly Role[] = ['supervisor', 'admin']

export const METHOD_ACCESS: Record<ApiMethod, Access> = {
  'auth.state': 'public',
  'auth.setup': 'public',
  'auth.login': 'public',
  'auth.logout': 'signedIn',
  'auth.unlock': 'signedIn',
  'auth.changePassword': 'signedIn',
  'user.list': ADMIN,
  'user.save': ADMIN,
  'user.resetPassword': ADMIN,
  'settings.get': 'signedIn',
  'settings.update': ADMIN,
  'draft.get': DESK,
  'draft.save': DESK,
  'draft.discard': DESK,
  'attachment.put': DESK,
  'case.create': DESK,
  'case.list': 'signedIn',
  'case.get': 'signedIn',
  'case.receipt': DESK,
  'case.screen': HANDLING,
  'case.transition': HANDLING,
  'case.recordExposure': HANDLING,
  'case.recordFollowUp': HANDLING,
  'case.related': HANDLING,
  'case.document': HANDLING,
  'case.clock': 'signedIn',
  'template.list': 'signedIn',
  'template.save': ADMIN,
  'agency.list': 'signedIn',
  'agency.save': ADMIN,
  'category.list': 'signedIn',
  'category.save': ADMIN,
  'mapping.unmapped': ADMIN,
  'mapping.apply': ADMIN,
  'holiday.list': 'signedIn',
  'holiday.save': ADMIN,
  'holiday.delete': ADMIN,
  'holiday.coverage': ADMIN,
  'deadline.settings': 'signedIn',
  'deadline.updateSettings': ADMIN,
  'deadline.queue': HANDLING,
  'rapor.get': REPORTS,
  'export.start': SUPERVISOR,
  'export.progress': SUPERVISOR,
  'export.cancel': SUPERVISOR,
  'export.chunk': SUPERVISOR,
  'audit.verify': SYNC_OPS,
  'privacy.holds': 'signedIn',
  'privacy.confirm': DESK,
  'sync.status': 'signedIn',
  'sync.enrol': ADMIN,
  'sync.now': 'signedIn',
  'sync.conflicts': SYNC_OPS,
  'sync.exportBatch': SYNC_OPS,
  'sync.signBatchFile': SYNC_OPS,
}

export function mayCall(
  method: ApiMethod,
  user: SessionUser | null,
): 'ok' | 'unauthenticated' | 'forbidden' {
  const access = METHOD_ACCESS[method]
  if (access === 'public') return 'ok'
  if (!user) return 'unauthenticated'
  if (access === 'signedIn') return 'ok'
  return access.includes(user.role) ? 'ok' : 'forbidden'
}

/** Roles that may read a confidential complaint's content: those who handle it. */
export const CONFIDENTIAL_READERS: readonly Role[] = HANDLING
