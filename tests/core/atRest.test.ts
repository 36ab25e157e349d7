import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseDetail, CreatedCase, StoredAttachment } from '../../src/shared/api'
import { aad } from '../../src/core/atRest'
import { cipherOf, DataKeyError, passphraseProtector } from '../../src/core/crypto/dataKey'
import { blobPath } from '../../src/core/services/attachments'
import { openStation, type Station } from '../../src/core/station'
import { PDF_MINIMAL, tempDir, validIntake, validScreening } from '../helpers'
import { as, asUser } from '../support/actors'
import { TEST_KEYS, TEST_PASSPHRASE } from '../support/keys'

// Personal data at rest: what a stolen laptop holds is read as bytes, the way
// a thief would, and none of it may be there. Each marker is unusual enough
// that finding it can only mean the value itself.
const SECRET = {
  name: 'Wiryadipuraxq Sastrowardoyo',
  nik: '3174095203870042',
  phone: '0813-7777-4242',
  email: 'pelapor.rahasia@contohxq.id',
  address: 'Gang Kenangaxq Nomor Sembilan',
  subject: 'Subjekrahasiaxq pungutan',
  description: 'Uraianrahasiaxq tentang pungutan liar',
  location: 'Lokasirahasiaxq Blok C',
  person: 'Terlaporrahasiaxq',
  attachment: 'Lampiranrahasiaxq isi dokumen',
  attachmentName: 'KTPrahasiaxq.pdf',
  draft: 'Drafrahasiaxq belum disimpan',
  note: 'Catatanrahasiaxq tindak lanjut',
  minutes: 'Notulenrahasiaxq ekspose',
}
// Left readable on purpose (a case that is not confidential is searchable): the
// control that proves the scan reads the places where text would be.
const OPEN_SUBJECT = 'Subjekterbukaxq lampu jalan'

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

/** Every file of the data folder as bytes: the database, its WAL and journal, attachments, exports. */
function everyByte(dataDir: string): { file: string; bytes: Buffer }[] {
  return filesUnder(dataDir).map((file) => ({ file, bytes: readFileSync(file) }))
}

function whereFound(dataDir: string, needle: string): string[] {
  const n = Buffer.from(needle, 'utf8')
  return everyByte(dataDir)
    .filter(({ bytes }) => bytes.includes(n))
    .map(({ file }) => file)
}

