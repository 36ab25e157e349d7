import type { ApiResponse } from './api'

/**
 * Takes the session token out of a sign-in's result and hands it to `store`
 * (null on sign-out), so that a transport keeps it and the page never holds it.
 */
export function keepSession(
  reply: ApiResponse<unknown>,
  method: string,
  store: (token: string | null) => void,
): ApiResponse<unknown> {
  if (method === 'auth.logout') store(null)
  if (!reply.ok || typeof reply.result !== 'object' || reply.result === null) return reply
  if (!('sessionToken' in reply.result)) return reply
  const { sessionToken, ...rest } = reply.result as { sessionToken?: unknown }
  if (typeof sessionToken === 'string') store(sessionToken)
  return { ok: true, result: rest }
}
