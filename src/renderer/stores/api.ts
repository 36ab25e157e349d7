import type { InjectionKey } from 'vue'
import { inject } from 'vue'
import type { ApiClient } from '../api/client'

export const apiKey: InjectionKey<ApiClient> = Symbol('api')

/** The API client is provided once at start, so stores can be given a fake one in tests. */
export function useApi(): ApiClient {
  const api = inject(apiKey)
  if (!api) throw new Error('API client not provided')
  return api
}
