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
import { mayCall, type SessionUser } from '../shared/roles'
import { DomainError } from './errors'

/** What a transport hands to dispatch with each call. */
export interface CallContext {
  transport: 'ipc' | 'http' | 'test'
  /** The session token the transport keeps for its window or browser. */
  session?: string | null
  /** In-process callers (tests, tools) act as a known user; no transport sets this. */
  asUser?: SessionUser
}

/** What a handler knows about the call. */
export interface HandlerContext {
  user: SessionUser | null
  /** Who the log records as having acted. */
  actor: string
  session: string | null
  transport: CallContext['transport']
}

export type Handlers = {
  [M in ApiMethod]: (input: ApiParsedInput<M>, ctx: HandlerContext) => Promise<ApiResult<M>>
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
    error: { code, message: translateMessage(key), key, ...(issues ? { issues } : {}) },
  }
}

/**
 * The one entry point for every API call, whatever carried it: checks the
 * method, validates the input by its schema, runs the handler, and turns every
 * failure into an ApiError. It never throws.
 */
export function createDispatch(
  handlers: Handlers,
  resolveUser: (session: string | null) => Promise<SessionUser | null>,
  log: (err: unknown) => void = console.error,
) {
  return async function dispatch(
    method: string,
    input: unknown,
    ctx: CallContext,
  ): Promise<ApiResponse<unknown>> {
    if (!isApiMethod(method)) return refusal('unknown_method', 'error.unknown_method')
    const session = ctx.session ?? null
    let user: SessionUser | null
    try {
      user = ctx.asUser ?? (await resolveUser(session))
    } catch (err) {
      log(err)
      return refusal('internal', 'error.internal')
    }
    // The roles table decides, before the input is even read.
    const allowed = mayCall(method, user)
    if (allowed !== 'ok') return refusal(allowed, `error.${allowed}`)
    const parsed = api[method].input.safeParse(input)
    if (!parsed.success) {
      return refusal('invalid_input', 'error.invalid_input', issuesFrom(parsed.error))
    }
    try {
      const handler = handlers[method] as (i: unknown, c: HandlerContext) => Promise<unknown>
      const context: HandlerContext = {
        user,
        actor: user?.username ?? 'anonim',
        session,
        transport: ctx.transport,
      }
      return { ok: true, result: await handler(parsed.data, context) }
    } catch (err) {
      if (err instanceof DomainError) return refusal(err.code, err.messageKey, err.issues)
      log(err)
      return refusal('internal', 'error.internal')
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatch>
