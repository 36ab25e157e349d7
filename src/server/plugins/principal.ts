import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { CentrePrincipal, CentreRole } from '../../shared/centreRoles'
import { checkAdminToken } from '../central/adminTokens'
import { Refused } from '../central/refused'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * A pre-handler that answers who is behind the request (an admin token, or an
     * account once signed in) and refuses, on the server, a role not listed.
     */
    requireRole(...roles: CentreRole[]): (req: FastifyRequest, reply: FastifyReply) => Promise<void>
    /** Ways to find the principal of a request besides an admin token (e.g. a session cookie). */
    principalResolvers: Array<(req: FastifyRequest) => Promise<CentrePrincipal | null>>
  }
  interface FastifyRequest {
    principal?: CentrePrincipal
  }
}

/** Who is behind a request, and what they may do: one place for every route at the centre. */
export const principalPlugin = fp(
  async (app) => {
    app.decorate('principalResolvers', [])
    app.decorate('requireRole', (...roles: CentreRole[]) => async (req: FastifyRequest) => {
      let principal: CentrePrincipal | null = null
      if (req.headers.authorization !== undefined) {
        // Admin tokens stay, for automation: they act as an admin, under their label.
        const actor = await checkAdminToken(app.db, req.headers.authorization)
        principal = { kind: 'token', actor, role: 'admin' }
      } else {
        for (const resolve of app.principalResolvers) {
          principal = await resolve(req)
          if (principal) break
        }
      }
      if (!principal) {
        throw new Refused(401, { code: 'unauthorized', reason: 'sign in, or send an admin token' })
      }
      // An admin may do everything but open identities, which is the custodian's alone.
      const allowed =
        roles.includes(principal.role) ||
        (principal.role === 'admin' && roles.some((r) => r !== 'custodian'))
      if (!allowed) {
        throw new Refused(403, {
          code: 'forbidden',
          reason: `this needs the role ${roles.join(' or ')}; you are signed in as ${principal.role}`,
        })
      }
      req.principal = principal
    })
  },
  { name: 'loket-principal', dependencies: ['loket-db'] },
)
