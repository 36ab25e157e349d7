import { defineStore } from 'pinia'
import { computed, readonly, ref } from 'vue'
import type { SyncStatus } from '../../shared/api'
import type { ApiClient } from '../api/client'

/** The station's sync status, refreshed on a timer while the window is open. */
export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus | null>(null)
  let timer: ReturnType<typeof setInterval> | null = null

  async function refresh(api: ApiClient): Promise<void> {
    try {
      status.value = await api.call('sync.status', {})
    } catch {
      // The indicator keeps the last known status; the next tick tries again.
    }
  }

  function watch(api: ApiClient, everyMs = 10_000): void {
    if (timer) return
    void refresh(api)
    timer = setInterval(() => void refresh(api), everyMs)
  }

  function set(next: SyncStatus): void {
    status.value = next
  }

  return {
    status: readonly(status),
    enrolled: computed(() => status.value?.enrolled ?? false),
    refresh,
    watch,
    set,
  }
})
