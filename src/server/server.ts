import type { FastifyInstance } from 'fastify'
import { buildServer } from './app'
import { ensureCentralIdentity } from './central/centralIdentity'
import type { ServerConfig } from './config'
import { migrateServer, openServerDb } from './db'

/** Opens the database, migrates it, and listens. The only place the server listens. */
export async function startServer(config: ServerConfig): Promise<FastifyInstance> {
  const db = openServerDb(config)
  try {
    await migrateServer(db)
    const identity = await ensureCentralIdentity(db, new Date())
    const app = await buildServer({ db, identity, config })
    await app.listen({ host: config.host, port: config.port })
    return app
  } catch (err) {
    await db.destroy()
    throw err
  }
}
