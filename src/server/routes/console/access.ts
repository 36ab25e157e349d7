import type { FastifyRequest } from 'fastify'
import { CONTENT_ROLES } from '../../../shared/console'
import type { CentreRole } from '../../../shared/centreRoles'

// Who may call the console's routes. An admin may do all but what is the
// custodian's alone (requireRole adds the admin to every other list).

/** Every role at the centre: lists, cases and reports. */
export const READERS: CentreRole[] = ['viewer', 'verifier', 'custodian']

/** Whether the request's principal reads confidential content and attachments. */
export function readsContent(req: FastifyRequest): boolean {
  return req.principal !== undefined && CONTENT_ROLES.includes(req.principal.role)
}

/** The name recorded for what the request's principal does. */
export function actorOf(req: FastifyRequest): string {
  return req.principal!.actor
}
