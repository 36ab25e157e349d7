import { nextTick, onBeforeUnmount, ref, watch, type Ref } from 'vue'
import type { ApiClient } from '../api/client'

export interface DraftOptions<T> {
  /** Quiet time after the last change before the draft is saved. */
  delayMs?: number
  /** A form in this state is not worth keeping: its stored draft is discarded instead. */
  isEmpty?: (value: T) => boolean
}

/**
 * Saves a form as a draft shortly after every change, and once more when the
 * page is hidden or closed, so nothing typed is lost. Nothing is saved until
 * `restore` (or `resume`) has run, so loading the form never overwrites a draft.
 */
export function useDraft<T extends object>(
  api: ApiClient,
  id: string,
  form: Ref<T>,
  options: DraftOptions<T> = {},
) {
  const delayMs = options.delayMs ?? 800
  const savedAt = ref<Date | null>(null)
  const restored = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let paused = true
  let stored = false

  async function save(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    if (options.isEmpty?.(form.value)) {
      if (stored) {
        stored = false
        await api.call('draft.discard', { id })
      }
      savedAt.value = null
      return
    }
    const { updatedAt } = await api.call('draft.save', {
      id,
      data: JSON.parse(JSON.stringify(form.value)) as Record<string, unknown>,
    })
    stored = true
    savedAt.value = new Date(updatedAt)
  }

  function schedule() {
    if (paused) return
    clearTimeout(timer)
    timer = setTimeout(() => void save().catch(() => undefined), delayMs)
  }

  /** Starts watching again once the change just made to the form has been seen. */
  async function resumeAfterTick(): Promise<void> {
    await nextTick()
    paused = false
  }

  async function restore(apply: (data: Record<string, unknown>) => void): Promise<void> {
    // What is typed while the stored draft is on its way is not lost: once
    // watching starts, it is saved like any other change.
    let typed = false
    const stop = watch(form, () => (typed = true), { deep: true, flush: 'sync' })
    try {
      const draft = await api.call('draft.get', { id })
      stop()
      if (draft) {
        apply(draft.data)
        stored = true
        restored.value = true
        savedAt.value = new Date(draft.updatedAt)
      }
    } finally {
      stop()
      await resumeAfterTick()
      if (typed) schedule()
    }
  }

  /** Forgets the stored draft; call `resume` after resetting the form. */
  async function discard(): Promise<void> {
    paused = true
    clearTimeout(timer)
    timer = undefined
    await api.call('draft.discard', { id })
    stored = false
    savedAt.value = null
    restored.value = false
  }

  function resume(): Promise<void> {
    return resumeAfterTick()
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
