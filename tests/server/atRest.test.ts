import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CreatedCase, StoredAttachment, SyncStatus } from '../../src/shared/api'
import type { Station } from '../../src/core/station'
import { createAdminToken } from '../../src/server/central/adminTokens'
import { aad, attachmentPath, openPayload } from '../../src/server/central/atRest'
import {
  readAttachment,
  removeIdleUploads,
  UPLOAD_IDLE_MS,
} from '../../src/server/central/attachments'
import { keyringOf } from '../../src/server/central/dataKey'
import { recordDecision } from '../../src/server/central/decisions'
import { isPostgres } from '../../src/server/db'
import { PDF_MINIMAL, tempDir, todayIn, validIntake } from '../helpers'
import type { FetchLike } from '../../src/core/sync/client'
import {
  call,
  createPgDatabase,
  enrolledStation,
  injectFetch,
  openCentralAt,
  type Backend,
  type Central,
} from '../support/central'

const pgUrl = inject('pgUrl')

// The centre's data at rest, read as bytes the way someone holding a copy of
// the database, its log or the attachment folder would: none of what the
// stations send of people may be there. Each marker is unusual enough that
// finding it can only mean the value itself.
const SECRET = {
  name: 'Wiryapusatxq Sastrowardoyo',
  nik: '3174095203870042',
  phoneDigits: '81377774242',
  email: 'pelapor.pusatxq@contohxq.id',
  address: 'Gang Kenangapusatxq Nomor Sembilan',
  subject: 'Subjekpusatxq pungutan liar',
  description: 'Uraianpusatxq tentang pungutan liar di loket',
  location: 'Lokasipusatxq Blok C',
  person: 'Terlaporpusatxq',
  anonymousName: 'Anonimpusatxq Hartono',
  anonymousNik: '3171014506880003',
  evidence: 'Buktipusatxq isi dokumen',
  ktp: 'Kartupusatxq tanda penduduk',
  note: 'Catatanpusatxq tindak lanjut',
  reason: 'Alasanpusatxq pembukaan identitas',
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

function whereFound(files: string[], needle: string): string[] {
  const n = Buffer.from(needle, 'utf8')
  return files.filter((f) => existsSync(f) && readFileSync(f).includes(n))
}

/** Every file that holds the centre's data: its data folder, and PostgreSQL's files for its database and its WAL. */
async function centreFiles(central: Central): Promise<string[]> {
  const files = filesUnder(central.dataDir)
  if (!isPostgres(central.db)) return files
  const dir = (
    (await central.db.raw('SHOW data_directory')) as { rows: { data_directory: string }[] }
  ).rows[0]!.data_directory
  const oid = (
    (await central.db.raw('SELECT oid FROM pg_database WHERE datname = current_database()')) as {
      rows: { oid: number }[]
    }
  ).rows[0]!.oid
  return [
    ...files,
    ...filesUnder(join(dir, 'base', String(oid))),
    ...filesUnder(join(dir, 'pg_wal')),
  ]
}

async function flush(central: Central): Promise<void> {
  await central.db.raw(isPostgres(central.db) ? 'CHECKPOINT' : 'PRAGMA wal_checkpoint(TRUNCATE)')
}

const pdf = (text: string) => Buffer.concat([PDF_MINIMAL, Buffer.from(`% ${text}\n`)])

describe.each<Backend>(['sqlite', 'pg'])('the centre’s data at rest (%s)', (backend) => {
  const dir = tempDir()
  let central: Central
  let station: Station
  let named: CreatedCase
  let anonymous: CreatedCase
  let databaseUrl: string | undefined
  // The station reaches whichever centre is running now; `cutAfterChunks` drops the line.
  let cutAfterChunks = Infinity
  const fetch: FetchLike = async (url, init) => {
    if (init.method === 'PUT' && cutAfterChunks-- <= 0) throw new TypeError('fetch failed')
    return injectFetch(central.app)(url, init)
  }

  beforeAll(async () => {
    databaseUrl = backend === 'pg' ? await createPgDatabase(pgUrl) : undefined
    central = await openCentralAt({ dataDir: join(dir.path, 'centre'), databaseUrl })
    station = await enrolledStation(central, join(dir.path, 'station'), fetch)
    const put = (name: string, kind: string, text: string) =>
      call<StoredAttachment>(station, 'attachment.put', {
        name,
        kind,
        contentBase64: pdf(text).toString('base64'),
      })
    const evidence = await put('bukti.pdf', 'evidence', SECRET.evidence)
    named = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        complainant: {
          name: SECRET.name,
          nik: SECRET.nik,
          phone: `0${SECRET.phoneDigits}`,
          email: SECRET.email,
          address: SECRET.address,
          directlyAffected: true,
        },
        attachments: [{ sha256: evidence.sha256, kind: 'evidence', name: 'bukti.pdf' }],
      }),
    )
    await call(
      station,
      'case.create',
      validIntake({
        confidential: true,
        subject: SECRET.subject,
        description: SECRET.description,
        location: SECRET.location,
        reportedParty: { agency: 'Dinas Kesehatan', person: SECRET.person, position: 'Kasi' },
      }),
    )
    const ktp = await put('ktp.pdf', 'ktp', SECRET.ktp)
    anonymous = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        anonymous: true,
        complainant: {
          name: SECRET.anonymousName,
          nik: SECRET.anonymousNik,
          directlyAffected: true,
        },
        attachments: [{ sha256: ktp.sha256, kind: 'ktp', name: 'ktp.pdf' }],
      }),
    )
    const synced = await call<SyncStatus>(station, 'sync.now', {})
    expect(synced).toMatchObject({ lastError: null, pending: 0, pendingAttachments: 0 })
    await recordDecision(
      central.db,
      central.identity,
      named.id,
      {
        type: 'followup.recorded',
        kind: 'note',
        day: todayIn(),
        agencyCode: null,
        letterNumber: null,
        note: SECRET.note,
      },
      'pusat:Auditor',
      new Date(),
    )
    const token = await createAdminToken(central.db, 'Kustodian', new Date())
    const opened = await central.app.inject({
      method: 'POST',
      url: `/v1/admin/cases/${anonymous.id}/identity`,
      headers: { authorization: `Bearer ${token}` },
      payload: { reason: SECRET.reason },
    })
    expect(opened.statusCode).toBe(200)
    expect(opened.json()).toMatchObject({ name: SECRET.anonymousName, nik: SECRET.anonymousNik })
  })
  afterAll(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  // Reading every file of PostgreSQL's cluster and WAL as bytes takes a while on a loaded machine.
  it(
    'leaves no personal data readable in the database, its log or the attachment folder',
    { timeout: 120_000 },
    async () => {
      for (const stage of ['as written', 'checkpointed']) {
        if (stage === 'checkpointed') await flush(central)
        const files = await centreFiles(central)
        // The control: tracking numbers are readable on purpose, so the scan sees where text lies.
        expect(whereFound(files, named.trackingNumber).length, stage).toBeGreaterThan(0)
        for (const [what, value] of Object.entries(SECRET)) {
          expect(whereFound(files, value), `${what} (${stage})`).toEqual([])
        }
      }
      // Every file at the centre is sealed: no PDF header anywhere in the attachment folder.
      const attachments = filesUnder(join(central.dataDir, 'attachments'))
      expect(attachments).toHaveLength(2)
      expect(whereFound(attachments, '%PDF-')).toEqual([])
    },
  )

  it('reads it all back through the one way in', async () => {
    const rows = (await central.db('events').where({ case_id: named.id }).orderBy('cursor')) as {
      id: string
      payload: string
    }[]
    expect(rows[0]!.payload).toMatch(/^s1\.[0-9a-f]{8}\./)
    expect(openPayload(central.db, rows[0]!)).toMatchObject({
      complainant: { name: SECRET.name, nik: SECRET.nik },
    })
    // A sealed payload moved to another row does not open there.
    expect(() => openPayload(central.db, { id: rows[1]!.id, payload: rows[0]!.payload })).toThrow(
      /does not open/,
    )
    const evidence = (await central.db('attachments').pluck('sha256')) as string[]
    const opened = await Promise.all(evidence.map((sha) => readAttachment(central.db, sha)))
    expect(opened.some((b) => b.includes(Buffer.from(SECRET.evidence)))).toBe(true)
    // The centre's private keys are sealed too.
    const keys = (await central
      .db('server_identity')
      .whereIn('key', ['signingPrivateKey', 'authorityPrivateKey'])
      .pluck('value')) as string[]
    expect(keys).toHaveLength(2)
    for (const k of keys) expect(k).toMatch(/^s1\./)
  })

  it('removes a partial upload left idle, and the station sends that file again', async () => {
    const big = pdf(`${'x'.repeat(700_000)} ${SECRET.evidence}`)
    const a = await call<StoredAttachment>(station, 'attachment.put', {
      name: 'besar.pdf',
      kind: 'evidence',
      contentBase64: big.toString('base64'),
    })
    await call(
      station,
      'case.create',
      validIntake({ attachments: [{ sha256: a.sha256, kind: 'evidence', name: 'besar.pdf' }] }),
    )
    // The first chunk arrives, then the line drops and the station goes quiet.
    cutAfterChunks = 1
    const cut = await call<SyncStatus>(station, 'sync.now', {})
    cutAfterChunks = Infinity
    expect(cut.pendingAttachments).toBe(1)
    const part = join(central.dataDir, 'uploads', `${a.sha256}.part`)
    expect(readFileSync(part).length).toBe(512 * 1024)
    // Within the idle limit it stays; past it, it goes, and the row with it.
    const within = new Date(central.now().getTime() + UPLOAD_IDLE_MS - 60_000)
    expect(await removeIdleUploads(central.db, central.dataDir, within)).toEqual({ removed: 0 })
    expect(existsSync(part)).toBe(true)
    const past = new Date(central.now().getTime() + UPLOAD_IDLE_MS + 60_000)
    expect(await removeIdleUploads(central.db, central.dataDir, past)).toEqual({ removed: 1 })
    expect(existsSync(part)).toBe(false)
    expect(await central.db('attachments').where({ sha256: a.sha256 }).first()).toBeUndefined()
    const synced = await call<SyncStatus>(station, 'sync.now', {})
    expect(synced).toMatchObject({ lastError: null, pendingAttachments: 0 })
    expect((await readAttachment(central.db, a.sha256)).equals(big)).toBe(true)
    expect(
      readFileSync(attachmentPath(central.dataDir, a.sha256)).includes(big.subarray(0, 64)),
    ).toBe(false)
  })

  it(
    'seals what an older version left readable, once, at start-up',
    { timeout: 120_000 },
    async () => {
      // Put the centre back the way a version without sealing wrote it.
      const keyring = keyringOf(central.db)
      const rows = (await central.db('events').select('id', 'payload')) as {
        id: string
        payload: string
      }[]
      for (const r of rows) {
        await central
          .db('events')
          .where({ id: r.id })
          .update({ payload: keyring.open(r.payload, aad.payload(r.id)) })
      }
      for (const key of ['signingPrivateKey', 'authorityPrivateKey']) {
        const { value } = await central.db('server_identity').where({ key }).first('value')
        await central
          .db('server_identity')
          .where({ key })
          .update({ value: keyring.open(value as string, aad.serverIdentity(key)) })
      }
      const reads = (await central.db('identity_reads').select('id', 'case_id', 'reason')) as {
        id: number
        case_id: string
        reason: string
      }[]
      for (const r of reads) {
        await central
          .db('identity_reads')
          .where({ id: r.id })
          .update({ reason: keyring.open(r.reason, aad.identityRead(r.case_id)) })
      }
      await central.db('server_identity').where({ key: 'dataKeyCheck' }).delete()
      const shas = (await central.db('attachments').pluck('sha256')) as string[]
      for (const sha of shas) {
        writeFileSync(attachmentPath(central.dataDir, sha), await readAttachment(central.db, sha))
      }
      // An older version kept its partial uploads beside the files.
      const legacyPart = join(central.dataDir, 'attachments', 'ab', `${'ab'.repeat(32)}.part`)
      await mkdir(join(central.dataDir, 'attachments', 'ab'), { recursive: true })
      writeFileSync(legacyPart, SECRET.evidence)
      await flush(central)
      expect(whereFound(await centreFiles(central), SECRET.name).length).toBeGreaterThan(0)
      expect(whereFound(filesUnder(central.dataDir), SECRET.evidence).length).toBeGreaterThan(0)
      await central.close()

      central = await openCentralAt({ dataDir: central.dataDir, databaseUrl })
      expect(existsSync(legacyPart)).toBe(false)
      if (isPostgres(central.db)) {
        // PostgreSQL keeps the old row versions until they are vacuumed (README: upgrading).
        await central.db.raw('VACUUM FULL events')
        await central.db.raw('VACUUM FULL server_identity')
        await central.db.raw('VACUUM FULL identity_reads')
      }
      await flush(central)
      const dataFiles = isPostgres(central.db)
        ? await centreFiles(central)
        : filesUnder(central.dataDir)
      for (const [what, value] of Object.entries(SECRET)) {
        // PostgreSQL's WAL still holds what was written before (the README says so).
        const where = whereFound(dataFiles, value).filter((f) => !f.includes('pg_wal'))
        expect(where, what).toEqual([])
      }
      // And it all still works: the identity opens, the station syncs on.
      const token = await createAdminToken(central.db, 'Kustodian 2', new Date())
      const opened = await central.app.inject({
        method: 'POST',
        url: `/v1/admin/cases/${anonymous.id}/identity`,
        headers: { authorization: `Bearer ${token}` },
        payload: { reason: 'Pemeriksaan ulang setelah pembaruan' },
      })
      expect(opened.json()).toMatchObject({ name: SECRET.anonymousName })
      await call(station, 'case.create', validIntake())
      const synced = await call<SyncStatus>(station, 'sync.now', {})
      expect(synced).toMatchObject({ lastError: null, pending: 0 })
    },
  )
})
