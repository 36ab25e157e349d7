import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import {
  attachmentParams,
  caseByNumberSchema,
  caseIdParams,
  consoleCaseListQuerySchema,
  consoleCasePageSchema,
  consoleCaseSchema,
  trackingNumberParams,
  type ConsoleCaseListQuery,
} from '../../../shared/console'
import { ATTACHMENT_MIME_TYPES } from '../../../shared/domain'
import { centralDecisionSchema, wireEventSchema, type CentralDecision } from '../../../shared/sync'
import { readCaseAttachment } from '../../central/attachmentReads'
import { caseByNumber, listConsoleCases } from '../../central/caseList'
import { consoleCase } from '../../central/casePage'
import { recordDecision } from '../../central/decisions'
import { json, refusals } from '../schemas'
import { READERS, actorOf, readsContent } from './access'

// The cases across stations: the list and its search, a case by its tracking
// number, the case page, its attachments (each read logged first) and the
// verifier's decisions.

const schemas = {
  list: {
    querystring: json(consoleCaseListQuerySchema),
    response: { 200: json(consoleCasePageSchema, 'output'), ...refusals },
  },
  byNumber: {
    params: json(trackingNumberParams),
    response: { 200: json(caseByNumberSchema, 'output'), ...refusals },
  },
  case: {
    params: json(caseIdParams),
    response: { 200: json(consoleCaseSchema, 'output'), ...refusals },
  },
  attachment: {
    params: json(attachmentParams),
    response: { 200: { type: 'string', format: 'binary' }, ...refusals },
  },
  decision: {
    params: json(caseIdParams),
    body: json(z.strictObject({ decision: centralDecisionSchema })),
    response: { 200: json(wireEventSchema, 'output'), ...refusals },
  },
}

const MIME_TYPES: readonly string[] = ATTACHMENT_MIME_TYPES

export const consoleCaseRoutes: FastifyPluginAsync = async (app) => {
  const { db, identity } = app

  app.get<{ Querystring: ConsoleCaseListQuery }>(
    '/v1/console/cases',
    { schema: schemas.list, preHandler: app.requireRole(...READERS) },
    async (req) => listConsoleCases(db, req.query, app.now()),
  )

  app.get<{ Params: { trackingNumber: string } }>(
    '/v1/console/cases/by-number/:trackingNumber',
    { schema: schemas.byNumber, preHandler: app.requireRole(...READERS) },
    async (req) => caseByNumber(db, req.params.trackingNumber),
  )

  app.get<{ Params: { id: string } }>(
    '/v1/console/cases/:id',
    { schema: schemas.case, preHandler: app.requireRole(...READERS) },
    async (req) => consoleCase(db, req.params.id, readsContent(req), app.now()),
  )

  app.get<{ Params: { id: string; sha256: string } }>(
    '/v1/console/cases/:id/attachments/:sha256',
    { schema: schemas.attachment, preHandler: app.requireRole('verifier', 'custodian') },
    async (req, reply) => {
      const file = await readCaseAttachment(
        db,
        req.params.id,
        req.params.sha256,
        actorOf(req),
        app.now(),
      )
      // Only the types a station accepts are named; anything else is plain bytes.
      const type = MIME_TYPES.includes(file.mime) ? file.mime : 'application/octet-stream'
      return reply
        .type(type)
        .header('content-disposition', `inline; filename="${file.attachment.sha256}"`)
        .header('cache-control', 'no-store')
        .send(file.bytes)
    },
  )

  // The decision is recorded as the signed-in verifier's (or the token's); the body names no one.
  app.post<{ Params: { id: string }; Body: { decision: CentralDecision } }>(
    '/v1/console/cases/:id/decisions',
    { schema: schemas.decision, preHandler: app.requireRole('verifier') },
    async (req) =>
      recordDecision(db, identity, req.params.id, req.body.decision, actorOf(req), app.now()),
  )
}
