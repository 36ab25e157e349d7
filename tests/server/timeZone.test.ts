import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CreatedCase } from '../../src/shared/api'
import type { Station } from '../../src/core/station'
import { createAdminToken } from '../../src/server/central/adminTokens'
import { recordDecision } from '../../src/server/central/decisions'
import { Refused } from '../../src/server/central/refused'
import { TestClock, tempDir, validIntake } from '../helpers'
import { call, enrolledStation, startCentral, type Backend, type Central } from '../support/central'
import { receiptPinOf } from '../support/keys'

const pgUrl = inject('pgUrl')

// The centre counts each case's days in its own station's zone: a complaint
// received at 00:30 WITA in Kutai Timur falls on that WITA day at the centre too.
describe.each<Backend>(['sqlite', 'pg'])('a WITA station’s days at the centre (%s)', (backend) => {
  const dir = tempDir()
  // 16:30 UTC on 1 December 2026: 00:30 on 2 December in WITA, 23:30 on the 1st in WIB.
  const clock = new TestClock('2026-12-01T16:30:00Z')
  let central: Central
  let station: Station
  let created: CreatedCase
  beforeAll(async () => {
    central = await startCentral(backend, pgUrl, {}, clock.now)
    station = await enrolledStation(central, dir.path, undefined, {
      now: clock.now,
      timeZone: 'Asia/Makassar',
    })
    created = await call<CreatedCase>(station, 'case.create', validIntake())
    await call(station, 'sync.now', {})
  })
  afterAll(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  it('keeps the zone the station sent at enrolment and the one its case carries', async () => {
    const s = (await central.db('stations').where({ id: station.sync.stationId }).first()) as {
      time_zone: string
    }
    expect(s.time_zone).toBe('Asia/Makassar')
    const c = (await central.db('cases').where({ id: created.id }).first('time_zone')) as {
      time_zone: string
    }
    expect(c.time_zone).toBe('Asia/Makassar')
  })

  it('answers the public status with the WITA day of the last change', async () => {
    const pin = await receiptPinOf(station.db, created.id)
    const res = await central.app.inject({
      url: `/v1/status/${created.trackingNumber}?pin=${pin}`,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ lastUpdate: '2026-12-02' })
  })

  it('puts the case on its WITA day in the central rapor', async () => {
    const token = await createAdminToken(central.db, 'uji', clock.now())
    const rapor = async (from: string, to: string) =>
      (
        await central.app.inject({
          url: `/v1/admin/rapor?from=${from}&to=${to}`,
          headers: { authorization: `Bearer ${token}` },
        })
      ).json() as { cases: number }
    expect((await rapor('2026-12-02', '2026-12-02')).cases).toBe(1)
    expect((await rapor('2026-12-01', '2026-12-01')).cases).toBe(0)
  })

  it('dates a central decision between the WITA day of receipt and the WITA today', async () => {
    const decide = (day: string) =>
      recordDecision(
        central.db,
        central.identity,
        created.id,
        { type: 'case.transitioned', transition: 'screen', day, reason: null, agencyCode: null },
        'Pusat',
        clock.now(),
      )
    const count = async () =>
      Number(
        (
          (await central.db('events').where({ case_id: created.id }).count({ n: '*' })) as {
            n: number | string
          }[]
        )[0]!.n,
      )
    const before = await count()
    await expect(decide('2026-12-01')).rejects.toBeInstanceOf(Refused)
    await expect(decide('2026-12-03')).rejects.toThrow(/2026-12-02, WITA/)
    expect(await count()).toBe(before)
    await decide('2026-12-02')
    expect(await count()).toBe(before + 1)
  })
})