describe('personal data at rest', () => {
  const dir = tempDir()
  const dataDir = join(dir.path, 'station')
  let station: Station
  let named: CreatedCase
  let secret: CreatedCase
  const call = async <T>(method: string, input: unknown, ctx = as(method)) => {
    const r = await station.dispatch(method, input, ctx)
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
    return r.result as T
  }

  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir,
      autoSync: false,
      now: () => new Date('2026-11-02T02:00:00Z'),
    })
    const file = Buffer.concat([PDF_MINIMAL, Buffer.from(`% ${SECRET.attachment}\n`)])
    const att = await call<StoredAttachment>('attachment.put', {
      name: SECRET.attachmentName,
      kind: 'ktp',
      contentBase64: file.toString('base64'),
    })
    named = await call<CreatedCase>(
      'case.create',
      validIntake({
        subject: OPEN_SUBJECT,
        complainant: {
          name: SECRET.name,
          nik: SECRET.nik,
          phone: SECRET.phone,
          email: SECRET.email,
          address: SECRET.address,
          directlyAffected: true,
        },
        attachments: [{ sha256: att.sha256, kind: 'ktp', name: SECRET.attachmentName }],
      }),
    )
    secret = await call<CreatedCase>(
      'case.create',
      validIntake({
        confidential: true,
        subject: SECRET.subject,
        description: SECRET.description,
        location: SECRET.location,
        reportedParty: { agency: 'Dinas Kesehatan', person: SECRET.person, position: 'Kasi' },
      }),
    )
    await call('case.screen', validScreening(secret.id, { day: '2026-11-02' }))
    await call('case.recordExposure', {
      caseId: secret.id,
      day: '2026-11-02',
      place: 'Ruang rapat',
      participants: [{ name: 'Drs. Ahmad', role: 'Inspektur Pembantu', present: true }],
      summary: SECRET.minutes,
      analysis: 'Ada bukti.',
      recommendation: 'Teruskan.',
      decision: 'forward',
      agencyCode: 'DINKES',
      followUpOwner: 'Irban II',
      followUpDue: '2027-01-20',
    })
    await call('case.recordFollowUp', {
      caseId: secret.id,
      kind: 'response',
      day: '2026-11-02',
      agencyCode: 'DINKES',
      letterNumber: '800/1/2026',
      note: SECRET.note,
    })
    await call('draft.save', { id: 'intake', data: { description: SECRET.draft } })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('leaves no personal data readable in the database, its WAL or the attachment folder', async () => {
    // Before a checkpoint most of it sits in the WAL; after one, in the main file.
    expect(existsSync(join(dataDir, 'loket.sqlite-wal'))).toBe(true)
    for (const stage of ['wal', 'checkpointed']) {
      if (stage === 'checkpointed') await station.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
      expect(whereFound(dataDir, OPEN_SUBJECT).length, stage).toBeGreaterThan(0)
      for (const [what, value] of Object.entries(SECRET)) {
        expect(whereFound(dataDir, value), `${what} (${stage})`).toEqual([])
      }
      // The telephone as the desk stores it (+62…) is not there either.
      expect(whereFound(dataDir, '81377774242'), stage).toEqual([])
    }
    const blob = readFileSync(blobPath(dataDir, (await station.db('attachments').first()).sha256))
    expect(blob.includes(Buffer.from('%PDF-'))).toBe(false)
  })

  it('reads everything back through the API, and the drafts are each user’s own', async () => {
    const c = await call<CaseDetail>('case.get', { id: named.id })
    expect(c.complainant).toMatchObject({
      name: SECRET.name,
      nik: SECRET.nik,
      phone: '+6281377774242',
    })
    expect(c.attachments[0]?.name).toBe(SECRET.attachmentName)
    const s = await call<CaseDetail>('case.get', { id: secret.id }, as('case.get', 'irban'))
    expect(s).toMatchObject({ subject: SECRET.subject, description: SECRET.description })
    const draft = await call<{ data: { description: string } }>('draft.get', { id: 'intake' })
    expect(draft.data.description).toBe(SECRET.draft)
    const other = await call('draft.get', { id: 'intake' }, asUser('rina', 'frontdesk'))
    expect(other).toBeNull()
    // Related cases are still found by the same NIK, through its blind index.
    const again = await call<CreatedCase>(
      'case.create',
      validIntake({ complainant: { ...validIntake().complainant, nik: SECRET.nik } }),
    )
    const related = await call<{ id: string; reasons: string[] }[]>('case.related', {
      id: again.id,
    })
    expect(related).toContainEqual(
      expect.objectContaining({
        id: named.id,
        reasons: expect.arrayContaining(['sameComplainant']),
      }),
    )
  })

  it('does not open with another passphrase, and changes nothing trying', async () => {
    await station.close()
    const before = readFileSync(join(dataDir, 'loket.sqlite'))
    await expect(
      openStation({
        keys: passphraseProtector('bukan kata sandinya', { N: 2 ** 10, r: 8, p: 1 }),
        dataDir,
        autoSync: false,
      }),
    ).rejects.toBeInstanceOf(DataKeyError)
    expect(readFileSync(join(dataDir, 'loket.sqlite')).equals(before)).toBe(true)
    // The same passphrase, at the default cost for new keys, opens it: the cost is kept with the key.
    station = await openStation({
      keys: passphraseProtector(TEST_PASSPHRASE),
      dataDir,
      autoSync: false,
    })
    const c = await call<CaseDetail>('case.get', { id: named.id })
    expect(c.complainant?.email).toBe(SECRET.email)
  })

  it('seals what an older station left in the clear, once, at start-up', async () => {
    // Put the database back the way a version without sealing wrote it.
    const cipher = cipherOf(station.db)
    const sha = (await station.db('attachments').first()).sha256 as string
    const rows = (await station.db('events').select('id', 'payload')) as {
      id: string
      payload: string
    }[]
    for (const r of rows) {
      await station
        .db('events')
        .where({ id: r.id })
        .update({ payload: cipher.open(r.payload, aad.event(r.id)) })
    }
    const who = (await station.db('cases').where({ id: named.id }).first('complainant'))
      .complainant as string
    await station
      .db('cases')
      .where({ id: named.id })
      .update({ complainant: cipher.open(who, aad.caseColumn(named.id, 'complainant')) })
    await station.db('settings').where({ key: 'crypto.sealedAtRest' }).delete()
    const path = blobPath(dataDir, sha)
    writeFileSync(path, cipher.openBytes(readFileSync(path), aad.file(sha)))
    await station.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
    expect(whereFound(dataDir, SECRET.name).length).toBeGreaterThan(0)
    expect(whereFound(dataDir, SECRET.attachment)).toEqual([path])
    await station.close()

    station = await openStation({
      keys: TEST_KEYS,
      dataDir,
      autoSync: false,
      now: () => new Date('2026-11-02T02:00:00Z'),
    })
    for (const [what, value] of Object.entries(SECRET)) {
      expect(whereFound(dataDir, value), what).toEqual([])
    }
    const c = await call<CaseDetail>('case.get', { id: named.id })
    expect(c.complainant?.name).toBe(SECRET.name)
    const audit = await call<{ ok: boolean }>('audit.verify', {})
    expect(audit.ok).toBe(true)
  })
})
