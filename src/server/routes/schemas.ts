import { z } from 'zod'
import { refusalSchema } from '../../shared/sync'

// What every route plugin's schemas share.

/** A zod schema as the JSON Schema Fastify validates and serialises with. */
export function json(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io }) as Record<
    string,
    unknown
  >
  return rest
}

const refusal = json(refusalSchema, 'output')

/** The answer to every status a route may refuse with. */
export const refusals = {
  400: refusal,
  401: refusal,
  403: refusal,
  404: refusal,
  409: refusal,
  413: refusal,
  422: refusal,
  429: refusal,
}
