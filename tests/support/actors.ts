import type { CallContext } from '../../src/core/dispatch'
import { isApiMethod, type ApiMethod } from '../../src/shared/api'
import { METHOD_ACCESS, ROLES, type Role, type SessionUser } from '../../src/shared/roles'

/** A signed-in user for in-process calls. */
export function user(username: string, role: Role): SessionUser {
  return { id: `test-${username}-${role}`, username, displayName: username, role }
}

export function asUser(username: string, role: Role): CallContext {
  return { transport: 'test', asUser: user(username, role) }
}

// Behaviour tests act as a person in a role the method allows (supervisor where
// possible); the roles themselves are tested method by method in tests/core/roles.test.ts.
const PREFERENCE: Role[] = ['supervisor', 'auditor', 'frontdesk', 'admin']

export function roleFor(method: string): Role {
  if (!isApiMethod(method)) return 'supervisor'
  const access = METHOD_ACCESS[method as ApiMethod]
  if (access === 'public' || access === 'signedIn') return 'supervisor'
  return PREFERENCE.find((r) => access.includes(r)) ?? ROLES[0]
}

export function as(method: string, username = 'petugas'): CallContext {
  return asUser(username, roleFor(method))
}
