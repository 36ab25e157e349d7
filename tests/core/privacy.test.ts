import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import type { CaseDetail, CreatedCase, PrivacyHold, SyncStatus } from '../../src/shared/api'
import { identityMentions } from '../../src/shared/privacy'
import type { IntakeInput } from '../../src/shared/schemas'
import { openStation, type Station } from '../../src/core/station'
import { tempDir, validIntake } from '../helpers'
import { as } from '../support/actors'
import { call, enrolledStation, startCentral, type Central } from '../support/central'
import { openPayload, TEST_KEYS } from '../support/keys'

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

describe('the check before enrolment: shapes in the text, no identity given', () => {
  let dir: ReturnType<typeof tempDir>
  let station: Station
  beforeEach(async () => {
    dir = tempDir()
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      autoSync: false,
      now: () => new Date('2026-11-23T03:00:00Z'),
      log: () => {},
    })
  })
  afterEach(async () => {
    await station.close()
    dir.remove()
  })
  const anonymous = (description: string, extra: Partial<IntakeInput> = {}) =>
    validIntake({
      anonymous: true,
      complainant: { directlyAffected: true },
      description,
      ...extra,
    })
  const holdRows = async () =>
    (await station.db('privacy_holds').select('case_id', 'mentions')) as {
      case_id: string
      mentions: string
    }[]

  it('holds an anonymous complaint whose text carries a NIK, a phone or an e-mail', async () => {
    const nik = '3171011501900001'
    const held = await call<CreatedCase>(
      station,
      'case.create',
      anonymous(`NIK saya ${nik}, WA 0812-9876-5432, surel rukmini@contoh.id.`),
    )
    const onlyPhone = await call<CreatedCase>(
      station,
      'case.create',
      anonymous('Pungutan liar', { location: 'Kantor desa, hubungi +62 813 1111 2222' }),
    )
    const holds = await call<PrivacyHold[]>(station, 'privacy.holds', {})
    expect(holds.map((h) => [h.caseId, h.mentions])).toEqual([
      [held.id, ['nikLike', 'phoneLike', 'email']],
      [onlyPhone.id, ['phoneLike']],
    ])
    // What was found is kept by kind only, never the values.
    const stored = JSON.stringify(await holdRows())
    for (const value of [nik, '9876', '5432', 'rukmini', '1111']) {
      expect(stored).not.toContain(value)
      expect(JSON.stringify(holds)).not.toContain(value)
    }
    // The hold stops sync at the held case's first event, like a hold on a named mention.
    const status = await call<SyncStatus>(station, 'sync.status', {})
    expect(status.held).toBe(2)

    await call(station, 'privacy.confirm', { caseId: held.id, note: 'Nomor milik terlapor.' })
    expect((await call<PrivacyHold[]>(station, 'privacy.holds', {})).map((h) => h.caseId)).toEqual([
      onlyPhone.id,
    ])
    const confirmed = (await station
      .db('events')
      .where({ case_id: held.id, type: 'privacy.confirmed' })
      .select('id', 'payload')) as { id: string; payload: string }[]
    expect(confirmed.map((e) => openPayload(station.db, e))).toEqual([
      { mentions: ['nikLike', 'phoneLike', 'email'], note: 'Nomor milik terlapor.' },
    ])
  })

  it('does not hold what only looks like a number: dates, amounts, letter and tracking numbers', async () => {
    await call(
      station,
      'case.create',
      anonymous(
        'Pada 12-10-2026 pukul 08.30 diminta Rp 1.500.000; surat 045/PU/III/2026; laporan KMRT-261123-0042-3.',
      ),
    )
    // A named complaint is not checked: its complainant gave the identity on purpose.
    await call(station, 'case.create', validIntake({ description: 'NIK saya 3171011501900001.' }))
    expect(await holdRows()).toEqual([])
  })

  it('refuses an identity for an anonymous complaint before enrolment, changing nothing', async () => {
    const before = await station.db('events').count({ n: '*' })
    const res = await station.dispatch(
      'case.create',
      anonymous('Pungutan liar', {
        complainant: { name: 'Rukmini', nik: '3171011501900001', directlyAffected: true },
      }),
      as('case.create'),
    )
    expect(!res.ok && res.error.issues?.map((i) => i.path)).toEqual([
      'complainant.name',
      'complainant.nik',
    ])
    expect(await station.db('events').count({ n: '*' })).toEqual(before)
    expect(await holdRows()).toEqual([])
  })
})
