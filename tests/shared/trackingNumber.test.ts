import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  TRACKING_ALPHABET,
  checkCharacter,
  encodeTrackingNumber,
  isValidStationCode,
  parseTrackingNumber,
} from '../../src/shared/trackingNumber'

const symbol = fc.constantFrom(...TRACKING_ALPHABET)
// Digits are allowed anywhere in a station code, which is what makes the compact form tricky.
const stationCode = fc.string({ unit: symbol, minLength: 2, maxLength: 6 })
const day = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10))
const everyday = fc.integer({ min: 1, max: 9999 })
const sequence = fc.oneof(everyday, fc.integer({ min: 10_000, max: 99_999_999 }))
const parts = fc.record({ stationCode, day, sequence })

const compact = (n: string) => n.replace(/-/g, '')

// Positions of the characters that carry meaning, i.e. not the presentation hyphens.
const charPositions = (n: string) => [...n].flatMap((c, i) => (c === '-' ? [] : [i]))
const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1)

// The variants of a number that parse as valid; checked in bulk, as there are hundreds.
function accepted(variants: string[]): string[] {
  return variants.filter((v) => parseTrackingNumber(v).ok)
}

describe('check character', () => {
  it('makes the weighted sum of body and check character 0 mod 31', () => {
    fc.assert(
      fc.property(fc.string({ unit: symbol, minLength: 1, maxLength: 29 }), (body) => {
        const full = body + checkCharacter(body)
        const sum = [...full].reduce((s, c, i) => s + (i + 1) * TRACKING_ALPHABET.indexOf(c), 0)
        expect(sum % 31).toBe(0)
      }),
      { numRuns: 1000 },
    )
  })

  it('refuses bodies it cannot protect', () => {
    expect(() => checkCharacter('')).toThrow(RangeError)
    expect(() => checkCharacter('KMRI')).toThrow(RangeError)
    expect(() => checkCharacter('kmrt')).toThrow(RangeError)
    expect(checkCharacter('A'.repeat(29))).toMatch(/^[0-9A-Z]$/)
    // A 31st weighted character would get weight 31 ≡ 0 and go unchecked.
    expect(() => checkCharacter('A'.repeat(30))).toThrow(RangeError)
  })
})

