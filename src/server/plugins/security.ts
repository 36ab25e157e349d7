import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'

/** Security headers; the server sends no pages, so its content policy allows nothing. */
export const securityPlugin = fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy: { directives: { defaultSrc: ["'none'"] } },
    })
  },
  { name: 'loket-security' },
)
