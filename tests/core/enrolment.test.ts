import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import type { CaseDetail, CreatedCase, SyncStatus } from '../../src/shared/api'
import { parseTrackingNumber } from '../../src/shared/trackingNumber'
import { openStation, type Station } from '../../src/core/station'
import { SyncClient } from '../../src/core/sync/client'
import { createEnrolmentCode } from '../../src/server/central/enrolment'
import { tempDir, validIntake } from '../helpers'
import { call, CENTRAL_URL, injectFetch, startCentral, type Central } from '../support/central'
import { TEST_KEYS } from '../support/keys'

const pgUrl = inject('pgUrl')

/** The code the centre issues; it has a digit, so it cannot be a provisional code (letters only). */
const ISSUED = 'K7M2'

const codeOf = (trackingNumber: string) => {
  const parsed = parseTrackingNumber(trackingNumber)
  if (!parsed.ok) throw new Error(`not a tracking number: ${trackingNumber}`)
  return parsed.value.stationCode
}

describe('the station code across enrolment', () => {
  let central: Central
  let dir: ReturnType<typeof tempDir>
  let station: Station
  let code: string

  beforeEach(async () => {
    central = await startCentral('sqlite', pgUrl)
    dir = tempDir()
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      fetch: injectFetch(central.app),
      autoSync: false,
      timeZone: 'Asia/Jakarta',
    })
    ;({ code } = await createEnrolmentCode(
      central.db,
      { label: 'test', stationCode: ISSUED },
      new Date(),
    ))
  })
  afterEach(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  it('is issued to cases created right after enrolment; earlier cases keep theirs', async () => {
    const provisional = (await call<SyncStatus>(station, 'sync.status', {})).stationCode
    expect(provisional).toMatch(/^[A-Z]{4}$/)
    const early = await call<CreatedCase>(station, 'case.create', validIntake())
    expect(codeOf(early.trackingNumber)).toBe(provisional)

    const enrolled = await call<SyncStatus>(station, 'sync.enrol', {
      serverUrl: CENTRAL_URL,
      code,
      stationName: 'Kab. Uji',
    })
    expect(enrolled.stationCode).toBe(ISSUED)
    const late = await call<CreatedCase>(station, 'case.create', validIntake())
    expect(codeOf(late.trackingNumber)).toBe(ISSUED)

    // The earlier case keeps the number printed on its receipt.
    const again = await call<CaseDetail>(station, 'case.get', { id: early.id })
    expect(again.trackingNumber).toBe(early.trackingNumber)
    expect(codeOf(again.trackingNumber)).toBe(provisional)
  })

  it('is read where it is used, so an enrolment by another client on the database counts', async () => {
    // The station's own client holds no copy of the code that enrolment would have to update.
    const other = new SyncClient({
      db: station.db,
      log: station.sync['o'].log,
      workers: station.sync['o'].workers,
      identity: { stationId: station.sync.stationId },
      dataDir: dir.path,
      now: () => new Date(),
      fetch: injectFetch(central.app),
      autoStart: false,
    })
    await other.enrol({ serverUrl: CENTRAL_URL, code, stationName: 'Kab. Uji' })
    expect((await call<SyncStatus>(station, 'sync.status', {})).stationCode).toBe(ISSUED)
    const c = await call<CreatedCase>(station, 'case.create', validIntake())
    expect(codeOf(c.trackingNumber)).toBe(ISSUED)
  })
})
