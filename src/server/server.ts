import type { FastifyInstance } from 'fastify'
import { buildServer } from './app'
import { ensureCentralIdentity } from './central/centralIdentity'
import { dataAtRestOf } from './central/dataKey'
import type { ServerConfig } from './config'
import { migrateServer, openServerDb } from './db'

/** Opens the database, migrates it, and listens. The only place the server listens. */
export async function startServer(config: ServerConfig): Promise<FastifyInstance> {
  const db = openServerDb(config)
  try {
    await migrateServer(db)
    const identity = await ensureCentralIdentity(db, new Date())
    const app = await buildServer({ db, identity, config })
    const { source } = dataAtRestOf(db)
    if (source.kind === 'file' && source.created) {
      app.log.warn(
        { keyFile: source.path },
        'a new server data key was made: keep a copy somewhere safe, apart from the data and its backups (see README, "The server data key")',
      )
    }
    await app.listen({ host: config.host, port: config.port })
    return app
  } catch (err) {
    await db.destroy()
    throw err
  }
}
