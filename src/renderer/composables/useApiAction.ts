import { readonly, ref } from 'vue'
import type { ApiIssue } from '../../shared/api'
import { ApiCallError } from '../api/client'
import { errorKey, translateKey } from '../i18n'

export interface ApiActionOptions {
  /**
   * The fields a form shows its issues at: an issue about one of them is shown
   * there, and only the first issue about none of them becomes the error.
   */
  fields?: readonly string[]
  /** For a screen without fields of its own: the first issue's message is the error. */
  firstIssue?: boolean
}

/**
 * One call a person starts (save, sign in, enrol): whether it is under way, and
 * why it was refused, as message keys that are translated when shown, so they
 * follow a change of language.
 */
export function useApiAction(options: ApiActionOptions = {}) {
  const busy = ref(false)
  const error = ref('')
  const issues = ref<ApiIssue[]>([])

  function clear(): void {
    error.value = ''
    issues.value = []
  }

  function refusal(e: unknown): string {
    const { fields } = options
    if (fields && e instanceof ApiCallError && e.issues.length > 0) {
      return e.issues.find((i) => !fields.includes(i.path))?.message ?? ''
    }
    return errorKey(e, options.firstIssue)
  }

  /** Runs the call; false when it was refused, with the error and issues set. */
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    busy.value = true
    clear()
    try {
      await action()
      return true
    } catch (e) {
      error.value = refusal(e)
      issues.value = e instanceof ApiCallError ? e.issues : []
      return false
    } finally {
      busy.value = false
    }
  }

  /** The words for the field at this path, where the last refusal named it. */
  function fieldError(path: string): string {
    const issue = [...issues.value].reverse().find((i) => i.path === path)
    return issue ? translateKey(issue.message) : ''
  }

  return {
    busy: readonly(busy),
    error: readonly(error),
    issues: readonly(issues),
    run,
    clear,
    fieldError,
  }
}

export type ApiAction = ReturnType<typeof useApiAction>
