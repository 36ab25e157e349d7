import { defineStore } from 'pinia'
import { readonly, ref } from 'vue'
import type { ApiInput, CaseSummary } from '../../shared/api'
import type { ApiClient } from '../api/client'

export type CaseFilters = Omit<ApiInput<'case.list'>, 'cursor' | 'limit'>

export const useCasesStore = defineStore('cases', () => {
  const items = ref<CaseSummary[]>([])
  const nextCursor = ref<string | null>(null)
  const loading = ref(false)
  let request = 0

  async function load(api: ApiClient, filters: CaseFilters, more = false): Promise<void> {
    const mine = ++request
    loading.value = true
    try {
      const page = await api.call('case.list', {
        ...filters,
        limit: 50,
        ...(more && nextCursor.value ? { cursor: nextCursor.value } : {}),
      })
      // A newer search may have started while this one ran; only the newest counts.
      if (mine !== request) return
      items.value = more ? [...items.value, ...page.items] : page.items
      nextCursor.value = page.nextCursor
    } finally {
      if (mine === request) loading.value = false
    }
  }

  return {
    items: readonly(items),
    nextCursor: readonly(nextCursor),
    loading: readonly(loading),
    load,
  }
})
