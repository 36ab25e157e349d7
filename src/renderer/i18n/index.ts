import { createI18n } from 'vue-i18n'
import { translateMessage, type MessageLabels } from '../../shared/messages'
import { ApiCallError } from '../api/client'
import en from './en'
import id, { type Messages } from './id'

export type Locale = 'id' | 'en'
const STORAGE_KEY = 'loket.locale'

export function savedLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id'
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale)
}

export const i18n = createI18n<[Messages], Locale>({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'id',
  messages: { id, en },
})

// Statuses and handling steps named in a message, in the window's language.
const labels: MessageLabels = {
  state: (code) => (i18n.global.te(`status.${code}`) ? i18n.global.t(`status.${code}`) : undefined),
  transition: (code) => {
    const key =
      code === 'exposure'
        ? 'actions.exposure'
        : code === 'followUp'
          ? 'actions.followup'
          : `actions.transition.${code}`
    return i18n.global.te(key) ? i18n.global.t(key) : undefined
  },
}

/**
 * The one way a message key becomes words on the screen, e.g.
 * `validation.tooLong|max=200` or a sync status's last error. The keys live in
 * src/shared so core answers in the same words; they are flat keys with dots,
 * which vue-i18n would read as paths, so they are looked up directly. Reading
 * the locale makes a template that calls this follow a change of language.
 */
export function translateKey(raw: string): string {
  return translateMessage(raw, (i18n.global.locale as unknown as { value: Locale }).value, labels)
}

/**
 * The message key of a failure: what core said, with its parameters, or its
 * code. `firstIssue` puts the first field's message first, for a screen that
 * shows no fields of its own.
 */
export function errorKey(e: unknown, firstIssue = false): string {
  if (!(e instanceof ApiCallError)) return 'error.internal'
  const issue = firstIssue ? e.issues[0]?.message : undefined
  return issue ?? e.key ?? `error.${e.code}`
}

/** A failure in words, in the chosen language. */
export function errorText(e: unknown, firstIssue = false): string {
  return translateKey(errorKey(e, firstIssue))
}
