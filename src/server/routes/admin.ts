import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { raporSchema } from '../../shared/consoleReports'
import {
  batchFileSchema,
  centralDecisionSchema,
  wireEventSchema,
  type BatchFile,
  type CentralDecision,
} from '../../shared/sync'
import { checkAdminToken } from '../central/adminTokens'
import { importBatchFile } from '../central/batchFiles'
import { recordDecision } from '../central/decisions'
import { createEnrolmentCode } from '../central/enrolment'
import { centralRapor } from '../central/rapor'
import { readSealedIdentity } from '../central/sealedIdentity'
import { json, refusals } from './schemas'

declare module 'fastify' {
  interface FastifyRequest {
    /** The admin behind the request's token, as recorded for what they do. */
    adminActor?: string
  }
}

// The routes for the centre's own staff and tools, each behind an admin token.

const BATCH_FILE_LIMIT = 256 * 1024 * 1024

const caseParams = json(z.strictObject({ caseId: z.string().regex(/^[0-9a-f-]{36}$/) }))
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
const count = z.int().min(0)

const schemas = {
  enrolmentCode: {
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
  decision: {
    params: caseParams,
    body: json(z.strictObject({ decision: centralDecisionSchema })),
    response: { 200: json(wireEventSchema, 'output'), ...refusals },
  },
  identity: {
    params: caseParams,
    body: json(z.strictObject({ reason: z.string().trim().min(10).max(1000) })),
    response: {
      200: json(
        z.strictObject({
          name: z.string().optional(),
          nik: z.string().optional(),
          phone: z.string().optional(),
          email: z.string().optional(),
          address: z.string().optional(),
          /** Identity documents (KTP copies) sealed at intake; content null until the file arrives. */
          documents: z.array(
            z.strictObject({
              sha256: z.string(),
              name: z.string(),
              mime: z.string(),
              size: z.int(),
              contentBase64: z.string().nullable(),
            }),
          ),
        }),
        'output',
      ),
      ...refusals,
    },
  },
  rapor: {
    querystring: json(z.strictObject({ from: day, to: day })),
    response: {
      200: json(
        z.strictObject({
          cases: count,
          today: z.string(),
          rapor: raporSchema,
        }),
        'output',
      ),
      ...refusals,
    },
  },
  batchFile: {
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
}

export const adminRoutes: FastifyPluginAsync = async (app) => {
  const { db, identity } = app

  app.addHook('preValidation', async (req) => {
    req.adminActor = await checkAdminToken(db, req.headers.authorization)
  })

  // The API description is for the centre's own tools: behind an admin token like them.
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  app.post<{ Body: { label: string; stationCode?: string } }>(
    '/v1/admin/enrolment-codes',
    { schema: schemas.enrolmentCode },
    async (req) => createEnrolmentCode(db, req.body, app.now()),
  )

  // The decision is recorded as the token's admin's; the body names no one.
  app.post<{ Params: { caseId: string }; Body: { decision: CentralDecision } }>(
    '/v1/admin/cases/:caseId/decisions',
    { schema: schemas.decision },
    async (req) =>
      recordDecision(
        db,
        identity,
        req.params.caseId,
        req.body.decision,
        req.adminActor!,
        app.now(),
      ),
  )

  app.post<{ Params: { caseId: string }; Body: { reason: string } }>(
    '/v1/admin/cases/:caseId/identity',
    { schema: schemas.identity },
    async (req) =>
      readSealedIdentity(
        db,
        identity,
        req.params.caseId,
        req.adminActor!,
        req.body.reason,
        app.now(),
      ),
  )

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/v1/admin/rapor',
    { schema: schemas.rapor },
    async (req) => centralRapor(db, req.query, app.now()),
  )

  app.post<{ Body: BatchFile }>(
    '/v1/admin/batch-files',
    { bodyLimit: BATCH_FILE_LIMIT, schema: schemas.batchFile },
    async (req) => importBatchFile(db, req.body, app.now()),
  )
}
