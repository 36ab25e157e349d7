import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { normalizePhone } from '../../src/shared/validation/phone'

describe('phone numbers', () => {
  it.each([
    ['08123456789', '+628123456789'],
    ['0812-3456-7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['8123456789', '+628123456789'],
    ['(021) 555-1234', '+62215551234'],
    ['+62 21 555 1234', '+62215551234'],
    ['62 21 5551234', '+62215551234'],
    ['0274.512345', '+62274512345'],
    ['(0361) 22.33.44', '+62361223344'],
    ['0812345678', '+62812345678'],
    ['0812-3456-78901', '+62812345678901'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['only a prefix', '+62'],
    ['too short', '12'],
    ['a short mobile', '0812'],
    ['a mobile of 8 digits', '081234567'],
    ['a mobile of 13 digits', '0812-3456-7890-12'],
    ['far too long', '081234567890123'],
    ['a landline of 6 digits', '(021) 5551'],
    ['a landline of 12 digits', '(021) 5551-2345-678'],
    ['a landline without area code', '555-1234'],
    ['another country', '+1 555 123 4567'],
    ['another country', '+44 20 7946 0958'],
    ['a trunk 0 after +62', '+62 0812 3456 7890'],
    ['letters', '0812-ABCD-7890'],
    ['letters', 'call me'],
    ['other symbols', '0812/3456/7890'],
    ['zeros', '00'],
  ])('refuses %s: %s', (_, input) => {
    expect(normalizePhone(input)).toEqual({ ok: false, code: 'validation.phone' })
  })

  it('normalises any Indonesian mobile number, however it is written', () => {
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max })
    fc.assert(
      fc.property(
        digits(8, 11).map((rest) => `8${rest}`),
        fc.constantFrom('', '0', '62', '+62', '+62 '),
        fc.constantFrom('', ' ', '-', '.'),
        (national, prefix, separator) => {
          const written = prefix + national.replace(/(\d{3})(?=\d)/g, `$1${separator}`)
          expect(normalizePhone(written)).toEqual({ ok: true, value: `+62${national}` })
        },
      ),
      { numRuns: 500 },
    )
  })
})
