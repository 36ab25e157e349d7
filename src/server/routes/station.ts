import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import {
  CHUNK_BYTES,
  attachmentStateSchema,
  batchAckSchema,
  batchSchema,
  enrolRequestSchema,
  enrolResponseSchema,
  pullQuerySchema,
  pullResponseSchema,
  type Batch,
  type EnrolRequest,
} from '../../shared/sync'
import { attachmentState, putChunk } from '../central/attachments'
import { enrol } from '../central/enrolment'
import { ingestBatch } from '../central/ingest'
import { pullEvents } from '../central/pull'
import { Refused } from '../central/refused'
import { authenticateStation } from '../central/stationAuth'
import { json, refusals } from './schemas'

declare module 'fastify' {
  interface FastifyRequest {
    /** The station whose key signed the request. */
    stationId?: string
  }
}

// The routes stations call: enrolment, then signed requests to push, pull and upload.

const attachmentParams = json(z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }))

const schemas = {
  enrol: {
    body: json(enrolRequestSchema),
    response: { 200: json(enrolResponseSchema, 'output'), ...refusals },
  },
  push: {
    body: json(batchSchema),
    response: { 200: json(batchAckSchema, 'output'), ...refusals },
  },
  pull: {
    querystring: json(pullQuerySchema),
    response: { 200: json(pullResponseSchema, 'output'), ...refusals },
  },
  attachmentState: {
    params: attachmentParams,
    response: { 200: json(attachmentStateSchema, 'output'), ...refusals },
  },
  attachmentChunk: {
    params: attachmentParams,
    querystring: json(
      z.strictObject({
        offset: z.coerce.number().int().min(0),
        size: z.coerce.number().int().min(1),
      }),
    ),
    response: { 200: json(attachmentStateSchema, 'output'), ...refusals },
  },
}

export const stationRoutes: FastifyPluginAsync = async (app) => {
  const { db, identity, config } = app

  app.post<{ Body: EnrolRequest }>(
    '/v1/enrol',
    {
      config: { rateLimit: { max: config.enrolRateLimit, timeWindow: '1 minute' } },
      schema: schemas.enrol,
    },
    async (req) => enrol(db, identity, req.body, app.now()),
  )

  await app.register(signedRoutes)
}

/** Every route in this scope is signed by an enrolled station's key, fresh and used once. */
const signedRoutes: FastifyPluginAsync = async (app) => {
  const { db, config } = app

  app.addHook('preValidation', async (req) => {
    req.stationId = await authenticateStation(
      db,
      {
        method: req.method,
        url: req.url,
        headers: req.headers,
        rawBody: req.rawBody ?? Buffer.alloc(0),
      },
      app.now(),
    )
  })

  app.post<{ Body: Batch }>('/v1/batches', { schema: schemas.push }, async (req) => {
    if (req.body.stationId !== req.stationId) {
      throw new Refused(403, {
        code: 'station',
        reason: 'a station may push only its own batches',
      })
    }
    return ingestBatch(db, req.body, 'push', app.now())
  })

  app.get<{ Querystring: { after: number; limit?: number } }>(
    '/v1/events',
    { schema: schemas.pull },
    async (req) => pullEvents(db, req.stationId!, req.query.after, req.query.limit ?? 500),
  )

  app.get<{ Params: { sha256: string } }>(
    '/v1/attachments/:sha256',
    { schema: schemas.attachmentState },
    async (req) => attachmentState(db, req.params.sha256),
  )

  app.put<{
    Params: { sha256: string }
    Querystring: { offset: number; size: number }
    Body: Buffer
  }>(
    '/v1/attachments/:sha256',
    { bodyLimit: CHUNK_BYTES, schema: schemas.attachmentChunk },
    async (req) =>
      putChunk(
        db,
        config.dataDir,
        req.stationId!,
        {
          sha256: req.params.sha256,
          offset: req.query.offset,
          size: req.query.size,
          bytes: req.body,
        },
        app.now(),
      ),
  )
}
