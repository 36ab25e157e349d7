import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import type { CaseDetail, CreatedCase, PrivacyHold, SyncStatus } from '../../src/shared/api'
import { identityMentions } from '../../src/shared/privacy'
import type { Station } from '../../src/core/station'
import { tempDir, validIntake } from '../helpers'
import { call, enrolledStation, startCentral, type Central } from '../support/central'

const pgUrl = inject('pgUrl')

describe('does the text name the complainant?', () => {
  const id = { name: 'Haji Ahmad Fauzi', nik: '3171011501900001', phone: '+6281234567890' }
  it('finds the name, the NIK and the phone however they are written', () => {
    expect(identityMentions(id, ['Saya, Ahmad, melihat sendiri pungutan itu.'])).toEqual(['name'])
    expect(identityMentions(id, ['NIK saya 3171 0115 0190 0001'])).toEqual(['nik'])
    expect(identityMentions(id, ['hubungi 0812-3456-7890'])).toEqual(['phone'])
    expect(identityMentions(id, ['fauzi', 'wa +62 812 3456 7890', '3171011501900001'])).toEqual([
      'name',
      'nik',
      'phone',
    ])
  })
  it('does not raise the alarm for forms of address or other numbers', () => {
    expect(identityMentions(id, ['Bapak kepala desa meminta Rp 250.000 pada 12-10-2026.'])).toEqual(
      [],
    )
    expect(identityMentions({ name: 'Bapak Haji' }, ['bapak haji datang'])).toEqual([])
    expect(identityMentions(id, [null, undefined, ''])).toEqual([])
  })
})

describe('the pre-sync privacy check', () => {
  let central: Central
  let dir: ReturnType<typeof tempDir>
  let station: Station
  beforeEach(async () => {
    central = await startCentral('sqlite', pgUrl)
    dir = tempDir()
    station = await enrolledStation(central, dir.path)
  })
  afterEach(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })
  const serverEvents = async () =>
    Number(
      (
        (await central
          .db('events')
          .where({ station_id: station.sync.stationId })
          .count({ n: '*' })) as {
          n: number
        }[]
      )[0]?.n,
    )

  it('holds an anonymous complaint that names its complainant until a person confirms', async () => {
    await call<CreatedCase>(station, 'case.create', validIntake({ subject: 'Sebelumnya' }))
    const held = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        anonymous: true,
        complainant: { name: 'Rukmini Wulandari', phone: '0812 9876 5432', directlyAffected: true },
        description: 'Saya Rukmini diminta membayar; WA saya 0812-9876-5432.',
      }),
    )
    await call<CreatedCase>(station, 'case.create', validIntake({ subject: 'Sesudahnya' }))
    const holds = await call<PrivacyHold[]>(station, 'privacy.holds', {})
    expect(holds).toEqual([
      expect.objectContaining({ caseId: held.id, mentions: ['name', 'phone'] }),
    ])
    expect(JSON.stringify(holds)).not.toContain('Rukmini')

    let status = await call<SyncStatus>(station, 'sync.now', {})
    expect(status.lastError).toBeNull()
    expect(status.held).toBe(1)
    // Only what came before the held case left; the rest waits, in order.
    expect(await serverEvents()).toBe(1)
    expect(status.pending).toBe(2)

    await call(station, 'privacy.confirm', {
      caseId: held.id,
      note: 'Pelapor setuju namanya disebut.',
    })
    const d = await call<CaseDetail>(station, 'case.get', { id: held.id })
    expect(d.timeline.map((e) => e.type)).toContain('privacy.confirmed')
    status = await call<SyncStatus>(station, 'sync.now', {})
    expect(status.held).toBe(0)
    expect(status.pending).toBe(0)
    expect(await serverEvents()).toBe(4)
    const again = await station.dispatch(
      'privacy.confirm',
      { caseId: held.id, note: 'lagi' },
      {
        transport: 'test',
        asUser: { id: 'x', username: 'x', displayName: 'x', role: 'frontdesk' },
      },
    )
    expect(!again.ok && again.error.code).toBe('not_found')
  })

  it('leaves an anonymous complaint alone when its text names nobody', async () => {
    await call(
      station,
      'case.create',
      validIntake({
        anonymous: true,
        complainant: { name: 'Rukmini Wulandari', directlyAffected: true },
        description: 'Pungutan liar di kantor kelurahan.',
      }),
    )
    expect(await call<PrivacyHold[]>(station, 'privacy.holds', {})).toEqual([])
    const status = await call<SyncStatus>(station, 'sync.now', {})
    expect(status.pending).toBe(0)
  })
})
