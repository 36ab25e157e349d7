import { defineStore } from 'pinia'
import { computed, readonly, ref } from 'vue'
import type { AuthState } from '../../shared/api'
import type { Role } from '../../shared/roles'
import type { ApiClient } from '../api/client'
import { DEFAULT_ZONE, dayInZone, type StationZone } from '../../shared/timeZone'

/** Who is signed in, whether the station needs setting up, and whether the window is locked. */
export const useSessionStore = defineStore('session', () => {
  const state = ref<AuthState | null>(null)
  const locked = ref(false)

  async function load(api: ApiClient): Promise<void> {
    state.value = await api.call('auth.state', {})
  }
  function set(next: AuthState): void {
    state.value = next
    locked.value = false
  }
  function signedOut(): void {
    if (state.value) state.value = { ...state.value, user: null }
    locked.value = false
  }
  function lock(): void {
    if (state.value?.user) locked.value = true
  }

  const role = computed<Role | null>(() => state.value?.user?.role ?? null)
  const timeZone = computed<StationZone>(() => state.value?.timeZone ?? DEFAULT_ZONE)
  /** The station's day now: steps and dates at the desk are counted in its zone, not the browser's. */
  const today = (): string => dayInZone(Date.now(), timeZone.value)
  function setZone(zone: StationZone): void {
    if (state.value) state.value = { ...state.value, timeZone: zone }
  }
  return {
    state: readonly(state),
    locked: readonly(locked),
    user: computed(() => state.value?.user ?? null),
    role,
    timeZone,
    today,
    setZone,
    is: (...roles: Role[]) => role.value !== null && roles.includes(role.value),
    load,
    set,
    signedOut,
    lock,
  }
})
