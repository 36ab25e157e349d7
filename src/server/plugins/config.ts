import fp from 'fastify-plugin'
import type { ServerConfig } from '../config'

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig
    /** The clock every route reads "now" from; tests move it. */
    now: () => Date
  }
}

/** The validated configuration and the clock, for every plugin and route. */
export const configPlugin = fp<{ config: ServerConfig; now: () => Date }>(
  async (app, opts) => {
    app.decorate('config', opts.config)
    app.decorate('now', opts.now)
  },
  { name: 'loket-config' },
)