describe('tracking number codec', () => {
  it('keeps the check characters of numbers already issued', () => {
    expect(encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-11-23', sequence: 42 })).toBe(
      'KMRT-261123-0042-3',
    )
    expect(encodeTrackingNumber({ stationCode: 'K7M2', day: '2020-11-23', sequence: 42 })).toBe(
      'K7M2-201123-0042-C',
    )
  })

  it('is short enough to read over the phone, and grows only past 9999 a day', () => {
    const n = encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-01-05', sequence: 7 })
    expect(n).toMatch(/^KMRT-260105-0007-[0-9A-Z]$/)
    const big = encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-01-05', sequence: 12345 })
    expect(big).toMatch(/^KMRT-260105-12345-[0-9A-Z]$/)
  })

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = encodeTrackingNumber(p)
        expect(n).toMatch(/^[0-9A-Z]{2,6}-\d{6}-\d{4,8}-[0-9A-Z]$/)
        expect(parseTrackingNumber(n)).toEqual({ ok: true, value: { ...p, normalized: n } })
      }),
      { numRuns: 2000 },
    )
  })

  it('reads numbers without hyphens while the sequence has four digits', () => {
    fc.assert(
      fc.property(fc.record({ stationCode, day, sequence: everyday }), (p) => {
        const n = encodeTrackingNumber(p)
        expect(parseTrackingNumber(compact(n))).toEqual({
          ok: true,
          value: { ...p, normalized: n },
        })
      }),
      { numRuns: 2000 },
    )
  })

  it('rejects every single-character substitution at every position', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = encodeTrackingNumber(p)
        const variants = charPositions(n).flatMap((i) =>
          [...TRACKING_ALPHABET].filter((c) => c !== n[i]).map((c) => replaceAt(n, i, c)),
        )
        expect(variants).toHaveLength(charPositions(n).length * 30)
        expect(accepted([...variants, ...variants.map(compact)])).toEqual([])
      }),
      { numRuns: 300 },
    )
  })

  it('rejects every adjacent transposition of two different characters', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = encodeTrackingNumber(p)
        const at = charPositions(n)
        // Neighbours in the hyphen-free body, even where a hyphen sits between them.
        const variants = at.slice(1).flatMap((j, k) => {
          const i = at[k] as number
          const [a, b] = [n.charAt(i), n.charAt(j)]
          return a === b ? [] : [replaceAt(replaceAt(n, i, b), j, a)]
        })
        expect(variants.length).toBeGreaterThan(0)
        expect(accepted([...variants, ...variants.map(compact)])).toEqual([])
      }),
      { numRuns: 2000 },
    )
  })

  it('gives different parts different numbers', () => {
    // Unrelated pairs rarely collide by chance, so also pit each number against near misses:
    // neighbouring days and sequences, and station codes that are prefixes of one another.
    const nearMiss = parts.chain((a) =>
      fc.tuple(
        fc.constant(a),
        fc.oneof(
          parts,
          fc.record({
            stationCode: fc.oneof(
              fc.constant(a.stationCode.slice(0, -1)),
              symbol.map((c) => (a.stationCode + c).slice(0, 6)),
            ),
            day: fc.constant(a.day),
            sequence: fc.constant(a.sequence),
          }),
          fc.record({
            stationCode: fc.constant(a.stationCode),
            day: fc.oneof(fc.constant(a.day), day),
            sequence: fc.integer({
              min: Math.max(1, a.sequence - 2),
              max: Math.min(99_999_999, a.sequence + 2),
            }),
          }),
        ),
      ),
    )
    fc.assert(
      fc.property(nearMiss, ([a, b]) => {
        fc.pre(isValidStationCode(b.stationCode))
        const same = a.stationCode === b.stationCode && a.day === b.day && a.sequence === b.sequence
        expect(encodeTrackingNumber(a) === encodeTrackingNumber(b)).toBe(same)
      }),
      { numRuns: 2000 },
    )
  })

  it('gives different numbers different compact forms while sequences have four digits', () => {
    const everyday4 = fc.record({ stationCode, day, sequence: everyday })
    fc.assert(
      fc.property(everyday4, stationCode, (a, other) => {
        // Same day and sequence, station codes that may be prefixes of each other.
        const b = { ...a, stationCode: (a.stationCode + other).slice(0, 6) }
        fc.pre(b.stationCode !== a.stationCode)
        expect(compact(encodeTrackingNumber(a))).not.toBe(compact(encodeTrackingNumber(b)))
      }),
      { numRuns: 1000 },
    )
  })

  it('relies on the hyphens only past 9999 a day, and then prefers the short sequence', () => {
    const a = encodeTrackingNumber({ stationCode: 'AB', day: '2012-10-10', sequence: 11010 })
    const b = encodeTrackingNumber({ stationCode: 'AB1', day: '2021-01-01', sequence: 1010 })
    expect(a).not.toBe(b)
    expect(compact(a)).toBe(compact(b))
    expect(parseTrackingNumber(a)).toMatchObject({ ok: true, value: { stationCode: 'AB' } })
    expect(parseTrackingNumber(compact(a))).toMatchObject({
      ok: true,
      value: { normalized: b },
    })
  })

  it('accepts what people type or hear: any case, spacing, dashes and look-alike letters', () => {
    const spoken: Record<string, string[]> = {
      '0': ['0', 'O', 'o'],
      '1': ['1', 'I', 'i', 'L', 'l'],
      '5': ['5', 'S', 's'],
      V: ['V', 'v', 'U', 'u'],
    }
    const typed = parts.chain((p) => {
      const n = encodeTrackingNumber(p)
      // Past 9999 a day only the grouping tells station from date, so it must be kept.
      const separator =
        p.sequence > 9999
          ? fc.constantFrom('-', ' ', ' - ', '\u2013')
          : fc.constantFrom('', '-', ' ', ' - ', '\u2013')
      const pieces = n
        .split('-')
        .flatMap((group, g) =>
          [...group].map((c, k) =>
            fc.tuple(
              g > 0 && k === 0 ? separator : fc.constant(''),
              fc.constantFrom(...(spoken[c] ?? [c, c.toLowerCase()])),
            ),
          ),
        )
      return fc.tuple(
        fc.constant(n),
        fc.tuple(...pieces).map((ps) => ps.flat().join('')),
      )
    })
    fc.assert(
      fc.property(typed, ([n, input]) => {
        const r = parseTrackingNumber(` ${input} `)
        expect(r.ok && r.value.normalized, input).toBe(n)
      }),
      { numRuns: 1000 },
    )
  })

  it('accepts a number read out in chunks', () => {
    const n = encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-11-23', sequence: 42 })
    const r = parseTrackingNumber(`kmrt 26 11 23 00 42 ${n.slice(-1)}`)
    expect(r.ok && r.value.normalized).toBe(n)
  })

  it('accepts the look-alike letters in a written example', () => {
    const n = encodeTrackingNumber({ stationCode: 'V5K1', day: '2026-01-05', sequence: 1050 })
    expect(n.startsWith('V5K1-260105-1050-')).toBe(true)
    const heard = `uSkI 26olo5 lo5O ${n.slice(-1).toLowerCase()}`
    expect(parseTrackingNumber(heard)).toEqual({
      ok: true,
      value: { stationCode: 'V5K1', day: '2026-01-05', sequence: 1050, normalized: n },
    })
  })

  it('refuses malformed input as a format error', () => {
    const good = encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-11-23', sequence: 42 })
    for (const bad of [
      '',
      '   ',
      '-',
      'KMRT',
      '261123',
      good.slice(0, -2),
      'KMRT-261332-0001-0',
      'KMRT-261301-0001-0',
      'KMRT-260229-0001-0',
      'KMRT-261100-0001-0',
      'KMRT-261123-0000-0',
      'KMRT-260131-01234-0',
      'KMRT-260131-123456789-0',
      'KMRTABC-261123-0042-0',
      'K-261123-0042-0',
      'KMRT-261123-0042-!',
      'KMRT!261123-0042-3',
      'a-b-c-d-e',
    ]) {
      expect(parseTrackingNumber(bad), bad).toEqual({ ok: false, reason: 'format' })
    }
  })

  it('reports a wrong check character as such', () => {
    expect(parseTrackingNumber('KMRT-261123-0042-3').ok).toBe(true)
    expect(parseTrackingNumber('KMRT-261123-0042-4')).toEqual({ ok: false, reason: 'check' })
    expect(parseTrackingNumber('KMRT-261123-0024-3')).toEqual({ ok: false, reason: 'check' })
  })

  it('refuses to encode bad parts', () => {
    const ok = { stationCode: 'KMRT', day: '2026-01-01', sequence: 1 }
    for (const bad of [
      { stationCode: 'kmrt' },
      { stationCode: 'K' },
      { stationCode: 'KMRTKMR' },
      { stationCode: 'KMRI' },
      { stationCode: 'KM-T' },
      { day: '2026-02-30' },
      { day: '2026-13-01' },
      { day: '1999-12-31' },
      { day: '2100-01-01' },
      { day: '26-01-01' },
      { day: '2026-1-1' },
      { sequence: 0 },
      { sequence: -1 },
      { sequence: 1.5 },
      { sequence: Number.NaN },
      { sequence: 100_000_000 },
    ]) {
      expect(() => encodeTrackingNumber({ ...ok, ...bad }), JSON.stringify(bad)).toThrow(RangeError)
    }
    expect(encodeTrackingNumber({ ...ok, sequence: 99_999_999 })).toMatch(/-99999999-/)
    expect(encodeTrackingNumber({ ...ok, day: '2024-02-29' })).toMatch(/^KMRT-240229-/)
  })

  it('checks station codes against the alphabet', () => {
    expect(isValidStationCode('K7M2')).toBe(true)
    expect(isValidStationCode('AB')).toBe(true)
    expect(isValidStationCode('ABCDEF')).toBe(true)
    for (const bad of ['', 'A', 'ABCDEFG', 'K7O2', 'KIMS', 'kmrt', 'KM T', 'KMÜ2']) {
      expect(isValidStationCode(bad), bad).toBe(false)
    }
  })
})
