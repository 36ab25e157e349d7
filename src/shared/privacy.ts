import type { Identity } from './seal'

// The pre-sync privacy check: does the free text of an anonymous complaint
// seem to name its own complainant? Deliberately eager: a false alarm costs
// the clerk one confirmation, a miss exposes a reporter.

export const MENTION_KINDS = ['name', 'nik', 'phone'] as const
export type MentionKind = (typeof MENTION_KINDS)[number]

// Forms of address that say nothing about who someone is.
const NOT_A_NAME = new Set([
  'bapak',
  'ibu',
  'saudara',
  'saudari',
  'haji',
  'hajjah',
  'sdr',
  'sdri',
  'dan',
  'bin',
  'binti',
])

const words = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)

/** Digit runs, with the spaces, dots and dashes people put inside numbers removed. */
const digitRuns = (s: string) => s.replace(/(?<=\d)[\s.\-/]+(?=\d)/g, '').match(/\d+/g) ?? []

export function identityMentions(
  identity: Identity,
  texts: ReadonlyArray<string | null | undefined>,
): MentionKind[] {
  const text = texts.filter((t): t is string => typeof t === 'string').join('\n')
  const found: MentionKind[] = []
  if (identity.name) {
    const inText = new Set(words(text))
    const tokens = words(identity.name).filter((w) => w.length >= 3 && !NOT_A_NAME.has(w))
    if (tokens.some((w) => inText.has(w))) found.push('name')
  }
  const runs = digitRuns(text)
  if (identity.nik && runs.some((r) => r.includes(identity.nik!.replace(/\D/g, ''))))
    found.push('nik')
  if (identity.phone) {
    // The subscriber part (after +62 or 0) is what people write in any form.
    const national = identity.phone.replace(/\D/g, '').replace(/^62/, '').replace(/^0/, '')
    if (national.length >= 7 && runs.some((r) => r.includes(national))) found.push('phone')
  }
  return found
}
