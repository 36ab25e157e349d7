import type { IncomingMessage } from 'node:http'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify'
import { z } from 'zod'
import {
  CHUNK_BYTES,
  SERVER_BODY_LIMIT,
  attachmentStateSchema,
  batchAckSchema,
  batchFileSchema,
  batchSchema,
  centralDecisionSchema,
  enrolRequestSchema,
  enrolResponseSchema,
  publicStatusSchema,
  pullQuerySchema,
  pullResponseSchema,
  refusalSchema,
  wireEventSchema,
  type Batch,
  type BatchFile,
  type CentralDecision,
  type EnrolRequest,
} from '../shared/sync'
import { attachmentState, putChunk } from './attachments'
import {
  Refused,
  authenticateStation,
  checkAdminToken,
  createEnrolmentCode,
  enrol,
  importBatchFile,
  ingestBatch,
  publicStatus,
  pullEvents,
  readSealedIdentity,
  recordDecision,
  type CentralIdentity,
} from './central'
import type { ServerConfig } from './config'
import { centralRapor, centralRaporSchema } from './rapor'
import type { ServerDb } from './db'

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer
    stationId?: string
    /** The admin behind the request's token, as recorded for what they do. */
    adminActor?: string
  }
}

export interface CentralOptions {
  db: ServerDb
  identity: CentralIdentity
  config: ServerConfig
  /** The clock; tests move it. */
  now?: () => Date
}

/** A zod schema as the JSON Schema Fastify validates and serialises with. */
function json(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io }) as Record<
    string,
    unknown
  >
  return rest
}

