import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify'
import { SERVER_BODY_LIMIT } from '../shared/sync'
import type { CentralIdentity } from './central/centralIdentity'
import type { ServerConfig } from './config'
import type { ServerDb } from './db'
import { configPlugin } from './plugins/config'
import { dbPlugin } from './plugins/db'
import { errorsPlugin } from './plugins/errors'
import { openapiPlugin } from './plugins/openapi'
import { principalPlugin } from './plugins/principal'
import { rateLimitPlugin } from './plugins/rateLimit'
import { rawBodyPlugin } from './plugins/rawBody'
import { securityPlugin } from './plugins/security'
import { adminRoutes } from './routes/admin'
import { publicRoutes } from './routes/public'
import { stationRoutes } from './routes/station'

export interface CentralOptions {
  db: ServerDb
  identity: CentralIdentity
  config: ServerConfig
  /** The clock; tests move it. */
  now?: () => Date
}

/** Every route, by audience, in one scope whose body parsers keep the bytes sent. */
const routes: FastifyPluginAsync = async (app) => {
  await app.register(rawBodyPlugin)
  await app.register(stationRoutes)
  await app.register(publicRoutes)
  await app.register(adminRoutes)
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
  await app.register(errorsPlugin)
  await app.register(configPlugin, { config: opts.config, now: opts.now ?? (() => new Date()) })
  await app.register(dbPlugin, { db: opts.db, identity: opts.identity })
  await app.register(principalPlugin)
  await app.register(securityPlugin)
  await app.register(rateLimitPlugin)
  await app.register(openapiPlugin)
  await app.register(routes)
  return app
}
