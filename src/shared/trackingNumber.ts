// Tracking numbers: STATION-YYMMDD-SEQ-C, e.g. K7M2-261123-0042-X.
//
// The check character is a weighted sum mod 31 over a 31-symbol alphabet.
// With position weights 1..n (n < 31, so all distinct and non-zero mod the
// prime 31):
// - a substitution changes the sum by w·(a−b), non-zero because w ≢ 0 and
//   0 < |a−b| < 31;
// - swapping neighbours a,b changes it by (wᵢ−wᵢ₊₁)(a−b) = −(a−b), non-zero.
// So every single-character error and every adjacent transposition is caught.

export const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRTVWXYZ'
const MOD = TRACKING_ALPHABET.length // 31, prime
const MAX_BODY = MOD - 1

const VALUE = new Map([...TRACKING_ALPHABET].map((c, i) => [c, i]))

export function isValidStationCode(code: string): boolean {
  return /^[0-9A-Z]{2,6}$/.test(code) && [...code].every((c) => VALUE.has(c))
}

export function checkCharacter(body: string): string {
  if (body.length === 0 || body.length > MAX_BODY) {
    throw new RangeError(`tracking body must have 1..${MAX_BODY} characters`)
  }
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    const v = VALUE.get(body[i] as string)
    if (v === undefined) throw new RangeError(`character not in alphabet: ${body[i]}`)
    sum += (i + 1) * v
  }
  // Chosen so that the weighted sum including the check character (weight n+1) is 0 mod 31.
  const w = body.length + 1
  const inv = modInverse(w % MOD)
  const c = (((MOD - (sum % MOD)) % MOD) * inv) % MOD
  return TRACKING_ALPHABET[c] as string
}

function modInverse(a: number): number {
  for (let x = 1; x < MOD; x++) if ((a * x) % MOD === 1) return x
  throw new RangeError('no inverse')
}

function isRealDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === day
}

export function encodeTrackingNumber(parts: {
  stationCode: string
  day: string
  sequence: number
}): string {
  const { stationCode, day, sequence } = parts
  if (!isValidStationCode(stationCode)) throw new RangeError(`invalid station code: ${stationCode}`)
  if (!isRealDay(day) || day < '2000-01-01' || day > '2099-12-31') {
    throw new RangeError(`invalid day: ${day}`)
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 99_999_999) {
    throw new RangeError(`invalid sequence: ${sequence}`)
  }
  const date = day.slice(2, 4) + day.slice(5, 7) + day.slice(8, 10)
  const seq = String(sequence).padStart(4, '0')
  const check = checkCharacter(stationCode + date + seq)
  return `${stationCode}-${date}-${seq}-${check}`
}

export type ParsedTrackingNumber = {
  stationCode: string
  day: string
  sequence: number
  normalized: string
}

// What people type or hear: letters that look like digits, or that the alphabet leaves out.
const LOOK_ALIKES: Record<string, string> = { O: '0', I: '1', L: '1', S: '5', U: 'V' }

export function parseTrackingNumber(
  input: string,
): { ok: true; value: ParsedTrackingNumber } | { ok: false; reason: 'format' | 'check' } {
  const groups = input
    .trim()
    .toUpperCase()
    .replace(/^#/, '')
    .split(/[\s\-–—.]+/)
    .filter((g) => g.length > 0)
    .map((g) => [...g].map((c) => LOOK_ALIKES[c] ?? c).join(''))
  let station: string
  let date: string
  let seq: string
  let check: string
  if (groups.length === 4) {
    ;[station, date, seq, check] = groups as [string, string, string, string]
  } else if (groups.length === 1) {
    // Without separators: station letters can include digits, so read from the right.
    const m = /^([0-9A-Z]{2,6}?)(\d{6})(\d{4,8})([0-9A-Z])$/.exec(groups[0] as string)
    if (!m) return { ok: false, reason: 'format' }
    ;[, station, date, seq, check] = m as unknown as [string, string, string, string, string]
  } else {
    return { ok: false, reason: 'format' }
  }
  if (!isValidStationCode(station) || !/^\d{6}$/.test(date) || !/^\d{4,8}$/.test(seq)) {
    return { ok: false, reason: 'format' }
  }
  if (check.length !== 1 || !VALUE.has(check)) return { ok: false, reason: 'format' }
  if (seq.length > 4 && seq.startsWith('0')) return { ok: false, reason: 'format' }
  const day = `20${date.slice(0, 2)}-${date.slice(2, 4)}-${date.slice(4, 6)}`
  if (!isRealDay(day)) return { ok: false, reason: 'format' }
  const sequence = Number(seq)
  if (sequence < 1) return { ok: false, reason: 'format' }
  if (checkCharacter(station + date + seq) !== check) return { ok: false, reason: 'check' }
  return {
    ok: true,
    value: {
      stationCode: station,
      day,
      sequence,
      normalized: `${station}-${date}-${seq}-${check}`,
    },
  }
}
