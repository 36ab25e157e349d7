import { z } from 'zod'
import { defaultHolidays } from '../shared/holidays'
import {
  RAPOR_APART,
  RAPOR_BUCKETS,
  dayAtOffset,
  plainDays,
  raporCaseFromEvents,
  raporFromTotals,
  totalsOf,
  type Rapor,
  type RaporCase,
} from '../shared/rapor'
import type { ServerDb } from './db'

// The report card at the centre, over every station's cases, by the same
// formulas as the station's (src/shared/rapor.ts). The centre has the event
// log, so each case is folded from its events. Its calendar is the national
// one (holidays and cuti bersama); a station's own local holidays are not known here.

const count = z.int().min(0)
const pct = z.number().nullable()
export const centralRaporSchema = z.strictObject({
  cases: count,
  today: z.string(),
  rapor: z.strictObject({
    buckets: z.strictObject(Object.fromEntries(RAPOR_BUCKETS.map((b) => [b, count]))),
    waitingForComplainant: count,
    apart: z.strictObject(Object.fromEntries(RAPOR_APART.map((b) => [b, count]))),
    total: count,
    completionPct: pct,
    avgCalendarDays: pct,
    avgWorkingDays: pct,
    withinDeadlinePct: pct,
    completedWithin: count,
    completedLate: count,
    openLate: count,
    openRunning: count,
  }),
})

export async function centralRapor(
  db: ServerDb,
  range: { from?: string | undefined; to?: string | undefined },
  now: Date,
): Promise<{ cases: number; today: string; rapor: Rapor }> {
  const rows = (await db('events')
    .whereIn('type', ['case.received', 'case.screened', 'case.transitioned'])
    .orderBy('case_id')
    .select('case_id', 'id', 'hlc', 'type', 'payload')) as {
    case_id: string
    id: string
    hlc: string
    type: string
    payload: string
  }[]
  const cases: RaporCase[] = []
  let i = 0
  while (i < rows.length) {
    const caseId = rows[i]!.case_id
    const events = []
    for (; i < rows.length && rows[i]!.case_id === caseId; i++) {
      const r = rows[i]!
      events.push({ id: r.id, hlc: r.hlc, type: r.type, payload: JSON.parse(r.payload) })
    }
    const c = raporCaseFromEvents(events)
    if (!c) continue
    if (range.from && c.receivedDay < range.from) continue
    if (range.to && c.receivedDay > range.to) continue
    cases.push(c)
  }
  const today = dayAtOffset(now.toISOString(), 7)
  const years = new Set([Number(today.slice(0, 4))])
  for (const c of cases) {
    for (let y = Number(c.receivedDay.slice(0, 4)); y <= Number(today.slice(0, 4)); y++)
      years.add(y)
  }
  const holidays = new Set(defaultHolidays([...years]).map((h) => h.day))
  return {
    cases: cases.length,
    today,
    rapor: raporFromTotals(totalsOf(cases, today, plainDays({ holidays }))),
  }
}
