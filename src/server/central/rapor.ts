import { defaultHolidays } from '../../shared/holidays'
import {
  addFacts,
  caseFacts,
  caseZone,
  emptyTotals,
  plainDays,
  raporCaseFromEvents,
  raporFromTotals,
  type Rapor,
  type RaporCase,
} from '../../shared/rapor'
import { STATION_ZONES, dayInZone, zoneOr, type StationZone } from '../../shared/timeZone'
import { storedFoldEvent } from '../../shared/caseFold'
import type { EventType } from '../../shared/domain'
import type { ServerDb } from '../db'

// The report card at the centre, over every station's cases, by the same
// formulas as the station's (src/shared/rapor.ts). The centre has the event
// log, so each case is folded from its events. Its calendar is the national
// one (holidays and cuti bersama); a station's own local holidays are not known here.
// Each case's days, "today" included, are counted in its own station's zone.

export async function centralRapor(
  db: ServerDb,
  range: { from?: string | undefined; to?: string | undefined },
  now: Date,
): Promise<{ cases: number; today: string; rapor: Rapor }> {
  const rows = (await db('events')
    .whereIn('type', ['case.received', 'case.screened', 'case.transitioned'])
    .orderBy('case_id')
    .select('case_id', 'origin_station_id', 'id', 'hlc', 'type', 'payload')) as {
    case_id: string
    origin_station_id: string
    id: string
    hlc: string
    type: string
    payload: string
  }[]
  const stationZones = new Map(
    (
      (await db('stations').select('id', 'time_zone')) as { id: string; time_zone: string | null }[]
    ).map((s) => [s.id, zoneOr(s.time_zone)]),
  )
  const cases: Array<{ c: RaporCase; zone: StationZone }> = []
  let i = 0
  while (i < rows.length) {
    const first = rows[i]!
    const events = []
    for (; i < rows.length && rows[i]!.case_id === first.case_id; i++) {
      const r = rows[i]!
      events.push(
        storedFoldEvent({
          id: r.id,
          hlc: r.hlc,
          type: r.type as EventType,
          payload: JSON.parse(r.payload) as unknown,
        }),
      )
    }
    const zone = caseZone(events, stationZones.get(first.origin_station_id) ?? zoneOr(undefined))
    const c = raporCaseFromEvents(events, zone)
    if (!c) continue
    if (range.from && c.receivedDay < range.from) continue
    if (range.to && c.receivedDay > range.to) continue
    cases.push({ c, zone })
  }
  const todayIn = new Map(STATION_ZONES.map((z) => [z, dayInZone(now, z)]))
  // The centre's own day, for the answer's "today", is WIB's, Jakarta's.
  const today = todayIn.get('Asia/Jakarta')!
  const thisYear = Number(today.slice(0, 4))
  const years = new Set([thisYear, thisYear + 1])
  for (const { c } of cases) {
    for (let y = Number(c.receivedDay.slice(0, 4)); y <= Number(today.slice(0, 4)); y++)
      years.add(y)
  }
  const days = plainDays({ holidays: new Set(defaultHolidays([...years]).map((h) => h.day)) })
  const totals = emptyTotals()
  for (const { c, zone } of cases)
    addFacts(totals, c.status, caseFacts(c, days), todayIn.get(zone)!)
  return { cases: cases.length, today, rapor: raporFromTotals(totals) }
}
