import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { publicStatusSchema } from '../../shared/sync'
import { publicStatus } from '../central/publicStatus'
import { json, refusals } from './schemas'

// The routes anyone may call: health, and a complaint's status by its tracking number and PIN.

const schemas = {
  health: {
    response: { 200: json(z.strictObject({ ok: z.boolean(), service: z.string() })) },
  },
  status: {
    params: json(z.strictObject({ trackingNumber: z.string().min(4).max(40) })),
    querystring: json(z.strictObject({ pin: z.string().regex(/^\d{6}$/) })),
    response: { 200: json(publicStatusSchema, 'output'), ...refusals },
  },
}

export const publicRoutes: FastifyPluginAsync = async (app) => {
  const { db, config } = app

  app.get('/health', { schema: schemas.health }, async () => ({
    ok: true,
    service: 'loket-central',
  }))

  app.get<{ Params: { trackingNumber: string }; Querystring: { pin: string } }>(
    '/v1/status/:trackingNumber',
    {
      config: { rateLimit: { max: config.statusRateLimit, timeWindow: '1 minute' } },
      schema: schemas.status,
    },
    async (req) => publicStatus(db, req.params.trackingNumber, req.query.pin),
  )
}
