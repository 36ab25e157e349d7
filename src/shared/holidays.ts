import Holidays from 'date-holidays'

export interface Holiday {
  day: string
  name: string
  kind: 'national' | 'cuti_bersama'
}

// The names the joint decrees use, without the era years (Saka, Hijriah, Kongzili, BE) so a
// holiday reads the same every year.
export const HOLIDAY_NAMES = {
  newYear: 'Tahun Baru Masehi',
  israMikraj: 'Isra Mikraj Nabi Muhammad SAW',
  imlek: 'Tahun Baru Imlek',
  nyepi: 'Hari Suci Nyepi',
  idulFitri: 'Idul Fitri',
  goodFriday: 'Wafat Yesus Kristus',
  easter: 'Kebangkitan Yesus Kristus (Paskah)',
  labourDay: 'Hari Buruh Internasional',
  ascension: 'Kenaikan Yesus Kristus',
  waisak: 'Hari Raya Waisak',
  pancasila: 'Hari Lahir Pancasila',
  idulAdha: 'Idul Adha',
  islamicNewYear: 'Tahun Baru Islam (1 Muharam)',
  independence: 'Proklamasi Kemerdekaan',
  maulid: 'Maulid Nabi Muhammad SAW',
  christmas: 'Kelahiran Yesus Kristus (Natal)',
} as const

const N = HOLIDAY_NAMES

type Entry = readonly [day: string, name: string]

// National holidays and collective leave (cuti bersama) are set each year by a joint decree
// of three ministers (SKB Menteri Agama, Ketenagakerjaan and PANRB). Where the decree is
// known its list is used as it stands: the holiday package computes the Islamic days and may
// be a day off, and it carries no cuti bersama. An admin corrects or completes the table.
const DECREED: Record<number, { national: Entry[]; cutiBersama: Entry[] }> = {
  // SKB No. 855/2023, 3/2023, 4/2023.
  2024: {
    national: [
      ['2024-01-01', N.newYear],
      ['2024-02-08', N.israMikraj],
      ['2024-02-10', N.imlek],
      ['2024-03-11', N.nyepi],
      ['2024-03-29', N.goodFriday],
      ['2024-03-31', N.easter],
      ['2024-04-10', N.idulFitri],
      ['2024-04-11', N.idulFitri],
      ['2024-05-01', N.labourDay],
      ['2024-05-09', N.ascension],
      ['2024-05-23', N.waisak],
      ['2024-06-01', N.pancasila],
      ['2024-06-17', N.idulAdha],
      ['2024-07-07', N.islamicNewYear],
      ['2024-08-17', N.independence],
      ['2024-09-16', N.maulid],
      ['2024-12-25', N.christmas],
    ],
    cutiBersama: [
      ['2024-02-09', 'Cuti bersama Tahun Baru Imlek'],
      ['2024-03-12', 'Cuti bersama Hari Suci Nyepi'],
      ['2024-04-08', 'Cuti bersama Idul Fitri'],
      ['2024-04-09', 'Cuti bersama Idul Fitri'],
      ['2024-04-12', 'Cuti bersama Idul Fitri'],
      ['2024-04-15', 'Cuti bersama Idul Fitri'],
      ['2024-05-10', 'Cuti bersama Kenaikan Isa Almasih'],
      ['2024-05-24', 'Cuti bersama Waisak'],
      ['2024-06-18', 'Cuti bersama Idul Adha'],
      ['2024-12-26', 'Cuti bersama Natal'],
    ],
  },
  // SKB No. 1017/2024, 2/2024, 2/2024, amended by No. 933/2025, 1/2025, 3/2025 (18 August).
  2025: {
    national: [
      ['2025-01-01', N.newYear],
      ['2025-01-27', N.israMikraj],
      ['2025-01-29', N.imlek],
      ['2025-03-29', N.nyepi],
      ['2025-03-31', N.idulFitri],
      ['2025-04-01', N.idulFitri],
      ['2025-04-18', N.goodFriday],
      ['2025-04-20', N.easter],
      ['2025-05-01', N.labourDay],
      ['2025-05-12', N.waisak],
      ['2025-05-29', N.ascension],
      ['2025-06-01', N.pancasila],
      ['2025-06-06', N.idulAdha],
      ['2025-06-27', N.islamicNewYear],
      ['2025-08-17', N.independence],
      ['2025-09-05', N.maulid],
      ['2025-12-25', N.christmas],
    ],
    cutiBersama: [
      ['2025-01-28', 'Cuti bersama Tahun Baru Imlek'],
      ['2025-03-28', 'Cuti bersama Hari Suci Nyepi'],
      ['2025-04-02', 'Cuti bersama Idul Fitri'],
      ['2025-04-03', 'Cuti bersama Idul Fitri'],
      ['2025-04-04', 'Cuti bersama Idul Fitri'],
      ['2025-04-07', 'Cuti bersama Idul Fitri'],
      ['2025-05-13', 'Cuti bersama Waisak'],
      ['2025-05-30', 'Cuti bersama Kenaikan Yesus Kristus'],
      ['2025-06-09', 'Cuti bersama Idul Adha'],
      ['2025-08-18', 'Cuti bersama Proklamasi Kemerdekaan'],
      ['2025-12-26', 'Cuti bersama Natal'],
    ],
  },
  // SKB No. 1497/2025, 2/2025, 5/2025.
  2026: {
    national: [
      ['2026-01-01', N.newYear],
      ['2026-01-16', N.israMikraj],
      ['2026-02-17', N.imlek],
      ['2026-03-19', N.nyepi],
      ['2026-03-21', N.idulFitri],
      ['2026-03-22', N.idulFitri],
      ['2026-04-03', N.goodFriday],
      ['2026-04-05', N.easter],
      ['2026-05-01', N.labourDay],
      ['2026-05-14', N.ascension],
      ['2026-05-27', N.idulAdha],
      ['2026-05-31', N.waisak],
      ['2026-06-01', N.pancasila],
      ['2026-06-16', N.islamicNewYear],
      ['2026-08-17', N.independence],
      ['2026-08-25', N.maulid],
      ['2026-12-25', N.christmas],
    ],
    cutiBersama: [
      ['2026-02-16', 'Cuti bersama Tahun Baru Imlek'],
      ['2026-03-18', 'Cuti bersama Hari Suci Nyepi'],
      ['2026-03-20', 'Cuti bersama Idul Fitri'],
      ['2026-03-23', 'Cuti bersama Idul Fitri'],
      ['2026-03-24', 'Cuti bersama Idul Fitri'],
      ['2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus'],
      ['2026-05-28', 'Cuti bersama Idul Adha'],
      ['2026-12-24', 'Cuti bersama Natal'],
    ],
  },
}

