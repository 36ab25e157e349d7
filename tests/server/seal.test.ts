import { generateKeyPairSync } from 'node:crypto'
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import type { CreatedCase } from '../../src/shared/api'
import { sealIdentity } from '../../src/core/crypto/seal'
import { openStation, type Station } from '../../src/core/station'
import { createAdminToken } from '../../src/server/central/adminTokens'
import { openSealedIdentity } from '../../src/server/central/sealedIdentity'
import { tempDir, validIntake } from '../helpers'
import { as } from '../support/actors'
import { call, enrolledStation, startCentral, type Central } from '../support/central'
import { openPayload, TEST_KEYS } from '../support/keys'

const pgUrl = inject('pgUrl')
const NAME = 'Rahmat Hidayatullah Siregar'
const NIK = '3171011501900001'
const PHONE_DIGITS = '81234567890'

const anonymousIntake = () =>
  validIntake({
    anonymous: true,
    complainant: { name: NAME, nik: NIK, phone: `0${PHONE_DIGITS}`, directlyAffected: true },
  })

describe('anonymous identities before enrolment', () => {
  let dir: ReturnType<typeof tempDir>
  let station: Station
  beforeEach(async () => {
    dir = tempDir()
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      autoSync: false,
      log: () => {},
    })
  })
  afterEach(async () => {
    await station.close()
    dir.remove()
  })

  it('are refused with a reason, writing nothing; the complaint goes in without them', async () => {
    const before = (await station.db('events').count({ n: '*' }))[0] as { n: number }
    const r = await station.dispatch('case.create', anonymousIntake(), as('case.create'))
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input')
      expect(r.error.issues?.map((i) => i.path).sort()).toEqual([
        'complainant.name',
        'complainant.nik',
        'complainant.phone',
      ])
      expect(r.error.issues?.[0]?.message).toBe('error.sealNeedsEnrolment')
    }
    const after = (await station.db('events').count({ n: '*' }))[0] as { n: number }
    expect(after.n).toBe(before.n)
    expect(await station.db('counters').count({ n: '*' })).toEqual([{ n: 0 }])
    const ok = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({ anonymous: true, complainant: { directlyAffected: false } }),
    )
    expect(ok.trackingNumber).toMatch(/-0001-/)
  })
})

describe('anonymous identities after enrolment', () => {
  let central: Central
  let dir: ReturnType<typeof tempDir>
  let station: Station
  beforeEach(async () => {
    central = await startCentral('pg', pgUrl)
    dir = tempDir()
    station = await enrolledStation(central, dir.path)
  })
  afterEach(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  it('are sealed at intake: no byte of them in the database, its WAL, or on the wire in clear', async () => {
    const c = await call<CreatedCase>(station, 'case.create', anonymousIntake())
    const row = await station.db('events').where({ case_id: c.id, type: 'case.received' }).first()
    const payload = openPayload(station.db, row) as { complainant: object; sealedIdentity: object }
    expect(payload.complainant).toEqual({ directlyAffected: true })
    expect(payload.sealedIdentity).toMatchObject({ alg: 'X25519-HKDF-SHA256-AES-256-GCM' })
    const file = join(dir.path, 'loket.sqlite')
    const bytes = Buffer.concat(
      [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)),
    ).toString('latin1')
    for (const secret of [NAME, NIK, PHONE_DIGITS]) expect(bytes).not.toContain(secret)
    // Every role at the station sees the case without the identity.
    for (const role of ['frontdesk', 'auditor', 'supervisor'] as const) {
      const d = await station.dispatch(
        'case.get',
        { id: c.id },
        { transport: 'test', asUser: { id: role, username: role, displayName: role, role } },
      )
      expect(JSON.stringify(d)).not.toMatch(new RegExp(`${NAME}|${NIK}|${PHONE_DIGITS}`))
    }
    await call(station, 'sync.now', {})
    const stored = await central.db('events').where({ id: row.id }).first()
    for (const secret of [NAME, NIK, PHONE_DIGITS]) expect(stored.payload).not.toContain(secret)
  })

  it('open at the centre for an admin who gives a reason, and the reading is logged', async () => {
    const c = await call<CreatedCase>(station, 'case.create', anonymousIntake())
    await call(station, 'sync.now', {})
    const token = await createAdminToken(central.db, 'Admin Pusat', new Date())
    const open = (body: object, auth = `Bearer ${token}`) =>
      central.app.inject({
        method: 'POST',
        url: `/v1/admin/cases/${c.id}/identity`,
        headers: { authorization: auth },
        payload: body,
      })
    expect((await open({ reason: 'x' })).statusCode).toBe(400)
    expect(
      (
        await open(
          { reason: 'Klarifikasi langsung kepada pelapor' },
          'Bearer salah-token-yang-panjang',
        )
      ).statusCode,
    ).toBe(401)
    const none = Number(
      ((await central.db('identity_reads').count({ n: '*' }))[0] as { n: string }).n,
    )
    expect(none).toBe(0)
    const res = await open({ reason: 'Klarifikasi langsung kepada pelapor atas izin Inspektur' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ name: NAME, nik: NIK, phone: `+62${PHONE_DIGITS}` })
    const log = await central.db('identity_reads').where({ case_id: c.id })
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({
      admin: 'pusat:Admin Pusat',
      reason: 'Klarifikasi langsung kepada pelapor atas izin Inspektur',
    })
  })

  it('cannot be moved to another case: the tracking number is bound in', () => {
    const pair = generateKeyPairSync('x25519')
    const pub = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')
    const priv = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')
    const box = sealIdentity(pub, { name: NAME }, 'ABCD-261123-0001-X')
    expect(openSealedIdentity(priv, box, 'ABCD-261123-0001-X')).toEqual({ name: NAME })
    expect(() => openSealedIdentity(priv, box, 'ABCD-261123-0002-X')).toThrow()
    const other = generateKeyPairSync('x25519')
      .privateKey.export({ format: 'der', type: 'pkcs8' })
      .toString('base64')
    expect(() => openSealedIdentity(other, box, 'ABCD-261123-0001-X')).toThrow()
  })
})
