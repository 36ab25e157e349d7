import type {
  ApiError,
  ApiErrorCode,
  ApiInput,
  ApiIssue,
  ApiMethod,
  ApiResponse,
  ApiResult,
  Invoke,
} from '../../shared/api'
import { translateMessage } from '../../shared/messages'

/** A refused call, with what the person needs to correct it. */
export class ApiCallError extends Error {
  readonly code: ApiError['code']
  /** The message key to show, in the chosen language; absent from older answers. */
  readonly key: string | undefined
  readonly issues: ApiIssue[]
  constructor(error: ApiError) {
    super(error.message)
    this.name = 'ApiCallError'
    this.code = error.code
    this.key = error.key
    this.issues = error.issues ?? []
  }
}

export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>>
}

/** Refusals by the way a call travels, not by the station: their code says it all. */
const TRANSPORT_CODES: ReadonlySet<ApiErrorCode> = new Set(['transport', 'cross_site'])

/**
 * Wraps a transport so callers get the result or an `ApiCallError`, never an
 * envelope. `onSignedOut` hears when the station says the session has ended;
 * `translate` words the transport's own refusals in the reader's language.
 */
export function createApiClient(
  invoke: Invoke,
  onSignedOut: () => void = () => {},
  translate: (key: string) => string = translateMessage,
): ApiClient {
  return {
    async call(method, input) {
      let res: ApiResponse<unknown>
      try {
        res = await invoke(method, input)
      } catch {
        // A transport must answer with an envelope; one that throws has lost the station.
        throw new ApiCallError(transportError(translate))
      }
      if (!res.ok) {
        if (res.error.code === 'unauthenticated' && method !== 'auth.login') onSignedOut()
        const { code } = res.error
        throw new ApiCallError(
          TRANSPORT_CODES.has(code) ? { code, message: translate(`error.${code}`) } : res.error,
        )
      }
      return res.result as ApiResult<typeof method>
    },
  }
}

function transportError(translate: (key: string) => string = translateMessage): ApiError {
  return { code: 'transport', message: translate('error.transport'), key: 'error.transport' }
}

function isApiResponse(body: unknown): body is ApiResponse<unknown> {
  if (typeof body !== 'object' || body === null) return false
  const b = body as { ok?: unknown; error?: unknown }
  if (b.ok === true) return 'result' in b
  if (b.ok !== false || typeof b.error !== 'object' || b.error === null) return false
  const e = b.error as { code?: unknown; message?: unknown }
  return typeof e.code === 'string' && typeof e.message === 'string'
}

/**
 * The browser transport: the web host's `POST /api/<method>` on the same origin.
 * Whatever goes wrong on the way (no answer, a reply that is not an API envelope)
 * becomes a `transport` error, so callers handle one shape.
 */
export function httpInvoke(fetchFn: typeof fetch = (...args) => fetch(...args)): Invoke {
  return async (method, input) => {
    try {
      const res = await fetchFn(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      })
      const body: unknown = await res.json()
      if (isApiResponse(body)) return body as ApiResponse<never>
    } catch {
      // falls through to the transport error below
    }
    return { ok: false, error: transportError() }
  }
}

/** The platform seam: Electron's bridge when the preload provided it, else HTTP. */
export function pickInvoke(
  w: { loket?: { invoke: Invoke } } = globalThis as { loket?: { invoke: Invoke } },
): Invoke {
  const bridge = w.loket
  return bridge ? (method, input) => bridge.invoke(method, input) : httpInvoke()
}
