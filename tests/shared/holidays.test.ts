import { describe, expect, it } from 'vitest'
import { defaultHolidays } from '../../src/shared/holidays'
import { addWorkingDays } from '../../src/shared/workingDays'

describe('default holiday data', () => {
  const list = defaultHolidays([2024, 2025, 2026, 2027])

  it('covers 2024–2027 with national holidays and cuti bersama, one entry per day', () => {
    const days = list.map((h) => h.day)
    expect(new Set(days).size).toBe(days.length)
    for (const y of ['2024', '2025', '2026', '2027']) {
      expect(
        list.filter((h) => h.day.startsWith(y) && h.kind === 'national').length,
      ).toBeGreaterThan(10)
    }
    expect(list).toContainEqual(expect.objectContaining({ day: '2026-08-17', kind: 'national' }))
    expect(list).toContainEqual(expect.objectContaining({ day: '2025-12-25', kind: 'national' }))
    expect(list).toContainEqual(
      expect.objectContaining({ day: '2025-12-26', kind: 'cuti_bersama' }),
    )
    expect([...days].sort()).toEqual(days)
  })

  it('moves a deadline past Christmas and its cuti bersama', () => {
    const cal = { holidays: new Set(list.map((h) => h.day)) }
    // Wednesday 24 Dec 2025: 25 (Natal) and 26 (cuti bersama) do not count.
    expect(addWorkingDays('2025-12-24', 2, cal)).toBe('2025-12-30')
  })
})
