import fp from 'fastify-plugin'
import type { CentralIdentity } from '../central/centralIdentity'
import type { ServerDb } from '../db'

declare module 'fastify' {
  interface FastifyInstance {
    db: ServerDb
    /** The centre's keys and station id, kept in its database. */
    identity: CentralIdentity
  }
}

/** The database (migrated by the caller) and the centre's identity; the database closes with the server. */
export const dbPlugin = fp<{ db: ServerDb; identity: CentralIdentity }>(
  async (app, opts) => {
    app.decorate('db', opts.db)
    app.decorate('identity', opts.identity)
    app.addHook('onClose', async () => {
      await opts.db.destroy()
    })
  },
  { name: 'loket-db' },
)
