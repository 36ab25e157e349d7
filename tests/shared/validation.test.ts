import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { checkNik } from '../../src/shared/validation/nik'
import { normalizePhone } from '../../src/shared/validation/phone'

const today = new Date(2026, 10, 23)

describe('NIK', () => {
  it('accepts a real-looking NIK and reads the birth date and sex', () => {
    expect(checkNik('3171011501900001', today)).toEqual({
      ok: true,
      provinceCode: '31',
      birthDate: '1990-01-15',
      sex: 'L',
    })
    expect(checkNik('3171015501900002', today)).toMatchObject({
      ok: true,
      birthDate: '1990-01-15',
      sex: 'P',
    })
    expect(checkNik('3171 0115 0190 0001', today).ok).toBe(true)
    expect(checkNik('9471011203050001', today)).toMatchObject({ ok: true, birthDate: '2005-03-12' })
  })

  it('refuses wrong length, letters and an all-zero serial', () => {
    for (const bad of ['', '1234', '31710115019000012', '317101150190000A', '3171011501900000']) {
      expect(checkNik(bad, today)).toEqual({ ok: false, code: 'validation.nik.length' })
    }
  })

  it('refuses unknown regions', () => {
    for (const bad of [
      '9971011501900001',
      '0071011501900001',
      '3100011501900001',
      '3171001501900001',
    ]) {
      expect(checkNik(bad, today)).toEqual({ ok: false, code: 'validation.nik.region' })
    }
  })

  it('refuses impossible and future birth dates', () => {
    for (const bad of [
      '3171013102900001',
      '3171010013900001',
      '3171017201900001',
      '3171012411260001',
    ]) {
      expect(checkNik(bad, today)).toEqual({ ok: false, code: 'validation.nik.birthdate' })
    }
  })

  it('accepts any NIK built from a real province and a past birth date', () => {
    const province = fc.constantFrom(
      '11',
      '12',
      '31',
      '32',
      '33',
      '35',
      '51',
      '64',
      '73',
      '91',
      '94',
      '97',
    )
    fc.assert(
      fc.property(
        province,
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 99 }),
        fc.date({
          min: new Date('1927-12-01T00:00:00Z'),
          max: new Date('2026-11-22T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.boolean(),
        fc.integer({ min: 1, max: 9999 }),
        (p, k, c, birth, female, serial) => {
          const pad = (n: number, w = 2) => String(n).padStart(w, '0')
          const d = birth.getUTCDate() + (female ? 40 : 0)
          const nik = `${p}${pad(k)}${pad(c)}${pad(d)}${pad(birth.getUTCMonth() + 1)}${pad(birth.getUTCFullYear() % 100)}${pad(serial, 4)}`
          const r = checkNik(nik, today)
          expect(r).toEqual({
            ok: true,
            provinceCode: p,
            birthDate: birth.toISOString().slice(0, 10),
            sex: female ? 'P' : 'L',
          })
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('phone numbers', () => {
  it.each([
    ['08123456789', '+628123456789'],
    ['0812-3456-7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['8123456789', '+628123456789'],
    ['(021) 555-1234', '+62215551234'],
    ['0274.512345', '+62274512345'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value: expected })
  })

  it.each([
    '',
    '12',
    '0812',
    '081234567890123',
    '+1 555 123 4567',
    '0812-ABCD-7890',
    '+62 0812 3456',
    '00',
  ])('refuses %s', (input) => {
    expect(normalizePhone(input)).toEqual({ ok: false, code: 'validation.phone' })
  })
})
