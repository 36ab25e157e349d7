import fp from 'fastify-plugin'
import { Refused } from '../central/refused'

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's bytes as sent, which a station's request signature covers. */
    rawBody?: Buffer
  }
}

/** Body parsers that keep the exact bytes sent, since station requests are signed over them. */
export const rawBodyPlugin = fp(
  async (app) => {
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
    app.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer' },
      (req, body, done) => {
        req.rawBody = body as Buffer
        done(null, body)
      },
    )
  },
  { name: 'loket-raw-body' },
)
