import Holidays from 'date-holidays'

export interface Holiday {
  day: string
  name: string
  kind: 'national' | 'cuti_bersama'
}

// Collective leave (cuti bersama) is set each year by a joint decree of three
// ministers (SKB 3 Menteri), so no holiday package carries it. These are the
// decreed dates as we know them; an admin corrects or completes them (2027's
// decree was not known when this list was written).
const CUTI_BERSAMA: Record<number, Array<[string, string]>> = {
  2024: [
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
  2025: [
    ['2025-01-28', 'Cuti bersama Tahun Baru Imlek'],
    ['2025-03-28', 'Cuti bersama Hari Suci Nyepi'],
    ['2025-04-02', 'Cuti bersama Idul Fitri'],
    ['2025-04-03', 'Cuti bersama Idul Fitri'],
    ['2025-04-04', 'Cuti bersama Idul Fitri'],
    ['2025-04-07', 'Cuti bersama Idul Fitri'],
    ['2025-05-13', 'Cuti bersama Waisak'],
    ['2025-05-30', 'Cuti bersama Kenaikan Yesus Kristus'],
    ['2025-06-09', 'Cuti bersama Idul Adha'],
    ['2025-12-26', 'Cuti bersama Natal'],
  ],
  2026: [
    ['2026-02-16', 'Cuti bersama Tahun Baru Imlek'],
    ['2026-03-18', 'Cuti bersama Hari Suci Nyepi'],
    ['2026-03-20', 'Cuti bersama Idul Fitri'],
    ['2026-03-23', 'Cuti bersama Idul Fitri'],
    ['2026-03-24', 'Cuti bersama Idul Fitri'],
    ['2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus'],
    ['2026-05-28', 'Cuti bersama Idul Adha'],
    ['2026-12-24', 'Cuti bersama Natal'],
  ],
  2027: [],
}

/** National holidays from the date-holidays package plus cuti bersama, one entry per day. */
export function defaultHolidays(years: readonly number[]): Holiday[] {
  const hd = new Holidays('ID')
  const byDay = new Map<string, Holiday>()
  for (const year of years) {
    for (const h of hd.getHolidays(year)) {
      if (h.type !== 'public') continue
      const day = h.date.slice(0, 10)
      if (!byDay.has(day)) byDay.set(day, { day, name: h.name, kind: 'national' })
    }
    for (const [day, name] of CUTI_BERSAMA[year] ?? []) {
      if (!byDay.has(day)) byDay.set(day, { day, name, kind: 'cuti_bersama' })
    }
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1))
}
