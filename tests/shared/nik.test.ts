import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { checkNik } from '../../src/shared/validation/nik'

// A fixed local "today": 23 November 2026.
const today = new Date(2026, 10, 23)

const PROVINCES = [
  ...['11', '12', '13', '14', '15', '16', '17', '18', '19', '21'],
  ...['31', '32', '33', '34', '35', '36', '51', '52', '53'],
  ...['61', '62', '63', '64', '65', '71', '72', '73', '74', '75', '76', '81', '82'],
  ...['91', '92', '93', '94', '95', '96'],
]

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

describe('NIK', () => {
  it('reads province, birth date and sex from a man’s NIK', () => {
    expect(checkNik('3171011501900001', today)).toEqual({
      ok: true,
      provinceCode: '31',
      birthDate: '1990-01-15',
      sex: 'L',
    })
  })

  it('reads a woman’s NIK, whose day has 40 added', () => {
    expect(checkNik('3171015501900002', today)).toEqual({
      ok: true,
      provinceCode: '31',
      birthDate: '1990-01-15',
      sex: 'P',
    })
    expect(checkNik('3273017112850003', today)).toMatchObject({
      birthDate: '1985-12-31',
      sex: 'P',
    })
  })

  it('ignores the spaces and dots people copy along', () => {
    const expected = checkNik('3171011501900001', today)
    expect(checkNik('3171 0115 0190 0001', today)).toEqual(expected)
    expect(checkNik(' 31.71.01.150190.0001 ', today)).toEqual(expected)
  })

  it('knows the new Papua provinces', () => {
    for (const code of ['93', '94', '95', '96']) {
      expect(checkNik(`${code}01011203050001`, today)).toMatchObject({
        ok: true,
        provinceCode: code,
        birthDate: '2005-03-12',
      })
    }
  })

  it('resolves the two-digit year to the latest year not in the future', () => {
    expect(checkNik('3171010101260001', today)).toMatchObject({ birthDate: '2026-01-01' })
    expect(checkNik('3171012311260001', today)).toMatchObject({ birthDate: '2026-11-23' })
    expect(checkNik('3171010101270001', today)).toMatchObject({ birthDate: '1927-01-01' })
    expect(checkNik('3171010101000001', today)).toMatchObject({ birthDate: '2000-01-01' })
    expect(checkNik('3171012902000001', today)).toMatchObject({ birthDate: '2000-02-29' })
  })

  it('refuses wrong lengths, letters, other punctuation and a 0000 serial', () => {
    for (const bad of [
      '',
      '   ',
      '317101150190001',
      '31710115019000012',
      '317101150190000A',
      'NIK3171011501900',
      '3171-0115-0190-0001',
      '3171011501900000',
    ]) {
      expect(checkNik(bad, today), bad).toEqual({ ok: false, code: 'validation.nik.length' })
    }
  })

  it('refuses unknown provinces and empty regency or district codes', () => {
    for (const bad of [
      '9971011501900001',
      '0071011501900001',
      '2071011501900001',
      '5471011501900001',
      '9771011501900001',
      '3100011501900001',
      '3171001501900001',
    ]) {
      expect(checkNik(bad, today), bad).toEqual({ ok: false, code: 'validation.nik.region' })
    }
  })

  it('refuses impossible and future birth dates', () => {
    for (const bad of [
      '3171013102900001',
      '3171017102900001',
      '3171012902900001',
      '3171013104900001',
      '3171010013900001',
      '3171010100900001',
      '3171010001900001',
      '3171013201900001',
      '3171014001900001',
      '3171017201900001',
      '3171012411260001',
      '3171016412260001',
    ]) {
      expect(checkNik(bad, today), bad).toEqual({ ok: false, code: 'validation.nik.birthdate' })
    }
  })

  it('accepts any NIK built from a real region, a past birth date and a serial', () => {
    const nik = fc.record({
      province: fc.constantFrom(...PROVINCES),
      regency: fc.integer({ min: 1, max: 99 }),
      district: fc.integer({ min: 1, max: 99 }),
      // Two-digit years cover the hundred years up to today.
      birth: fc.date({
        min: new Date('1927-01-01T00:00:00Z'),
        max: new Date('2026-11-23T00:00:00Z'),
        noInvalidDate: true,
      }),
      female: fc.boolean(),
      serial: fc.integer({ min: 1, max: 9999 }),
    })
    fc.assert(
      fc.property(nik, (n) => {
        const b = n.birth
        const day = b.getUTCDate() + (n.female ? 40 : 0)
        const ddmmyy = pad(day) + pad(b.getUTCMonth() + 1) + pad(b.getUTCFullYear() % 100)
        const input = n.province + pad(n.regency) + pad(n.district) + ddmmyy + pad(n.serial, 4)
        expect(checkNik(input, today)).toEqual({
          ok: true,
          provinceCode: n.province,
          birthDate: b.toISOString().slice(0, 10),
          sex: n.female ? 'P' : 'L',
        })
      }),
      { numRuns: 1000 },
    )
  })

  it('refuses every province code that is not a real one', () => {
    const unknown = Array.from({ length: 100 }, (_, i) => pad(i)).filter(
      (code) => !PROVINCES.includes(code),
    )
    expect(unknown).toHaveLength(100 - PROVINCES.length)
    for (const code of unknown) {
      expect(checkNik(`${code}71011501900001`, today), code).toEqual({
        ok: false,
        code: 'validation.nik.region',
      })
    }
  })
})
