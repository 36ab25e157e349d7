import { inject, provide, type InjectionKey } from 'vue'

/** What a form tells the fields inside it: their labels, their errors, and when one is left. */
export interface FieldContext {
  /** The label of the field at this path, in the chosen language. */
  label(field: string): string | undefined
  /** Its error in words, '' for none. */
  error?(field: string): string
  /** The focus left the field: check it now. */
  leave?(field: string): void
}

const FIELDS: InjectionKey<FieldContext> = Symbol('form fields')

export function provideFields(context: FieldContext): void {
  provide(FIELDS, context)
}

export function injectFields(): FieldContext | null {
  return inject(FIELDS, null)
}
