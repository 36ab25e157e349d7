import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import type { ApiClient } from '../api/client'

/**
 * Saves a form as a draft shortly after every change, and once more when the
 * page is hidden or closed, so nothing typed is lost.
 */
export function useDraft<T extends object>(
  api: ApiClient,
  id: string,
  form: Ref<T>,
  delayMs = 800,
) {
  const savedAt = ref<Date | null>(null)
  const restored = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let paused = true

  async function save(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    const { updatedAt } = await api.call('draft.save', {
      id,
      data: JSON.parse(JSON.stringify(form.value)) as Record<string, unknown>,
    })
    savedAt.value = new Date(updatedAt)
  }

  function schedule() {
    if (paused) return
    clearTimeout(timer)
    timer = setTimeout(() => void save().catch(() => undefined), delayMs)
  }

  async function restore(apply: (data: Record<string, unknown>) => void): Promise<void> {
    const draft = await api.call('draft.get', { id })
    if (draft) {
      apply(draft.data)
      restored.value = true
      savedAt.value = new Date(draft.updatedAt)
    }
    paused = false
  }

  async function discard(): Promise<void> {
    paused = true
    clearTimeout(timer)
    await api.call('draft.discard', { id })
    savedAt.value = null
    restored.value = false
  }

  function resume() {
    paused = false
  }

  const flush = () => {
    if (timer !== undefined) void save().catch(() => undefined)
  }
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flush()
  }
  window.addEventListener('beforeunload', flush)
  document.addEventListener('visibilitychange', onVisibility)
  onBeforeUnmount(() => {
    flush()
    window.removeEventListener('beforeunload', flush)
    document.removeEventListener('visibilitychange', onVisibility)
  })

  watch(form, schedule, { deep: true })

  return { savedAt, restored, restore, discard, resume, save }
}
