import type { Role } from '../../src/shared/roles'

// The accounts the set-up project creates, and where each keeps its signed-in state.
export const PASSWORDS: Record<Role, string> = {
  admin: 'sandi-admin-uji-1',
  frontdesk: 'sandi-loket-uji-1',
  auditor: 'sandi-auditor-uji-1',
  supervisor: 'sandi-supervisor-uji-1',
}

export const STATE: Record<Role, string> = {
  admin: 'test-results/.auth/admin.json',
  frontdesk: 'test-results/.auth/frontdesk.json',
  auditor: 'test-results/.auth/auditor.json',
  supervisor: 'test-results/.auth/supervisor.json',
}
