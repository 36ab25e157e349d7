import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  MAX_DAILY_SEQUENCE,
  TRACKING_ALPHABET,
  checkCharacter,
  encodeTrackingNumber,
  invalidStationCodeCharacters,
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
const sequence = fc.integer({ min: 1, max: MAX_DAILY_SEQUENCE })
const parts = fc.record({ stationCode, day, sequence })

// Before the sequence had a fixed width, the encoder printed a day's 10,000th number and beyond
// with 5 to 8 digits. Those receipts exist, so they are written out here as it wrote them.
const legacySequence = fc.integer({ min: 10_000, max: 99_999_999 })
function legacyNumber(p: { stationCode: string; day: string; sequence: number }): string {
  const groups = [p.stationCode, p.day.slice(2).replace(/-/g, ''), String(p.sequence)]
  return [...groups, checkCharacter(groups.join(''))].join('-')
}
const legacyParts = fc.record({ stationCode, day, sequence: legacySequence })

// Every number ever issued: the fixed-width ones and the legacy ones.
const issued = fc.oneof(
  parts.map((p) => ({ parts: p, number: encodeTrackingNumber(p) })),
  legacyParts.map((p) => ({ parts: p, number: legacyNumber(p) })),
)

const compact = (n: string) => n.replace(/-/g, '')
const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1)

// What a mistyped character can be: any symbol of the alphabet, or a hyphen.
const TYPED = [...TRACKING_ALPHABET, '-']

