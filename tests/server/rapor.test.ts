import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CreatedCase } from '../../src/shared/api'
import type { RaporView } from '../../src/shared/rapor'
import type { Station } from '../../src/core/station'
import { createAdminToken } from '../../src/server/central/adminTokens'
import { TestClock, tempDir, validIntake } from '../helpers'
import { call, enrolledStation, startCentral, type Central } from '../support/central'

// The same formulas on both sides: a station's rapor and the centre's, over the same cases.
const pgUrl = inject('pgUrl')

describe('the rapor at the centre', () => {
  const dir = tempDir()
  let central: Central
  let station: Station
  const clock = new TestClock(new Date(2026, 9, 1, 9, 0)) // Thu 1 Oct 2026, 09:00 local
  beforeAll(async () => {
    central = await startCentral('pg', pgUrl, {}, clock.now)
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
})
