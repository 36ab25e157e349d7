import type { FastifyPluginAsync } from 'fastify'
import { identityReadPageSchema, pageQuerySchema, type PageQuery } from '../../../shared/console'
import { listIdentityReads } from '../../central/identityReads'
import { json, refusals } from '../schemas'

// Every identity opening, for oversight: the custodian's own log and the admin's.

const schemas = {
  identityReads: {
    querystring: json(pageQuerySchema),
    response: { 200: json(identityReadPageSchema, 'output'), ...refusals },
  },
}

export const consoleIdentityReadRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: PageQuery }>(
    '/v1/console/identity-reads',
    { schema: schemas.identityReads, preHandler: app.requireRole('custodian', 'admin') },
    async (req) => listIdentityReads(app.db, req.query),
  )
}
