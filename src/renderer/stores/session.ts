import { defineStore } from 'pinia'
import { computed, readonly, ref } from 'vue'
import type { AuthState } from '../../shared/api'
import type { Role } from '../../shared/roles'
import type { ApiClient } from '../api/client'

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
  return {
    state: readonly(state),
    locked: readonly(locked),
    user: computed(() => state.value?.user ?? null),
    role,
    is: (...roles: Role[]) => role.value !== null && roles.includes(role.value),
    load,
    set,
    signedOut,
    lock,
  }
})
