import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import type { CreatedCase } from '../../src/shared/api'
import { TRACKING_ALPHABET, checkCharacter } from '../../src/shared/trackingNumber'
import type { Station } from '../../src/core/station'
import { createAdminToken } from '../../src/server/central/adminTokens'
import { statusPinHash } from '../../src/server/central/publicStatus'
import { tempDir, validIntake } from '../helpers'
import { call, enrolledStation, startCentral, type Backend, type Central } from '../support/central'
import { receiptPinOf } from '../support/keys'

const pgUrl = inject('pgUrl')

async function rowCount(central: Central, table: string): Promise<number> {
  const r = (await central.db(table).count({ n: '*' })) as { n: number | string }[]
  return Number(r[0]?.n)
}

describe.each<Backend>(['sqlite', 'pg'])('tracking numbers at the centre (%s)', (backend) => {
  let central: Central
  let dir: ReturnType<typeof tempDir>
  let station: Station

  beforeEach(async () => {
    central = await startCentral(backend, pgUrl)
    dir = tempDir()
    station = await enrolledStation(central, dir.path)
  })
  afterEach(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  const status = (number: string, pin: string) =>
    central.app.inject({ url: `/v1/status/${encodeURIComponent(number)}?pin=${pin}` })

  it('answers the public status however the number is typed, and never for a misread one', async () => {
    const c = await call<CreatedCase>(station, 'case.create', validIntake())
    await call(station, 'sync.now', {})
    const pin = await receiptPinOf(station.db, c.id)
    const n = c.trackingNumber
    for (const typed of [n, n.toLowerCase(), n.replace(/-/g, ''), n.replace(/-/g, ' \u2013 ')]) {
      const res = await status(typed, pin)
      expect(res.statusCode, typed).toBe(200)
      expect(res.json()).toMatchObject({ trackingNumber: n })
    }
    // The issue's example: the hyphen before the sequence typed as a 1.
    const misread = n.replace(/-(\d{4})-/, '1$1-')
    expect((await status(misread, pin)).statusCode).toBe(404)
  })

  it('still answers for a legacy number with a five-digit sequence', async () => {
    const c = await call<CreatedCase>(station, 'case.create', validIntake())
    await call(station, 'sync.now', {})
    const pin = await receiptPinOf(station.db, c.id)
    // A case that reached the centre under a number the old encoder printed past 9999 a day.
    const code = c.trackingNumber.split('-')[0] as string
    const legacy = `${code}-261202-10001-${checkCharacter(`${code}26120210001`)}`
    await central
      .db('cases')
      .where({ tracking_number: c.trackingNumber })
      .update({ tracking_number: legacy, status_pin_hash: statusPinHash(legacy, pin) })
    for (const typed of [legacy, legacy.toLowerCase().replace(/-/g, ' ')]) {
      const res = await status(typed, pin)
      expect(res.statusCode, typed).toBe(200)
      expect(res.json()).toMatchObject({ trackingNumber: legacy })
    }
  })

  it('refuses a station code outside the alphabet, naming the letters and the alphabet', async () => {
    const token = await createAdminToken(central.db, 'uji', new Date())
    const create = (stationCode: string) =>
      central.app.inject({
        method: 'POST',
        url: '/v1/admin/enrolment-codes',
        headers: { authorization: `Bearer ${token}` },
        payload: { label: 'Kab. Sampang', stationCode },
      })
    const before = await rowCount(central, 'enrolment_codes')
    const spg = await create('SPG')
    expect(spg.statusCode).toBe(400)
    const reason = (spg.json() as { code: string; reason: string }).reason
    expect(spg.json()).toMatchObject({ code: 'station_code' })
    expect(reason).toContain('karakter yang tidak boleh: S.')
    expect(reason).toContain('characters that are not allowed: S.')
    expect(reason).toContain(TRACKING_ALPHABET.replace(/\d/g, '').split('').join(' '))
    expect(reason).toContain('I, L, O, S, U')

    const several = (await create('solu')).json() as { reason: string }
    expect(several.reason).toContain('not allowed: S, O, L, U.')
    const long = await create('KMRTKMR')
    expect(long.statusCode).toBe(400)
    expect((long.json() as { reason: string }).reason).toContain('has 7 characters')
    expect(await rowCount(central, 'enrolment_codes')).toBe(before)

    const ok = await create('mdr')
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ stationCode: 'MDR' })
    expect(await rowCount(central, 'enrolment_codes')).toBe(before + 1)
  })
})
