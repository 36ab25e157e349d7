import { onBeforeUnmount, onMounted } from 'vue'

/** Calls `lock` after `minutes()` without keyboard, mouse or touch. */
export function useIdleLock(minutes: () => number, lock: () => void): void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const events = ['keydown', 'mousedown', 'pointermove', 'wheel', 'touchstart'] as const
  const reset = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(lock, minutes() * 60_000)
  }
  onMounted(() => {
    for (const e of events) window.addEventListener(e, reset, { passive: true })
    reset()
  })
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer)
    for (const e of events) window.removeEventListener(e, reset)
  })
}
