import type { Identity } from './seal'
import { checkNik } from './validation/nik'

// The pre-sync privacy check: does the free text of an anonymous complaint
// seem to identify its complainant? Deliberately eager: a false alarm costs
// the clerk one confirmation, a miss exposes a reporter. Only the kinds found
// are ever kept, never the values.

/**
 * `name`, `nik`, `phone`: the complainant's own values, as typed in the form.
 * `nikLike`, `phoneLike`, `email`: something shaped like one, whoever it belongs to.
 */
export const MENTION_KINDS = ['name', 'nik', 'phone', 'nikLike', 'phoneLike', 'email'] as const
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

const joined = (texts: ReadonlyArray<string | null | undefined>) =>
  texts.filter((t): t is string => typeof t === 'string').join('\n')

/** The complainant's own name, NIK or phone in the text. */
export function identityMentions(
  identity: Identity,
  texts: ReadonlyArray<string | null | undefined>,
): MentionKind[] {
  const text = joined(texts)
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

/*
 * A number as people write it: digit groups joined by one space, dot or dash
 * (or a dash with spaces around it), with an optional leading +. A number that
 * touches a slash is part of a letter number (045/PU/III/2026) and one after
 * "Rp" is an amount: neither is read. Letters may touch it ("WA081234567890").
 * The lookahead and back-reference take the whole number at once (an atomic
 * group), so a number glued to a slash is skipped rather than shortened until
 * it fits.
 */
const NUMBER =
  /(?<![\p{N}/]|\p{N}[.-])(?<!rp\.?\s?)(?=(\+?\d+(?:(?:[ \u00a0.-]|\s-\s)\d+)*))\1(?![\p{N}/])/giu
const EMAIL =
  /[\p{L}\p{N}._%+-]+\s?(?:@|\(at\)|\[at\])\s?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/iu

// A mobile number after +62, 62 or 0: 8 and then 8 to 11 more digits (see validation/phone.ts).
const MOBILE = /^(?:\+62|62|0)8\d{8,11}$/

function isPhoneLike(groups: string[]): boolean {
  const first = groups[0]!
  const second = groups[1]
  // "08.30" or "08-12-2026" start with a two-digit group: a time or a date, not a phone.
  const shaped =
    /^(?:\+?62|0)8\d/.test(first) || (/^\+?62$/.test(first) && /^8\d\d/.test(second ?? ''))
  return shaped && MOBILE.test(groups.join(''))
}

function isNikLike(groups: string[], today: Date): boolean {
  const digits = groups.join('')
  if (!/^\d{16}$/.test(digits)) return false
  // Sixteen digits written whole or in groups of four or more are suspect even with an
  // impossible date part; other groupings (two dates side by side) only if they read as a NIK.
  return groups.every((g) => g.length >= 4) || checkNik(digits, today).ok
}

/** NIK-, phone- and e-mail-shaped strings in the text, whoever they belong to. */
export function identityShapes(
  texts: ReadonlyArray<string | null | undefined>,
  today: Date,
): Array<'nikLike' | 'phoneLike' | 'email'> {
  const text = joined(texts)
  let nik = false
  let phone = false
  for (const m of text.matchAll(NUMBER)) {
    const groups = m[0].split(/[^\d+]+/)
    // Any stretch of consecutive groups: two numbers may be written side by side. Neither
    // shape has more than 16 digits, which bounds the stretches tried.
    for (let i = 0; i < groups.length && !(nik && phone); i++) {
      let digits = 0
      for (let j = i + 1; j <= groups.length; j++) {
        digits += groups[j - 1]!.replace('+', '').length
        if (digits > 16) break
        const part = groups.slice(i, j)
        nik ||= isNikLike(part, today)
        phone ||= isPhoneLike(part)
      }
    }
  }
  const found: Array<'nikLike' | 'phoneLike' | 'email'> = []
  if (nik) found.push('nikLike')
  if (phone) found.push('phoneLike')
  if (EMAIL.test(text)) found.push('email')
  return found
}

/**
 * Everything the check finds: the complainant's own values first; a shape is
 * listed only when the own value of that kind was not already found.
 */
export function privacyMentions(
  identity: Identity,
  texts: ReadonlyArray<string | null | undefined>,
  today: Date,
): MentionKind[] {
  const own = identityMentions(identity, texts)
  const shapes = identityShapes(texts, today).filter(
    (s) =>
      !(s === 'nikLike' && own.includes('nik')) && !(s === 'phoneLike' && own.includes('phone')),
  )
  return [...own, ...shapes]
}

/** The free text of a complaint as the check reads it, in the form and in core alike. */
export function intakeFreeText(input: {
  subject: string
  description: string
  location?: string | null | undefined
  reportedParty: {
    agency?: string | null | undefined
    person?: string | null | undefined
    position?: string | null | undefined
  }
}): string[] {
  return [
    input.subject,
    input.description,
    input.location,
    input.reportedParty.person,
    input.reportedParty.position,
    input.reportedParty.agency,
  ].filter((t): t is string => typeof t === 'string' && t !== '')
}