const refusal = json(refusalSchema, 'output')
const refusals = {
  400: refusal,
  401: refusal,
  403: refusal,
  404: refusal,
  409: refusal,
  413: refusal,
  422: refusal,
  429: refusal,
}
const hex64Param = json(z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
const BATCH_FILE_LIMIT = 256 * 1024 * 1024

/** The central server's routes, as a plugin. */
export const centralRoutes: FastifyPluginAsync<CentralOptions> = async (app, opts) => {
  const { db, identity, config } = opts
  const now = opts.now ?? (() => new Date())

  // Station routes are signed over the exact bytes sent, so keep them.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const raw = body as Buffer
    req.rawBody = raw
    try {
      done(null, raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8')))
    } catch {
      done(new Refused(400, { code: 'json', reason: 'the body is not valid JSON' }), undefined)
    }
  })
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer
    done(null, body)
  })

  const signed = {
    preValidation: async (req: FastifyRequest) => {
      req.stationId = await authenticateStation(
        db,
        {
          method: req.method,
          url: req.url,
          headers: req.headers,
          rawBody: req.rawBody ?? Buffer.alloc(0),
        },
        now(),
      )
    },
  }
  const admin = {
    preValidation: async (req: FastifyRequest) => {
      req.adminActor = await checkAdminToken(db, req.headers.authorization)
    },
  }

  app.get(
    '/health',
    {
      schema: { response: { 200: json(z.strictObject({ ok: z.boolean(), service: z.string() })) } },
    },
    async () => ({ ok: true, service: 'loket-central' }),
  )

  // The API description is for the centre's own tools: behind an admin token like them.
  app.get('/openapi.json', { ...admin, schema: { hide: true } }, async () => app.swagger())

  app.post<{ Body: EnrolRequest }>(
    '/v1/enrol',
    {
      config: { rateLimit: { max: config.enrolRateLimit, timeWindow: '1 minute' } },
      schema: {
        body: json(enrolRequestSchema),
        response: { 200: json(enrolResponseSchema, 'output'), ...refusals },
      },
    },
    async (req) => enrol(db, identity, req.body, now()),
  )

  app.post<{ Body: Batch }>(
    '/v1/batches',
    {
      ...signed,
      schema: {
        body: json(batchSchema),
        response: { 200: json(batchAckSchema, 'output'), ...refusals },
      },
    },
    async (req) => {
      if (req.body.stationId !== req.stationId) {
        throw new Refused(403, {
          code: 'station',
          reason: 'a station may push only its own batches',
        })
      }
      return ingestBatch(db, req.body, 'push', now())
    },
  )

  app.get<{ Querystring: { after: number; limit?: number } }>(
    '/v1/events',
    {
      ...signed,
      schema: {
        querystring: json(pullQuerySchema),
        response: { 200: json(pullResponseSchema, 'output'), ...refusals },
      },
    },
    async (req) => pullEvents(db, req.stationId!, req.query.after, req.query.limit ?? 500),
  )

  app.get<{ Params: { sha256: string } }>(
    '/v1/attachments/:sha256',
    {
      ...signed,
      schema: {
        params: hex64Param,
        response: { 200: json(attachmentStateSchema, 'output'), ...refusals },
      },
    },
    async (req) => attachmentState(db, req.params.sha256),
  )

  app.put<{
    Params: { sha256: string }
    Querystring: { offset: number; size: number }
    Body: Buffer
  }>(
    '/v1/attachments/:sha256',
    {
      ...signed,
      bodyLimit: CHUNK_BYTES,
      schema: {
        params: hex64Param,
        querystring: json(
          z.strictObject({
            offset: z.coerce.number().int().min(0),
            size: z.coerce.number().int().min(1),
          }),
        ),
        response: { 200: json(attachmentStateSchema, 'output'), ...refusals },
      },
    },
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
        now(),
      ),
  )

  app.get<{ Params: { trackingNumber: string }; Querystring: { pin: string } }>(
    '/v1/status/:trackingNumber',
    {
      config: { rateLimit: { max: config.statusRateLimit, timeWindow: '1 minute' } },
      schema: {
        params: json(z.strictObject({ trackingNumber: z.string().min(4).max(40) })),
        querystring: json(z.strictObject({ pin: z.string().regex(/^\d{6}$/) })),
        response: { 200: json(publicStatusSchema, 'output'), ...refusals },
      },
    },
    async (req) => publicStatus(db, req.params.trackingNumber, req.query.pin),
  )

  app.post<{ Body: { label: string; stationCode?: string } }>(
    '/v1/admin/enrolment-codes',
    {
      ...admin,
      schema: {
        body: json(
          z.strictObject({
            label: z.string().min(1).max(200),
            // Checked by the service, which says which characters are wrong.
            stationCode: z.string().min(1).max(40).optional(),
          }),
        ),
        response: {
          200: json(
            z.strictObject({ code: z.string(), stationCode: z.string(), expiresAt: z.string() }),
            'output',
          ),
          ...refusals,
        },
      },
    },
    async (req) => createEnrolmentCode(db, req.body, now()),
  )

  // The decision is recorded as the token's admin's; the body names no one.
  app.post<{ Params: { caseId: string }; Body: { decision: CentralDecision } }>(
    '/v1/admin/cases/:caseId/decisions',
    {
      ...admin,
      schema: {
        params: json(z.strictObject({ caseId: z.string().regex(/^[0-9a-f-]{36}$/) })),
        body: json(z.strictObject({ decision: centralDecisionSchema })),
        response: { 200: json(wireEventSchema, 'output'), ...refusals },
      },
    },
    async (req) =>
      recordDecision(db, identity, req.params.caseId, req.body.decision, req.adminActor!, now()),
  )

  app.post<{ Params: { caseId: string }; Body: { reason: string } }>(
    '/v1/admin/cases/:caseId/identity',
    {
      ...admin,
      schema: {
        params: json(z.strictObject({ caseId: z.string().regex(/^[0-9a-f-]{36}$/) })),
        body: json(z.strictObject({ reason: z.string().trim().min(10).max(1000) })),
        response: {
          200: json(
            z.strictObject({
              name: z.string().optional(),
              nik: z.string().optional(),
              phone: z.string().optional(),
              email: z.string().optional(),
              address: z.string().optional(),
            }),
            'output',
          ),
          ...refusals,
        },
      },
    },
    async (req) =>
      readSealedIdentity(db, identity, req.params.caseId, req.adminActor!, req.body.reason, now()),
  )

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/v1/admin/rapor',
    {
      ...admin,
      schema: {
        querystring: json(
          z.strictObject({
            from: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/)
              .optional(),
            to: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/)
              .optional(),
          }),
        ),
        response: { 200: json(centralRaporSchema, 'output'), ...refusals },
      },
    },
    async (req) => centralRapor(db, req.query, now()),
  )

  app.post<{ Body: BatchFile }>(
    '/v1/admin/batch-files',
    {
      ...admin,
      bodyLimit: BATCH_FILE_LIMIT,
      schema: {
        body: json(batchFileSchema),
        response: {
          200: json(
            z.strictObject({
              batches: z.int(),
              stored: z.int(),
              duplicates: z.int(),
              ackedSeq: z.int(),
            }),
            'output',
          ),
          ...refusals,
        },
      },
    },
    async (req) => importBatchFile(db, req.body, now()),
  )
}

