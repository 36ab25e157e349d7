import { defineStore } from 'pinia'
import { computed, readonly, ref } from 'vue'
import type { Settings } from '../../shared/api'
import type { ApiClient } from '../api/client'

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings | null>(null)

  async function load(api: ApiClient): Promise<void> {
    settings.value = await api.call('settings.get', {})
  }

  return {
    settings: readonly(settings),
    stationName: computed(() => settings.value?.stationName ?? ''),
    lastReceivedBy: computed(() => settings.value?.lastReceivedBy ?? ''),
    load,
  }
})
