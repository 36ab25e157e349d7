import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/shared/canonicalJson'
import { eventHashMaterial, eventHashMaterialFrom, type WireEvent } from '../../src/shared/sync'

// The plain definition the fast loop must agree with, byte for byte: every
// stored hash on every station and at the centre depends on it.
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined) return 'null'
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`
}

describe('canonicalJson', () => {
  it('equals the plain definition on 2,000 random values, unicode keys and undefined included', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string({ unit: 'grapheme' }),
        fc.constant(undefined),
      ),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 5 }),
        fc.dictionary(fc.string({ unit: 'binary' }), tie('node'), { maxKeys: 6 }),
      ),
    })).node
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v))
      }),
      { numRuns: 2000 },
    )
  })

  it('sorts keys, drops undefined members and refuses non-finite numbers', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'x' }] })).toBe(
      '{"a":[null,{"c":"x"}],"b":1}',
    )
    expect(() => canonicalJson({ a: Infinity })).toThrow(TypeError)
  })
})

describe('eventHashMaterialFrom', () => {
  it('gives the same text as eventHashMaterial for 1,000 random events', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 })
    fc.assert(
      fc.property(
        fc.record({
          id: text,
          stationId: text,
          seq: fc.nat(),
          caseId: text,
          type: fc.constantFrom('case.received', 'case.transitioned', 'followup.recorded'),
          payload: fc.dictionary(
            text,
            fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)),
          ),
          actor: text,
          hlc: text,
          prevHash: text,
        }),
        (e) => {
          const w = e as unknown as WireEvent
          expect(eventHashMaterialFrom(w, canonicalJson(w.payload))).toBe(eventHashMaterial(w))
        },
      ),
      { numRuns: 1000 },
    )
  })
})
