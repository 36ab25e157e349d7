// Tracking numbers: SSSS-YYMMDD-NNNN-C, e.g. K7M2-261123-0042-P. Station code, day and the
// station's own daily sequence make a number unique with no network; C is a check character.
//
// Check: drop the hyphens, give the n characters of body+C the weights 1, 2, …, n (C gets n)
// and choose C so that Σ weight·value ≡ 0 (mod 31), values being alphabet indices.
// - Substituting b for a under weight w moves the sum by w·(b−a). 31 is prime and divides
//   neither factor (1 ≤ w ≤ 30, 0 < |b−a| ≤ 30), so the sum is no longer 0.
// - Swapping different neighbours a, b (weights w, w+1) moves it by (w+1−w)·(a−b) = a−b ≢ 0.
// Both hold at every position, C included, while fewer than 31 characters are weighted.
//
// The check covers the characters, not the hyphens, so the hyphens are protected by the
// widths: every group but the station's has a fixed width (day 6, sequence 4, check 1), and a
// number is read only as exactly four groups or as no groups at all. A hyphen typed as another
// character leaves three groups; a character typed as a hyphen makes five or an empty one; a
// hyphen swapped with a neighbour changes the width of the day, the sequence or the check.
// All of these are refused, and a mistake that keeps every width changes one character of the
// body, which the check catches. A number with a mistake in it still has two hyphens, so it is
// never read in the compact shape.

export const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRTVWXYZ'

const MOD = TRACKING_ALPHABET.length
const MAX_WEIGHTED = MOD - 1

/** Numbers a station issues in one local day: the sequence has a fixed four digits. */
export const MAX_DAILY_SEQUENCE = 9999

const VALUE = new Map([...TRACKING_ALPHABET].map((c, i) => [c, i]))

// People read O, I, L, S, U into numbers; the alphabet leaves them out so they can be mapped back.
const LOOK_ALIKES: Record<string, string> = { O: '0', I: '1', L: '1', S: '5', U: 'V' }

// One hyphen, or a dash a word processor made of it (U+2010–U+2015), with spaces around it
// or not; or spaces alone. Two hyphens in a row leave an empty group, which is refused.
const SEPARATOR = /\s*[-\u2010-\u2015]\s*|\s+/

export function isValidStationCode(code: string): boolean {
  return code.length >= 2 && code.length <= 6 && [...code].every((c) => VALUE.has(c))
}

/** The characters of a proposed station code that the alphabet leaves out, each once. */
export function invalidStationCodeCharacters(code: string): string[] {
  return [...new Set([...code].filter((c) => !VALUE.has(c)))]
}

export function checkCharacter(body: string): string {
  if (body.length === 0 || body.length + 1 > MAX_WEIGHTED) {
    throw new RangeError(`tracking body must have 1 to ${MAX_WEIGHTED - 1} characters`)
  }
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    const value = VALUE.get(body.charAt(i))
    if (value === undefined) throw new RangeError(`not a tracking character: ${body.charAt(i)}`)
    sum += (i + 1) * value
  }
  // Solve sum + w·C ≡ 0 for C; w^(MOD−2) is w's inverse because MOD is prime (Fermat).
  const w = body.length + 1
  let inverse = 1
  for (let k = 0; k < MOD - 2; k++) inverse = (inverse * w) % MOD
  return TRACKING_ALPHABET.charAt((((MOD - (sum % MOD)) % MOD) * inverse) % MOD)
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDay
}

// 'YYMMDD' to 'YYYY-MM-DD'; two digits of year cover 2000 to 2099.
function dayOf(yymmdd: string): string | undefined {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(yymmdd)
  if (!m || !isCalendarDate(2000 + Number(m[1]), Number(m[2]), Number(m[3]))) return undefined
  return `20${m[1]}-${m[2]}-${m[3]}`
}

type Parts = { stationCode: string; day: string; sequence: number }

// Before the width was fixed, a station printed a sixth number of the day and beyond with five
// to eight digits (no leading zero). Those receipts stay valid, read in the four-group shape.
const SEQUENCE = /^\d{4}$/
const LEGACY_SEQUENCE = /^[1-9]\d{4,7}$/

function readParts(
  station: string,
  yymmdd: string,
  digits: string,
  sequence: RegExp,
): Parts | undefined {
  const day = dayOf(yymmdd)
  if (!isValidStationCode(station) || !day) return undefined
  if (!sequence.test(digits) || Number(digits) < 1) return undefined
  return { stationCode: station, day, sequence: Number(digits) }
}

function yymmddOf(day: string): string {
  return day.slice(2, 4) + day.slice(5, 7) + day.slice(8, 10)
}

export function encodeTrackingNumber(parts: Parts): string {
  const { stationCode, day, sequence } = parts
  if (!isValidStationCode(stationCode)) throw new RangeError(`invalid station code: ${stationCode}`)
  if (!/^20\d\d-\d\d-\d\d$/.test(day) || dayOf(yymmddOf(day)) !== day) {
    throw new RangeError(`invalid day (2000-01-01 to 2099-12-31): ${day}`)
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new RangeError(`invalid sequence (1 to ${MAX_DAILY_SEQUENCE}): ${sequence}`)
  }
  const groups = [stationCode, yymmddOf(day), String(sequence).padStart(4, '0')]
  return [...groups, checkCharacter(groups.join(''))].join('-')
}

export type ParsedTrackingNumber = {
  stationCode: string
  day: string
  sequence: number
  normalized: string
}

type Groups = [station: string, yymmdd: string, digits: string, check: string]

// The four groups as typed: split at exactly three separators, or, with none at all, cut from
// the right, where every width is fixed (the station code is what is left). Anything else is
// not a tracking number.
function groupsOf(input: string): { groups: Groups; compact: boolean } | undefined {
  const pieces = input
    .trim()
    .replace(/[a-z]/g, (c) => c.toUpperCase())
    .split(SEPARATOR)
    .map((g) => [...g].map((c) => LOOK_ALIKES[c] ?? c).join(''))
  if (pieces.length === 4) return { groups: pieces as Groups, compact: false }
  if (pieces.length !== 1) return undefined
  const all = pieces[0] as string
  const groups: Groups = [all.slice(0, -11), all.slice(-11, -5), all.slice(-5, -1), all.slice(-1)]
  return { groups, compact: true }
}

/**
 * Reads a number as people type or hear it: any case, look-alike letters, a hyphen, dash or
 * spaces between the four groups, or no separator at all. `normalized` is the printed form.
 */
export function parseTrackingNumber(
  input: string,
): { ok: true; value: ParsedTrackingNumber } | { ok: false; reason: 'format' | 'check' } {
  const typed = groupsOf(input)
  if (!typed) return { ok: false, reason: 'format' }
  const [station, yymmdd, digits, check] = typed.groups
  const parts =
    readParts(station, yymmdd, digits, SEQUENCE) ??
    (typed.compact ? undefined : readParts(station, yymmdd, digits, LEGACY_SEQUENCE))
  if (!parts || check.length !== 1 || !VALUE.has(check)) return { ok: false, reason: 'format' }
  if (checkCharacter(station + yymmdd + digits) !== check) return { ok: false, reason: 'check' }
  return { ok: true, value: { ...parts, normalized: [station, yymmdd, digits, check].join('-') } }
}