// The variants that parse as a number other than `n`; checked in bulk, as there are hundreds.
function misread(n: string, variants: string[]): string[] {
  return variants.filter((v) => {
    const r = parseTrackingNumber(v)
    return r.ok && r.value.normalized !== n
  })
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

  it('always writes four digits of sequence, and no more than 9999 a day', () => {
    const n = encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-01-05', sequence: 7 })
    expect(n).toMatch(/^KMRT-260105-0007-[0-9A-Z]$/)
    const last = encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-01-05', sequence: 9999 })
    expect(last).toMatch(/^KMRT-260105-9999-[0-9A-Z]$/)
    expect(() =>
      encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-01-05', sequence: 10_000 }),
    ).toThrow(RangeError)
  })

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = encodeTrackingNumber(p)
        expect(n).toMatch(/^[0-9A-Z]{2,6}-\d{6}-\d{4}-[0-9A-Z]$/)
        expect(parseTrackingNumber(n)).toEqual({ ok: true, value: { ...p, normalized: n } })
      }),
      { numRuns: 2000 },
    )
  })

  it('reads numbers typed without any separator', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = encodeTrackingNumber(p)
        expect(parseTrackingNumber(compact(n))).toEqual({
          ok: true,
          value: { ...p, normalized: n },
        })
      }),
      { numRuns: 2000 },
    )
  })

  it('still reads legacy numbers with a longer sequence, as they were printed', () => {
    fc.assert(
      fc.property(legacyParts, (p) => {
        const n = legacyNumber(p)
        expect(n).toMatch(/^[0-9A-Z]{2,6}-\d{6}-[1-9]\d{4,7}-[0-9A-Z]$/)
        expect(parseTrackingNumber(n)).toEqual({ ok: true, value: { ...p, normalized: n } })
        expect(parseTrackingNumber(n.toLowerCase().replace(/-/g, ' \u2013 '))).toEqual({
          ok: true,
          value: { ...p, normalized: n },
        })
      }),
      { numRuns: 2000 },
    )
    // What the old encoder printed for the 12,345th complaint of a day (computed with it).
    expect(parseTrackingNumber('KMRT-260105-12345-5')).toEqual({
      ok: true,
      value: {
        stationCode: 'KMRT',
        day: '2026-01-05',
        sequence: 12345,
        normalized: 'KMRT-260105-12345-5',
      },
    })
  })

  it('never reads a substituted character, hyphens included, as another number', () => {
    fc.assert(
      fc.property(issued, ({ number: n }) => {
        const variants = [...n].flatMap((was, i) =>
          TYPED.filter((c) => c !== was).map((c) => replaceAt(n, i, c)),
        )
        expect(variants).toHaveLength(n.length * (TYPED.length - 1))
        expect(misread(n, variants)).toEqual([])
      }),
      { numRuns: 500 },
    )
  })

  it('never reads an adjacent transposition, hyphens included, as another number', () => {
    fc.assert(
      fc.property(issued, ({ number: n }) => {
        const variants = [...n].slice(1).flatMap((b, k) => {
          const a = n.charAt(k)
          return a === b ? [] : [n.slice(0, k) + b + a + n.slice(k + 2)]
        })
        // Each of the three hyphens has two neighbours that differ from it.
        expect(variants.length).toBeGreaterThanOrEqual(6)
        expect(misread(n, variants)).toEqual([])
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses the misreadings the old format let through', () => {
    // A hyphen typed as a digit turned day 2's second number into its 10,002nd; a hyphen typed
    // as a letter turned station QPVP into QPVPC. Both carried the same check character.
    const n = 'QPVP-261202-0002-J'
    expect(parseTrackingNumber(n)).toMatchObject({ ok: true, value: { sequence: 2 } })
    for (const bad of ['QPVP-26120210002-J', 'QPVPC261202-0002-J']) {
      expect(parseTrackingNumber(bad), bad).toEqual({ ok: false, reason: 'format' })
    }
    // Every hyphen swapped with each of its neighbours.
    for (const bad of [
      'QPV-P261202-0002-J',
      'QPVP2-61202-0002-J',
      'QPVP-26120-20002-J',
      'QPVP-2612020-002-J',
      'QPVP-261202-000-2J',
      'QPVP-261202-0002J-',
    ]) {
      expect(parseTrackingNumber(bad), bad).toEqual({ ok: false, reason: 'format' })
    }
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
              max: Math.min(MAX_DAILY_SEQUENCE, a.sequence + 2),
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
        expect(compact(encodeTrackingNumber(a)) === compact(encodeTrackingNumber(b))).toBe(same)
      }),
      { numRuns: 2000 },
    )
  })

  it('reads a legacy number only with its groups, because without them it is another number', () => {
    const legacy = legacyNumber({ stationCode: 'AB', day: '2012-10-10', sequence: 11010 })
    const other = encodeTrackingNumber({ stationCode: 'AB1', day: '2021-01-01', sequence: 1010 })
    expect(compact(legacy)).toBe(compact(other))
    expect(parseTrackingNumber(legacy)).toMatchObject({ ok: true, value: { stationCode: 'AB' } })
    expect(parseTrackingNumber(compact(legacy))).toMatchObject({
      ok: true,
      value: { normalized: other },
    })
  })

  it('accepts what people type or hear: any case, spacing, dashes and look-alike letters', () => {
    const spoken: Record<string, string[]> = {
      '0': ['0', 'O', 'o'],
      '1': ['1', 'I', 'i', 'L', 'l'],
      '5': ['5', 'S', 's'],
      V: ['V', 'v', 'U', 'u'],
    }
    const typed = issued.chain(({ number: n }) => {
      // All three separators or, for a fixed-width number, none.
      const separators = fc.constantFrom('-', ' ', '  ', ' - ', '\u2013', ' \u2014 ', '\u2010')
      const layout = /-\d{4}-/.test(n)
        ? fc.oneof(fc.constant(['', '', '']), fc.array(separators, { minLength: 3, maxLength: 3 }))
        : fc.array(separators, { minLength: 3, maxLength: 3 })
      const groups = n.split('-')
      const letters = fc.tuple(
        ...groups.map((group) =>
          fc.tuple(
            ...[...group].map((c) => fc.constantFrom(...(spoken[c] ?? [c, c.toLowerCase()]))),
          ),
        ),
      )
      return fc.tuple(
        fc.constant(n),
        fc
          .tuple(layout, letters)
          .map(([seps, gs]) => gs.map((g, i) => (i > 0 ? seps[i - 1] : '') + g.join('')).join('')),
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

  it('refuses a number read out in more chunks than its four groups', () => {
    // Two digits at a time would let a slip of the tongue move a digit between groups unseen.
    const n = encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-11-23', sequence: 42 })
    expect(parseTrackingNumber(`kmrt 26 11 23 00 42 ${n.slice(-1)}`)).toEqual({
      ok: false,
      reason: 'format',
    })
    expect(parseTrackingNumber(`kmrt 261123 0042 ${n.slice(-1)}`)).toMatchObject({
      ok: true,
      value: { normalized: n },
    })
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
      '---',
      'KMRT',
      '261123',
      good.slice(0, -2),
      `${good}-`,
      `-${good}`,
      good.replace('-', '--'),
      good.replace('-', '- -'),
      good.replace(/-/, ''),
      `${compact(good.slice(0, 7))}-${good.slice(7)}`,
      'KMRT-261332-0001-0',
      'KMRT-261301-0001-0',
      'KMRT-260229-0001-0',
      'KMRT-261100-0001-0',
      'KMRT-261123-0000-0',
      'KMRT-261123-042-0',
      'KMRT-260131-01234-0',
      'KMRT-260131-123456789-0',
      'KMRT26113101234X',
      'KMRTABC-261123-0042-0',
      'K-261123-0042-0',
      'KMRT-261123-0042-!',
      'KMRT-261123-0042-33',
      'KMRT!261123-0042-3',
      'KMRT_261123_0042_3',
      'KMRT.261123.0042.3',
      'KMRT-261123-0042-ı',
      'a-b-c-d-e',
      'a-b-c-d',
    ]) {
      expect(parseTrackingNumber(bad), bad).toEqual({ ok: false, reason: 'format' })
    }
  })

  it('reports a wrong check character as such', () => {
    expect(parseTrackingNumber('KMRT-261123-0042-3').ok).toBe(true)
    expect(parseTrackingNumber('KMRT-261123-0042-4')).toEqual({ ok: false, reason: 'check' })
    expect(parseTrackingNumber('KMRT-261123-0024-3')).toEqual({ ok: false, reason: 'check' })
    expect(parseTrackingNumber('KMRT2611230024 3'.replace(' ', ''))).toEqual({
      ok: false,
      reason: 'check',
    })
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
      { sequence: 10_000 },
      { sequence: 99_999_999 },
    ]) {
      expect(() => encodeTrackingNumber({ ...ok, ...bad }), JSON.stringify(bad)).toThrow(RangeError)
    }
    expect(encodeTrackingNumber({ ...ok, sequence: 9999 })).toMatch(/-9999-/)
    expect(encodeTrackingNumber({ ...ok, day: '2024-02-29' })).toMatch(/^KMRT-240229-/)
  })

  it('checks station codes against the alphabet, and names what it leaves out', () => {
    expect(isValidStationCode('K7M2')).toBe(true)
    expect(isValidStationCode('AB')).toBe(true)
    expect(isValidStationCode('ABCDEF')).toBe(true)
    for (const bad of ['', 'A', 'ABCDEFG', 'K7O2', 'KIMS', 'kmrt', 'KM T', 'KMÜ2']) {
      expect(isValidStationCode(bad), bad).toBe(false)
    }
    expect(invalidStationCodeCharacters('SPG')).toEqual(['S'])
    expect(invalidStationCodeCharacters('SOLUS')).toEqual(['S', 'O', 'L', 'U'])
    expect(invalidStationCodeCharacters('KMÜ2')).toEqual(['Ü'])
    expect(invalidStationCodeCharacters('MDR')).toEqual([])
  })
})
