import type { FastifyPluginAsync } from 'fastify'
import {
  consoleRaporQuerySchema,
  consoleRaporSchema,
  type ConsoleRaporQuery,
} from '../../../shared/consoleReports'
import { consoleRapor } from '../../central/rapor'
import { json, refusals } from '../schemas'
import { READERS } from './access'

// The combined rapor over every station's cases, sliced and in series.

const schemas = {
  rapor: {
    querystring: json(consoleRaporQuerySchema),
    response: { 200: json(consoleRaporSchema, 'output'), ...refusals },
  },
}

export const consoleRaporRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: ConsoleRaporQuery }>(
    '/v1/console/rapor',
    { schema: schemas.rapor, preHandler: app.requireRole(...READERS) },
    async (req) => consoleRapor(app.db, req.query, app.now()),
  )
}
