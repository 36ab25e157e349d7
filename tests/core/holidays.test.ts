import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { HolidayCoverage, HolidayEntry } from '../../src/shared/api'
import { defaultHolidays } from '../../src/shared/holidays'
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db'
import * as correction from '../../src/core/migrations/2026-12-02-00-00-00-correct-holiday-labels'
import { openStation, type Station } from '../../src/core/station'
import { tempDir } from '../helpers'
import { asUser } from '../support/actors'
import { TEST_KEYS } from '../support/keys'

const SEEDED_YEARS = [2024, 2025, 2026, 2027]

async function table(db: Db): Promise<HolidayEntry[]> {
  return (await db('holidays').orderBy('day').select('day', 'name', 'kind')) as HolidayEntry[]
}

describe('the holiday table of a station', () => {
  const dir = tempDir()
  let db: Db | undefined
  afterEach(async () => {
    await db?.destroy()
    db = undefined
  })
  afterAll(() => dir.remove())

  it('is seeded with the default list', async () => {
    db = openDatabase(join(dir.path, 'fresh.sqlite'))
    await migrateToLatest(db)
    expect(await table(db)).toEqual(defaultHolidays(SEEDED_YEARS))
  })

  it('corrects the rows an older station still holds as first seeded, and no others', async () => {
    db = openDatabase(join(dir.path, 'old.sqlite'))
    await migrateToLatest(db)
    // Undoing the correction gives the table as stations installed before it hold it.
    await correction.down(db)
    const seeded = new Map((await table(db)).map((h) => [h.day, h]))
    expect(seeded.get('2027-01-05')?.name).toBe('Maulid Nabi Muhammad')
    expect(seeded.get('2027-12-25')?.name).toBe('Maulid Nabi Muhammad')
    expect(seeded.get('2024-02-08')?.name).toBe('Maulid Nabi Muhammad')
    expect(seeded.has('2025-04-01')).toBe(false)
    expect(seeded.get('2025-06-26')?.name).toBe('Tahun Baru Islam')

    // What an admin did meanwhile.
    const edited: HolidayEntry[] = [
      { day: '2024-02-08', name: 'Isra Mikraj (diperbaiki admin)', kind: 'national' },
      { day: '2027-12-25', name: 'Maulid Nabi Muhammad', kind: 'local' },
      { day: '2025-04-01', name: 'Idul Fitri hari kedua', kind: 'national' },
      { day: '2026-07-01', name: 'Hari jadi kabupaten', kind: 'local' },
    ]
    for (const h of edited) await db('holidays').insert(h).onConflict('day').merge()
    await db('holidays').where({ day: '2026-01-16' }).delete()

    await correction.up(db)
    const after = new Map((await table(db)).map((h) => [h.day, h]))
    for (const h of edited) expect(after.get(h.day), h.day).toEqual(h)
    expect(after.has('2026-01-16')).toBe(false)
    // Every row nobody touched now reads as the default list.
    const touched = new Set([...edited.map((h) => h.day), '2026-01-16'])
    const expected = defaultHolidays(SEEDED_YEARS).filter((h) => !touched.has(h.day))
    expect([...after.values()].filter((h) => !touched.has(h.day))).toEqual(expected)
    expect(after.get('2027-01-05')?.name).toBe('Isra Mikraj Nabi Muhammad SAW')
    expect(after.has('2025-06-26')).toBe(false)
    expect(after.get('2025-06-27')?.name).toBe('Tahun Baru Islam (1 Muharam)')

    // Running it again changes nothing.
    await correction.up(db)
    expect(new Map((await table(db)).map((h) => [h.day, h]))).toEqual(after)
  })
})

describe('the cuti bersama warning', () => {
  const dir = tempDir()
  let now = new Date('2026-12-02T03:00:00Z')
  let station: Station
  const admin = asUser('admin', 'admin')
  const coverage = async () => {
    const r = await station.dispatch('holiday.coverage', {}, admin)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.result as HolidayCoverage
  }

  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('names the current and next year, by the station clock, that have no cuti bersama', async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      now: () => now,
      autoSync: false,
    })
    // The decrees up to 2026 are seeded; 2027's is not known.
    expect(await coverage()).toEqual({ year: 2026, yearsWithoutCutiBersama: [2027] })
    now = new Date('2025-06-02T03:00:00Z')
    expect(await coverage()).toEqual({ year: 2025, yearsWithoutCutiBersama: [] })
    now = new Date('2028-03-01T03:00:00Z')
    expect(await coverage()).toEqual({ year: 2028, yearsWithoutCutiBersama: [2028, 2029] })

    now = new Date('2026-12-02T03:00:00Z')
    const saved = await station.dispatch(
      'holiday.save',
      { day: '2027-12-24', name: 'Cuti bersama Natal', kind: 'cuti_bersama' },
      admin,
    )
    expect(saved.ok).toBe(true)
    expect(await coverage()).toEqual({ year: 2026, yearsWithoutCutiBersama: [] })

    // Only an admin asks.
    const desk = await station.dispatch('holiday.coverage', {}, asUser('siti', 'frontdesk'))
    expect(!desk.ok && desk.error.code).toBe('forbidden')
  })
})
