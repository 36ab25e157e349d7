import type {
  ApiError,
  ApiInput,
  ApiMethod,
  ApiResponse,
  ApiResult,
  Invoke,
} from '../../shared/api'
import { translateMessage } from '../../shared/messages'

/** A refused call, with what the person needs to correct it. */
export class ApiCallError extends Error {
  readonly code: ApiError['code']
  readonly issues: NonNullable<ApiError['issues']>
  constructor(error: ApiError) {
    super(error.message)
    this.name = 'ApiCallError'
    this.code = error.code
    this.issues = error.issues ?? []
  }
}

export interface ApiClient {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResult<M>>
}

export function createApiClient(invoke: Invoke): ApiClient {
  return {
    async call(method, input) {
      const res = await invoke(method, input)
      if (!res.ok) throw new ApiCallError(res.error)
      return res.result
    },
  }
}

/** The browser transport: the web host's `POST /api/<method>`. */
export function httpInvoke(fetchFn: typeof fetch = fetch): Invoke {
  return async (method, input) => {
    try {
      const res = await fetchFn(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      })
      return (await res.json()) as ApiResponse<never>
    } catch {
      return {
        ok: false,
        error: { code: 'transport', message: translateMessage('error.transport') },
      }
    }
  }
}

/** The platform seam: Electron's bridge when the preload provided it, else HTTP. */
export function pickInvoke(w: { loket?: { invoke: Invoke } } = window): Invoke {
  return w.loket ? w.loket.invoke : httpInvoke()
}
