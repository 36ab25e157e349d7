import type { IncomingMessage } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Refused } from '../central/refused'

/**
 * After a body is refused as too large, this much of it is still read and
 * thrown away, so that a client that sends its whole body before reading
 * reads the 413 instead of a broken pipe; past it, the connection is cut.
 */
const DISCARD_BYTES = 64 * 1024 * 1024

function discardBody(raw: IncomingMessage): Promise<void> {
  if (raw.readableEnded || raw.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    let seen = 0
    const done = () => {
      raw.off('data', onData)
      raw.off('end', done)
      raw.off('error', done)
      raw.off('close', done)
      resolve()
    }
    const onData = (chunk: Buffer) => {
      seen += chunk.length
      if (seen > DISCARD_BYTES) done()
    }
    raw.on('data', onData)
    raw.once('end', done)
    raw.once('error', done)
    raw.once('close', done)
    raw.resume()
  })
}

async function sendError(
  err: unknown,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  if (err instanceof Refused) return reply.status(err.status).send(err.refusal)
  const e = err as { statusCode?: number; validation?: unknown; message?: string; code?: string }
  const status = e.statusCode ?? 500
  if (e.validation) {
    return reply.status(400).send({ code: 'invalid', reason: e.message ?? 'invalid request' })
  }
  if (status === 413) {
    // Fastify refuses before reading the body and closes the connection after the answer.
    await discardBody(req.raw)
    return reply.status(413).send({ code: 'too_large', reason: 'the request body is too large' })
  }
  if (status >= 400 && status < 500) {
    return reply.status(status).send({ code: e.code ?? 'refused', reason: e.message ?? 'refused' })
  }
  // 5xx: log the detail, tell the caller nothing about the inside.
  req.log.error(err)
  return reply
    .status(500)
    .send({ code: 'internal', reason: 'internal server error; try again later' })
}

/** One error handler: every refusal as `{ code, reason }`, and no detail of a 5xx. */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((err, req, reply) => sendError(err, req, reply))
  },
  { name: 'loket-errors' },
)
