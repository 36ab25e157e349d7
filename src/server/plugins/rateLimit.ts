import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'

/** Requests per minute per client address; a route may set its own lower limit. */
export const rateLimitPlugin = fp(
  async (app) => {
    await app.register(rateLimit, {
      max: app.config.rateLimit,
      timeWindow: '1 minute',
      errorResponseBuilder: (_req, ctx) => ({
        statusCode: 429,
        code: 'rate_limited',
        message: `too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} s`,
      }),
    })
  },
  { name: 'loket-rate-limit', dependencies: ['loket-config'] },
)
