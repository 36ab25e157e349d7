import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CreatedCase } from '../../src/shared/api'
import type { ConsoleRapor } from '../../src/shared/consoleReports'
import type { RaporView } from '../../src/shared/rapor'
import type { Station } from '../../src/core/station'
import { createAdminToken } from '../../src/server/central/adminTokens'
import { TestClock, tempDir, validIntake } from '../helpers'
import { call, enrolledStation, startCentral, type Backend, type Central } from '../support/central'
import { requestsAs, signInByHeader } from '../support/console'
import { databaseFingerprint } from '../support/fingerprint'

// The same formulas on both sides: a station's rapor and the centre's, over the same cases.
const pgUrl = inject('pgUrl')

describe.each<Backend>(['sqlite', 'pg'])('the rapor at the centre (%s)', (backend) => {
  const dir = tempDir()
  let central: Central
  let station: Station
  const clock = new TestClock(new Date(2026, 9, 1, 9, 0)) // Thu 1 Oct 2026, 09:00 local
  beforeAll(async () => {
    central = await startCentral(backend, pgUrl, {}, clock.now)
    signInByHeader(central)
    station = await enrolledStation(central, dir.path, undefined, { now: clock.now })
    const intake = async (subject: string) =>
      (await call<CreatedCase>(station, 'case.create', validIntake({ subject }))).id
    // Each step is recorded on its own day: the clock moves there first (never back).
    const screen = (caseId: string) => {
      clock.reach('2026-10-02')
      return call(station, 'case.screen', {
        caseId,
        day: '2026-10-02',
        checklist: { what: true, where: true, when: true, who: true, why: true, how: true },
        withinAuthority: true,
        supervisory: false,
        directlyExperienced: true,
        evidencePresent: true,
        relatedCaseIds: [],
        conclusion: 'cukup',
        reasoning: 'Cukup.',
      })
    }
    const move = (caseId: string, transition: string, day: string, extra: object = {}) => {
      clock.reach(day)
      return call(station, 'case.transition', { caseId, transition, day, ...extra })
    }
    const [a, b, c, d, e] = [
      await intake('tepat waktu'),
      await intake('terlambat'),
      await intake('diteruskan'),
      await intake('menunggu'),
      await intake('diarsipkan'),
    ] as [string, string, string, string, string]
    for (const id of [a, b, c]) await screen(id)
    await move(a, 'startFollowUp', '2026-10-05')
    await move(a, 'complete', '2026-10-20')
    await move(b, 'startFollowUp', '2026-10-05')
    await move(b, 'complete', '2026-10-26')
    await move(c, 'forward', '2026-10-05', { agencyCode: 'DINKES' })
    await move(d, 'requestCompletion', '2026-10-02', { reason: 'Kronologi belum ada.' })
    await move(d, 'receiveCompletion', '2026-10-09', { reason: 'Sudah dilengkapi.' })
    await move(e, 'archive', '2026-10-02', { reason: 'Terlalu umum.' })
    clock.set(new Date(2026, 10, 2, 9, 0)) // Mon 2 Nov 2026
    await intake('baru')
    await call(station, 'sync.now', {})
  })
  afterAll(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  it('comes out the same as the station’s', async () => {
    const here = await call<RaporView>(station, 'rapor.get', { filter: {} })
    const token = await createAdminToken(central.db, 'uji', new Date())
    const res = await central.app.inject({
      url: '/v1/admin/rapor',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.statusCode).toBe(200)
    const there = res.json() as { cases: number; today: string; rapor: RaporView['rapor'] }
    expect(there.today).toBe(here.today)
    expect(there.cases).toBe(6)
    expect(there.rapor).toEqual(here.rapor)
    // The figures themselves, so the comparison is not of two empty cards.
    expect(there.rapor.buckets.selesai).toBe(2)
    expect(there.rapor.apart).toEqual({ diteruskan: 1, diarsipkan: 1 })
    expect(there.rapor.total).toBe(4)
    expect(there.rapor.completionPct).toBe(50)
  })

  it('needs an admin token', async () => {
    const res = await central.app.inject({ url: '/v1/admin/rapor' })
    expect(res.statusCode).toBe(401)
  })

  const consoleRapor = async (query: string) => {
    const res = await requestsAs(central)('viewer', `/v1/console/rapor${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as ConsoleRapor
  }

  it('comes out the same as the station’s in the console, whole and by month', async () => {
    const here = await call<RaporView>(station, 'rapor.get', { filter: {} })
    const there = await consoleRapor('')
    expect(there.today).toBe(here.today)
    expect(there.rapor).toEqual(here.rapor)
    expect(there.rapor.total).toBe(4)
    expect(there.months.map(({ cases: _, ...m }) => m)).toEqual(here.months)
    expect(there.months.map((m) => m.month)).toEqual(['2026-10', '2026-11'])
    // Each figure carries the filter of the cases it counts.
    expect(there.months[1]!.cases).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    // One station: its series is the whole card, under its code.
    const [only] = there.options.stations
    expect(there.byStation).toHaveLength(1)
    expect(there.byStation[0]).toMatchObject({
      key: only!.code,
      buckets: here.rapor.buckets,
      apart: 2,
      cases: { station: only!.code },
    })
    const november = { fromMonth: '2026-11', toMonth: '2026-11' }
    const hereNov = await call<RaporView>(station, 'rapor.get', { filter: november })
    const thereNov = await consoleRapor('?fromMonth=2026-11&toMonth=2026-11')
    expect(thereNov.rapor).toEqual(hereNov.rapor)
    expect(thereNov.rapor.buckets.belum_terverifikasi).toBe(1)
    expect(thereNov.filter).toEqual(november)
    expect((await consoleRapor(`?station=${only!.code.toLowerCase()}`)).rapor).toEqual(here.rapor)
  })

  it('refuses in the console with a reason, changing nothing', async () => {
    const as = requestsAs(central)
    const before = await databaseFingerprint(central.db)
    const anonymous = await as(null, '/v1/console/rapor')
    expect(anonymous.statusCode).toBe(401)
    for (const query of ['?fromMonth=2026-13', '?channel=pigeon', '?station=ZZZZ', '?x=1']) {
      const res = await as('viewer', `/v1/console/rapor${query}`)
      expect(res.statusCode, query).toBeGreaterThanOrEqual(400)
      expect(res.statusCode, query).toBeLessThan(500)
      expect((res.json() as { reason: string }).reason, query).toMatch(/\w/)
    }
    expect(await databaseFingerprint(central.db)).toEqual(before)
  })
})
