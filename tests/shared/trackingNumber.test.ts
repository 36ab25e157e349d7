import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  TRACKING_ALPHABET,
  checkCharacter,
  encodeTrackingNumber,
  parseTrackingNumber,
} from '../../src/shared/trackingNumber'

const symbol = fc.constantFrom(...TRACKING_ALPHABET)
const stationCode = fc
  .array(fc.constantFrom(...TRACKING_ALPHABET.replace(/\d/g, '')), { minLength: 2, maxLength: 6 })
  .map((a) => a.join(''))
const day = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10))
const sequence = fc.integer({ min: 1, max: 99_999_999 })
const parts = fc.record({ stationCode, day, sequence })

describe('tracking number codec', () => {
  it('reads back what it writes', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = encodeTrackingNumber(p)
        const r = parseTrackingNumber(n)
        expect(r).toEqual({ ok: true, value: { ...p, normalized: n } })
      }),
      { numRuns: 2000 },
    )
  })

  it('is short enough to read over the phone', () => {
    const n = encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-11-23', sequence: 42 })
    expect(n).toMatch(/^KMRT-261123-0042-[0-9A-Z]$/)
    expect(n.replace(/-/g, '').length).toBe(15)
  })

  it('catches every single-character substitution', () => {
    fc.assert(
      fc.property(parts, fc.nat(), symbol, (p, at, replacement) => {
        const n = encodeTrackingNumber(p)
        const positions = [...n].map((c, i) => (c === '-' ? -1 : i)).filter((i) => i >= 0)
        const i = positions[at % positions.length] as number
        fc.pre(n[i] !== replacement)
        const changed = n.slice(0, i) + replacement + n.slice(i + 1)
        expect(parseTrackingNumber(changed).ok).toBe(false)
      }),
      { numRuns: 3000 },
    )
  })

  it('catches every substitution at every position of one number, exhaustively', () => {
    const n = encodeTrackingNumber({ stationCode: 'QZ7', day: '2027-02-28', sequence: 9 })
    let tried = 0
    for (let i = 0; i < n.length; i++) {
      if (n[i] === '-') continue
      for (const c of TRACKING_ALPHABET) {
        if (c === n[i]) continue
        tried++
        expect(parseTrackingNumber(n.slice(0, i) + c + n.slice(i + 1)).ok).toBe(false)
      }
    }
    expect(tried).toBeGreaterThan(300)
  })

  it('catches every adjacent transposition of different characters', () => {
    fc.assert(
      fc.property(parts, fc.nat(), (p, at) => {
        const body = encodeTrackingNumber(p).replace(/-/g, '')
        const i = at % (body.length - 1)
        fc.pre(body[i] !== body[i + 1])
        const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2)
        expect(parseTrackingNumber(swapped).ok).toBe(false)
      }),
      { numRuns: 3000 },
    )
  })

  it('gives different numbers to different cases', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        fc.pre(a.stationCode !== b.stationCode || a.day !== b.day || a.sequence !== b.sequence)
        expect(encodeTrackingNumber(a)).not.toBe(encodeTrackingNumber(b))
      }),
      { numRuns: 2000 },
    )
  })

  it('accepts what people type or hear: lower case, spaces, look-alike letters', () => {
    const n = encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-01-05', sequence: 10 })
    const typed = n.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l')
    const r = parseTrackingNumber(typed)
    expect(r.ok && r.value.normalized).toBe(n)
    const compact = parseTrackingNumber(`#${n.replace(/-/g, '')}`)
    expect(compact.ok && compact.value.normalized).toBe(n)
  })

  it('refuses malformed input', () => {
    for (const bad of [
      '',
      'KMRT',
      'KMRT-261332-0001-0',
      'K-261123-0001-0',
      'KMRT-261123-01-0',
      'a-b-c-d-e',
    ]) {
      expect(parseTrackingNumber(bad).ok).toBe(false)
    }
    expect(() =>
      encodeTrackingNumber({ stationCode: 'kmrt', day: '2026-01-01', sequence: 1 }),
    ).toThrow(RangeError)
    expect(() =>
      encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-02-30', sequence: 1 }),
    ).toThrow(RangeError)
    expect(() =>
      encodeTrackingNumber({ stationCode: 'KMRT', day: '2026-02-03', sequence: 0 }),
    ).toThrow(RangeError)
    expect(() => checkCharacter('I')).toThrow(RangeError)
  })
})
