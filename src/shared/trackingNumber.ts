// Tracking numbers: SSSS-YYMMDD-NNNN-C, e.g. K7M2-261123-0042-P. Station code, day and the
// station's own daily sequence make a number unique with no network; C is a check character.
//
// Check: drop the hyphens, give the n characters of body+C the weights 1, 2, …, n (C gets n)
// and choose C so that Σ weight·value ≡ 0 (mod 31), values being alphabet indices.
// - Substituting b for a under weight w moves the sum by w·(b−a). 31 is prime and divides
//   neither factor (1 ≤ w ≤ 30, 0 < |b−a| ≤ 30), so the sum is no longer 0.
// - Swapping different neighbours a, b (weights w, w+1) moves it by (w+1−w)·(a−b) = a−b ≢ 0.
// Both hold at every position, C included, while fewer than 31 characters are weighted.

export const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRTVWXYZ'

const MOD = TRACKING_ALPHABET.length
const MAX_WEIGHTED = MOD - 1
// Eight digits keep the number readable and far exceed any desk's daily intake.
const MAX_SEQUENCE = 99_999_999

const VALUE = new Map([...TRACKING_ALPHABET].map((c, i) => [c, i]))

// People read O, I, L, S, U into numbers; the alphabet leaves them out so they can be mapped back.
const LOOK_ALIKES: Record<string, string> = { O: '0', I: '1', L: '1', S: '5', U: 'V' }

// Word processors turn typed hyphens into dashes (U+2010–U+2015).
const SEPARATORS = /[\s\-\u2010-\u2015]+/

export function isValidStationCode(code: string): boolean {
  return code.length >= 2 && code.length <= 6 && [...code].every((c) => VALUE.has(c))
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

// Reads one split of the body. Only the canonical spelling counts, so each number has one.
function readParts(station: string, yymmdd: string, digits: string): Parts | undefined {
  const day = dayOf(yymmdd)
  if (!isValidStationCode(station) || !day) return undefined
  if (!/^(\d{4}|[1-9]\d{4,7})$/.test(digits) || Number(digits) < 1) return undefined
  return { stationCode: station, day, sequence: Number(digits) }
}

// Without hyphens a station code ending in digits blurs into the date. Readings differ only in
// how many digits the sequence has, so take the shortest: that is always right up to 9999 a day,
// and the hyphenated form, which is unambiguous, is what gets printed.
function readCompact(body: string): Parts | undefined {
  for (let len = 6; len >= 2; len--) {
    const parts = readParts(body.slice(0, len), body.slice(len, len + 6), body.slice(len + 6))
    if (parts) return parts
  }
  return undefined
}

function groupsOf(p: Parts): string[] {
  const yymmdd = p.day.slice(2, 4) + p.day.slice(5, 7) + p.day.slice(8, 10)
  return [p.stationCode, yymmdd, String(p.sequence).padStart(4, '0')]
}

export function encodeTrackingNumber(parts: Parts): string {
  const { stationCode, day, sequence } = parts
  if (!isValidStationCode(stationCode)) throw new RangeError(`invalid station code: ${stationCode}`)
  if (!/^20\d\d-\d\d-\d\d$/.test(day) || dayOf(day.slice(2).replace(/-/g, '')) !== day) {
    throw new RangeError(`invalid day (2000-01-01 to 2099-12-31): ${day}`)
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`invalid sequence: ${sequence}`)
  }
  const groups = groupsOf(parts)
  return [...groups, checkCharacter(groups.join(''))].join('-')
}

export type ParsedTrackingNumber = {
  stationCode: string
  day: string
  sequence: number
  normalized: string
}

export function parseTrackingNumber(
  input: string,
): { ok: true; value: ParsedTrackingNumber } | { ok: false; reason: 'format' | 'check' } {
  const groups = input
    .toUpperCase()
    .split(SEPARATORS)
    .filter((g) => g !== '')
    .map((g) => [...g].map((c) => LOOK_ALIKES[c] ?? c).join(''))
  const compact = groups.join('')
  const body = compact.slice(0, -1)
  const check = compact.slice(-1)
  // The reader's own grouping wins when it makes sense: it settles sequences above 9999.
  const [station = '', yymmdd = '', digits = '', last = ''] = groups
  const parts =
    (groups.length === 4 && last.length === 1 && readParts(station, yymmdd, digits)) ||
    readCompact(body)
  if (!parts || !VALUE.has(check)) return { ok: false, reason: 'format' }
  if (checkCharacter(body) !== check) return { ok: false, reason: 'check' }
  const normalized = [...groupsOf(parts), check].join('-')
  return { ok: true, value: { ...parts, normalized } }
}