/** Years whose decree the defaults follow; other years have computed national holidays only. */
export const DECREED_YEARS: readonly number[] = Object.keys(DECREED).map(Number)

// The package's Indonesian names, in the decrees' words.
const PACKAGE_NAMES: Record<string, string> = {
  'Hari tahun baru': N.newYear,
  'Tahun Baru Imlek': N.imlek,
  'Hari Raya Nyepi': N.nyepi,
  'Wafat Yesus Kristus': N.goodFriday,
  'Hari Raya Idul Fitri': N.idulFitri,
  'Hari Buruh Internasional': N.labourDay,
  'Kenaikan Yesus Kristus': N.ascension,
  'Hari Raya Idul Adha': N.idulAdha,
  'Hari Raya Waisak': N.waisak,
  'Hari Lahir Pancasila': N.pancasila,
  'Tahun Baru Islam': N.islamicNewYear,
  'Maulid Nabi Muhammad': N.maulid,
  'Hari Ulang Tahun Kemerdekaan Republik Indonesia': N.independence,
  'Hari Raya Natal': N.christmas,
}

function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/**
 * National holidays of a year as the date-holidays package computes them, named as the
 * decrees name them. One entry per day; two holidays on one day share it under both names.
 */
export function computedNationalHolidays(year: number): Holiday[] {
  const byDay = new Map<string, string[]>()
  const add = (day: string, name: string) => {
    const names = byDay.get(day) ?? []
    if (!names.includes(name)) byDay.set(day, [...names, name])
  }
  for (const h of new Holidays('ID').getHolidays(year)) {
    if (h.type !== 'public') continue
    const day = h.date.slice(0, 10)
    // The package names 27 Rajab (Isra Mikraj) "Maulid Nabi Muhammad" as well.
    add(day, h.rule === '27 Rajab' ? N.israMikraj : (PACKAGE_NAMES[h.name] ?? h.name))
    // Easter Sunday has been a national holiday since 2024; the package leaves it out.
    if (h.rule === 'easter -2') add(addDays(day, 2), N.easter)
  }
  return [...byDay]
    .map(([day, names]): Holiday => ({ day, name: names.join(' / '), kind: 'national' }))
    .sort((a, b) => (a.day < b.day ? -1 : 1))
}

/** National holidays and cuti bersama: as decreed where known, otherwise computed. */
export function defaultHolidays(years: readonly number[]): Holiday[] {
  const all: Holiday[] = []
  for (const year of years) {
    const decree = DECREED[year]
    if (!decree) {
      all.push(...computedNationalHolidays(year))
      continue
    }
    for (const [day, name] of decree.national) all.push({ day, name, kind: 'national' })
    for (const [day, name] of decree.cutiBersama) all.push({ day, name, kind: 'cuti_bersama' })
  }
  return all.sort((a, b) => (a.day < b.day ? -1 : 1))
}
