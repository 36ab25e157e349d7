import { describe, expect, it } from 'vitest'
import {
  DECREED_YEARS,
  HOLIDAY_NAMES as N,
  computedNationalHolidays,
  defaultHolidays,
} from '../../src/shared/holidays'
import { addWorkingDays } from '../../src/shared/workingDays'

const SEEDED_YEARS = [2024, 2025, 2026, 2027]

// The joint decrees (SKB) as published, day and holiday: national holidays, then cuti bersama.
const DECREES: Record<number, { national: string; cutiBersama: string }> = {
  2024: {
    national:
      '01-01 newYear, 02-08 israMikraj, 02-10 imlek, 03-11 nyepi, 03-29 goodFriday, ' +
      '03-31 easter, 04-10 idulFitri, 04-11 idulFitri, 05-01 labourDay, 05-09 ascension, ' +
      '05-23 waisak, 06-01 pancasila, 06-17 idulAdha, 07-07 islamicNewYear, ' +
      '08-17 independence, 09-16 maulid, 12-25 christmas',
    cutiBersama:
      '02-09 Tahun Baru Imlek, 03-12 Hari Suci Nyepi, 04-08 Idul Fitri, 04-09 Idul Fitri, ' +
      '04-12 Idul Fitri, 04-15 Idul Fitri, 05-10 Kenaikan Isa Almasih, 05-24 Waisak, ' +
      '06-18 Idul Adha, 12-26 Natal',
  },
  2025: {
    national:
      '01-01 newYear, 01-27 israMikraj, 01-29 imlek, 03-29 nyepi, 03-31 idulFitri, ' +
      '04-01 idulFitri, 04-18 goodFriday, 04-20 easter, 05-01 labourDay, 05-12 waisak, ' +
      '05-29 ascension, 06-01 pancasila, 06-06 idulAdha, 06-27 islamicNewYear, ' +
      '08-17 independence, 09-05 maulid, 12-25 christmas',
    cutiBersama:
      '01-28 Tahun Baru Imlek, 03-28 Hari Suci Nyepi, 04-02 Idul Fitri, 04-03 Idul Fitri, ' +
      '04-04 Idul Fitri, 04-07 Idul Fitri, 05-13 Waisak, 05-30 Kenaikan Yesus Kristus, ' +
      '06-09 Idul Adha, 08-18 Proklamasi Kemerdekaan, 12-26 Natal',
  },
  2026: {
    national:
      '01-01 newYear, 01-16 israMikraj, 02-17 imlek, 03-19 nyepi, 03-21 idulFitri, ' +
      '03-22 idulFitri, 04-03 goodFriday, 04-05 easter, 05-01 labourDay, 05-14 ascension, ' +
      '05-27 idulAdha, 05-31 waisak, 06-01 pancasila, 06-16 islamicNewYear, ' +
      '08-17 independence, 08-25 maulid, 12-25 christmas',
    cutiBersama:
      '02-16 Tahun Baru Imlek, 03-18 Hari Suci Nyepi, 03-20 Idul Fitri, 03-23 Idul Fitri, ' +
      '03-24 Idul Fitri, 05-15 Kenaikan Yesus Kristus, 05-28 Idul Adha, 12-24 Natal',
  },
}

function decreed(year: number) {
  const d = DECREES[year]!
  const entries = (list: string) =>
    list.split(', ').map((e) => [`${year}-${e.slice(0, 5)}`, e.slice(6)] as const)
  return [
    ...entries(d.national).map(([day, key]) => ({
      day,
      name: N[key as keyof typeof N],
      kind: 'national' as const,
    })),
    ...entries(d.cutiBersama).map(([day, what]) => ({
      day,
      name: `Cuti bersama ${what}`,
      kind: 'cuti_bersama' as const,
    })),
  ].sort((a, b) => (a.day < b.day ? -1 : 1))
}

const byDay = (days: number) => 86_400_000 * days
const distance = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b))

describe('default holiday data', () => {
  const list = defaultHolidays(SEEDED_YEARS)

  it('covers 2024–2027 with national holidays and cuti bersama, one entry per day', () => {
    const days = list.map((h) => h.day)
    expect(new Set(days).size).toBe(days.length)
    for (const y of SEEDED_YEARS) {
      expect(
        list.filter((h) => h.day.startsWith(String(y)) && h.kind === 'national').length,
      ).toBeGreaterThan(10)
    }
    expect([...days].sort()).toEqual(days)
  })

  it('is each decreed year exactly as decreed: 17 national holidays and its cuti bersama', () => {
    expect(DECREED_YEARS).toEqual([2024, 2025, 2026])
    for (const year of DECREED_YEARS) {
      const seeded = list.filter((h) => h.day.startsWith(`${year}-`))
      expect(seeded, String(year)).toEqual(decreed(year))
      expect(seeded.filter((h) => h.kind === 'national')).toHaveLength(17)
    }
    expect(list.filter((h) => h.kind === 'cuti_bersama').map((h) => h.day.slice(0, 4))).toEqual([
      ...Array<string>(10).fill('2024'),
      ...Array<string>(11).fill('2025'),
      ...Array<string>(8).fill('2026'),
    ])
  })

  it('names computed holidays as the decrees do, Isra Mikraj included', () => {
    // Where the decrees are known, the computed list must agree with them on every label:
    // on the same day, or (for an Islamic day the calculation puts a day early) the next.
    for (const year of DECREED_YEARS) {
      const official = decreed(year).filter((h) => h.kind === 'national')
      const computed = computedNationalHolidays(year)
      for (const h of computed) {
        const match = official.find((o) => o.name === h.name && distance(o.day, h.day) <= byDay(1))
        expect(match, `${h.day} ${h.name}`).toBeDefined()
      }
      for (const o of official) {
        const same = computed.find((h) => h.day === o.day)
        if (same) expect(same.name, o.day).toBe(o.name)
      }
    }
  })

  it('labels 2027, which has no decree yet, without the package’s mistakes and without cuti bersama', () => {
    const y2027 = list.filter((h) => h.day.startsWith('2027-'))
    expect(y2027).toEqual(computedNationalHolidays(2027))
    expect(y2027.every((h) => h.kind === 'national')).toBe(true)
    const named = (day: string) => y2027.find((h) => h.day === day)?.name
    expect(named('2027-01-05')).toBe(N.israMikraj)
    expect(named('2027-08-14')).toBe(N.maulid)
    expect(named('2027-12-25')).toContain(N.christmas)
    expect(named('2027-12-25')).not.toContain('Maulid')
    expect(named('2027-03-28')).toBe(N.easter)
    expect(y2027.filter((h) => h.name.includes('Maulid'))).toHaveLength(1)
    // Every label is one of the decrees' names.
    const names = new Set<string>(Object.values(N))
    for (const h of y2027) for (const n of h.name.split(' / ')) expect(names).toContain(n)
  })

  it('moves a deadline past Christmas and its cuti bersama', () => {
    const cal = { holidays: new Set(list.map((h) => h.day)) }
    // Wednesday 24 Dec 2025: 25 (Natal) and 26 (cuti bersama) do not count.
    expect(addWorkingDays('2025-12-24', 2, cal)).toBe('2025-12-30')
    // Friday 28 Mar 2025 to Monday 7 Apr 2025 is one stretch of Nyepi, Idul Fitri and leave.
    expect(addWorkingDays('2025-03-27', 1, cal)).toBe('2025-04-08')
  })
})