/**
 * After a body is refused as too large, this much of it is still read and
 * thrown away, so that a client that sends its whole body before reading
 * reads the 413 instead of a broken pipe; past it, the connection is cut.
 */
const DISCARD_BYTES = 64 * 1024 * 1024

function discardBody(raw: IncomingMessage): Promise<void> {
  if (raw.readableEnded || raw.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    let seen = 0
    const done = () => {
      raw.off('data', onData)
      raw.off('end', done)
      raw.off('error', done)
      raw.off('close', done)
      resolve()
    }
    const onData = (chunk: Buffer) => {
      seen += chunk.length
      if (seen > DISCARD_BYTES) done()
    }
    raw.on('data', onData)
    raw.once('end', done)
    raw.once('error', done)
    raw.once('close', done)
    raw.resume()
  })
}

async function sendError(
  err: unknown,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  if (err instanceof Refused) return reply.status(err.status).send(err.refusal)
  const e = err as { statusCode?: number; validation?: unknown; message?: string; code?: string }
  const status = e.statusCode ?? 500
  if (e.validation) {
    return reply.status(400).send({ code: 'invalid', reason: e.message ?? 'invalid request' })
  }
  if (status === 413) {
    // Fastify refuses before reading the body and closes the connection after the answer.
    await discardBody(req.raw)
    return reply.status(413).send({ code: 'too_large', reason: 'the request body is too large' })
  }
  if (status >= 400 && status < 500) {
    return reply.status(status).send({ code: e.code ?? 'refused', reason: e.message ?? 'refused' })
  }
  // 5xx: log the detail, tell the caller nothing about the inside.
  req.log.error(err)
  return reply
    .status(500)
    .send({ code: 'internal', reason: 'internal server error; try again later' })
}

/** A complete server instance: infrastructure plugins plus the routes. Only server.ts listens. */
export async function buildServer(
  opts: CentralOptions & { logger?: boolean | { level: string } },
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: opts.config.logLevel },
    bodyLimit: SERVER_BODY_LIMIT,
    // Behind no proxy unless configured: then the rate limit keys on the socket's address.
    trustProxy: opts.config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  })
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply))
  await app.register(helmet, { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"] } } })
  await app.register(rateLimit, {
    max: opts.config.rateLimit,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      code: 'rate_limited',
      message: `too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} s`,
    }),
  })
  await app.register(swagger, {
    openapi: {
      info: { title: 'Loket central server', version: '1' },
      components: {
        securitySchemes: {
          admin: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  })
  await app.register(centralRoutes, opts)
  app.addHook('onClose', async () => {
    await opts.db.destroy()
  })
  return app
}
