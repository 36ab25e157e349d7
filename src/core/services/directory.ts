import type { Agency, HolidayCoverage, HolidayEntry } from '../../shared/api'
import { dayInZone } from '../../shared/timeZone'
import type { WorkingCalendar } from '../../shared/workingDays'
import type { Db } from '../db'
import { stationZone } from './settings'
import { DomainError } from '../errors'
import { withReindex } from './lists'

export async function listAgencies(db: Db, includeInactive: boolean): Promise<Agency[]> {
  const q = db('agencies').orderBy('name').select('code', 'name', 'level', 'active')
  if (!includeInactive) q.where({ active: true })
  const rows = (await q) as Array<Omit<Agency, 'active'> & { active: number | boolean }>
  return rows.map((r) => ({ ...r, active: Boolean(r.active) }))
}

export async function saveAgency(db: Db, a: Agency, now: Date): Promise<Agency> {
  // Cases are found by their reported agency's name: a new name is indexed for them.
  await db.transaction((trx) =>
    withReindex(trx, 'agencies', a.code, a.name, async () => {
      await trx('agencies')
        .insert({ ...a, updated_at: now.toISOString() })
        .onConflict('code')
        .merge()
    }),
  )
  return a
}

export async function listHolidays(db: Db, year: number): Promise<HolidayEntry[]> {
  return (await db('holidays')
    .where('day', '>=', `${year}-01-01`)
    .andWhere('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .select('day', 'name', 'kind')) as HolidayEntry[]
}

export async function saveHoliday(db: Db, h: HolidayEntry): Promise<HolidayEntry> {
  await db('holidays').insert(h).onConflict('day').merge()
  return h
}

export async function deleteHoliday(db: Db, day: string): Promise<{ deleted: boolean }> {
  const n = await db('holidays').where({ day }).delete()
  if (n === 0) throw new DomainError('not_found')
  return { deleted: true }
}

/**
 * Cuti bersama is decreed a year at a time and no package carries it, so a year without any
 * is one an admin has not entered yet; its deadlines would count those days as working days.
 */
export async function holidayCoverage(db: Db, now: Date): Promise<HolidayCoverage> {
  const year = Number(dayInZone(now, await stationZone(db)).slice(0, 4))
  const years = [year, year + 1]
  const rows = (await db('holidays')
    .where({ kind: 'cuti_bersama' })
    .andWhere('day', '>=', `${year}-01-01`)
    .andWhere('day', '<=', `${year + 1}-12-31`)
    .pluck('day')) as string[]
  const entered = new Set(rows.map((day) => Number(day.slice(0, 4))))
  return { year, yearsWithoutCutiBersama: years.filter((y) => !entered.has(y)) }
}

export async function workingCalendar(db: Db): Promise<WorkingCalendar> {
  const days = (await db('holidays').pluck('day')) as string[]
  return { holidays: new Set(days) }
}
