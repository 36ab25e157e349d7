import { z } from 'zod'
import {
  api,
  isApiMethod,
  type ApiError,
  type ApiMethod,
  type ApiParsedInput,
  type ApiResponse,
  type ApiResult,
} from '../shared/api'
import { translateMessage } from '../shared/messages'
import { DomainError } from './errors'

export interface CallContext {
  actor: string
  transport: 'ipc' | 'http' | 'test'
}

export type Handlers = {
  [M in ApiMethod]: (input: ApiParsedInput<M>, ctx: CallContext) => Promise<ApiResult<M>>
}

function issuesFrom(err: z.ZodError): ApiError['issues'] {
  return err.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    // Our schemas speak in message keys; anything else is zod's own English.
    message: /^(validation|error)\./.test(i.message) ? i.message : 'validation.invalid',
  }))
}

function refusal(
  code: ApiError['code'],
  key: string,
  issues?: ApiError['issues'],
): ApiResponse<never> {
  return {
    ok: false,
    error: { code, message: translateMessage(key), ...(issues ? { issues } : {}) },
  }
}

/**
 * The one entry point for every API call, whatever carried it: checks the
 * method, validates the input by its schema, runs the handler, and turns every
 * failure into an ApiError. It never throws.
 */
export function createDispatch(handlers: Handlers, log: (err: unknown) => void = console.error) {
  return async function dispatch(
    method: string,
    input: unknown,
    ctx: CallContext,
  ): Promise<ApiResponse<unknown>> {
    if (!isApiMethod(method)) return refusal('unknown_method', 'error.unknown_method')
    const parsed = api[method].input.safeParse(input)
    if (!parsed.success) {
      return refusal('invalid_input', 'error.invalid_input', issuesFrom(parsed.error))
    }
    try {
      const handler = handlers[method] as (i: unknown, c: CallContext) => Promise<unknown>
      return { ok: true, result: await handler(parsed.data, ctx) }
    } catch (err) {
      if (err instanceof DomainError) return refusal(err.code, err.messageKey, err.issues)
      log(err)
      return refusal('internal', 'error.internal')
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatch>
