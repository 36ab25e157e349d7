import { createI18n } from 'vue-i18n'
import { translateMessage } from '../../shared/messages'
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

/** Translates a schema or API message key such as `validation.tooLong|max=200`. */
// These live in src/shared so core answers in the same words; they are flat keys
// with dots, which vue-i18n would read as paths, so they are looked up directly.
export function translateKey(raw: string): string {
  return translateMessage(raw, (i18n.global.locale as unknown as { value: Locale }).value)
}
