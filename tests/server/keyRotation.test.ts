import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { CreatedCase, StoredAttachment, SyncStatus } from '../../src/shared/api'
import type { Station } from '../../src/core/station'
import type { FetchLike } from '../../src/core/sync/client'
import { createAdminToken } from '../../src/server/central/adminTokens'
import { readAttachment } from '../../src/server/central/attachments'
import {
  keyIdOf,
  newServerKey,
  ServerKeyError,
  ServerKeyring,
  writeKeyFile,
} from '../../src/server/central/dataKey'
import { rotateServerKey } from '../../src/server/central/keyRotation'
import { loadConfig } from '../../src/server/config'
import { openServerDb } from '../../src/server/db'
import { PDF_MINIMAL, tempDir, validIntake } from '../helpers'
import {
  call,
  createPgDatabase,
  enrolledStation,
  injectFetch,
  openCentralAt,
  type Backend,
  type Central,
} from '../support/central'

// The documented rotation (README, "The server data key"): a new key goes
// first in the key file, `rotate-key` re-seals everything under it and
// retires the old one. Between the two, values under both keys are in the
// database at once, and the centre must work with that mix.
const pgUrl = inject('pgUrl')

const NAME = 'Rotasipusatxq Wibisono'
const idOf = (base64: string) => keyIdOf(Buffer.from(base64, 'base64'))

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

describe.each<Backend>(['sqlite', 'pg'])('rotating the server data key (%s)', (backend) => {
  const dir = tempDir()
  const dataDir = join(dir.path, 'centre')
  const keyFile = join(dataDir, 'server.key')
  let databaseUrl: string | undefined
  let central: Central
  let station: Station
  let anonymous: CreatedCase
  const fetch: FetchLike = (url, init) => injectFetch(central.app)(url, init)
  const keysInFile = () =>
    readFileSync(keyFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))

  /** The ids of the keys the stored values and files are sealed under (null: not sealed). */
  async function sealedUnder(): Promise<Set<string | null>> {
    const values = [
      ...((await central.db('events').pluck('payload')) as string[]),
      ...((await central.db('identity_reads').pluck('reason')) as string[]),
    ]
    return new Set([
      ...values.map((v) => ServerKeyring.sealedUnder(v)),
      ...filesUnder(join(dataDir, 'attachments')).map((f) =>
        ServerKeyring.fileSealedUnder(readFileSync(f)),
      ),
    ])
  }

  let openings = 0
  async function openIdentity(reason: string) {
    const token = await createAdminToken(central.db, `Kustodian ${++openings}`, new Date())
    return central.app.inject({
      method: 'POST',
      url: `/v1/admin/cases/${anonymous.id}/identity`,
      headers: { authorization: `Bearer ${token}` },
      payload: { reason },
    })
  }

  async function intakeAndSync(): Promise<string> {
    const a = await call<StoredAttachment>(station, 'attachment.put', {
      name: 'bukti.pdf',
      kind: 'evidence',
      contentBase64: Buffer.concat([PDF_MINIMAL, Buffer.from(`% ${Math.random()}\n`)]).toString(
        'base64',
      ),
    })
    await call(
      station,
      'case.create',
      validIntake({
        complainant: { name: NAME, directlyAffected: true },
        attachments: [{ sha256: a.sha256, kind: 'evidence', name: 'bukti.pdf' }],
      }),
    )
    const synced = await call<SyncStatus>(station, 'sync.now', {})
    expect(synced).toMatchObject({ lastError: null, pending: 0, pendingAttachments: 0 })
    return a.sha256
  }

  beforeAll(async () => {
    databaseUrl = backend === 'pg' ? await createPgDatabase(pgUrl) : undefined
    central = await openCentralAt({ dataDir, databaseUrl })
    station = await enrolledStation(central, join(dir.path, 'station'), fetch)
    anonymous = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        anonymous: true,
        complainant: { name: 'Anonimrotasixq', directlyAffected: true },
      }),
    )
    await intakeAndSync()
    expect((await openIdentity('Pemeriksaan sebelum rotasi')).statusCode).toBe(200)
  })
  afterAll(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  it('works with values under the old and the new key mixed, then retires the old key', async () => {
    const [oldKey] = keysInFile()
    const oldId = idOf(oldKey!)
    expect(await sealedUnder()).toEqual(new Set([oldId]))

    // A new key goes first; the old one stays after it, so both open.
    const newKey = newServerKey()
    const newId = idOf(newKey)
    await central.close()
    writeKeyFile(keyFile, [newKey, oldKey!])
    central = await openCentralAt({ dataDir, databaseUrl })
    const newSha = await intakeAndSync()
    expect((await openIdentity('Pemeriksaan di tengah rotasi')).statusCode).toBe(200)
    expect(await sealedUnder()).toEqual(new Set([oldId, newId]))
    // Both generations read back: the old case's payload (above), the new file.
    expect((await readAttachment(central.db, newSha)).subarray(0, 5).toString()).toBe('%PDF-')
    await central.close()

    // rotate-key, with the server stopped: only what the old key sealed is re-sealed.
    const db = openServerDb(loadConfig({ LOKET_SERVER_DATA: dataDir, DATABASE_URL: databaseUrl }))
    try {
      const r = await rotateServerKey(db)
      expect(r).toMatchObject({ current: newId, retired: [oldId], keyFile })
      expect(r.resealed.events).toBeGreaterThan(0)
      expect(r.resealed.files).toBe(1)
      expect(r.resealed.identityReads).toBe(1)
      expect(r.resealed.keys).toBe(3)
    } finally {
      await db.destroy()
    }
    expect(keysInFile()).toEqual([newKey])

    central = await openCentralAt({ dataDir, databaseUrl })
    expect(await sealedUnder()).toEqual(new Set([newId]))
    const opened = await openIdentity('Pemeriksaan setelah rotasi')
    expect(opened.statusCode).toBe(200)
    expect(opened.json()).toMatchObject({ name: 'Anonimrotasixq' })
    await intakeAndSync()
  })

  it('refuses to start with a key that does not open the database, changing nothing', async () => {
    await central.close()
    const before = readFileSync(keyFile)
    await expect(
      openCentralAt({ dataDir, databaseUrl, env: { LOKET_SERVER_KEY: newServerKey() } }),
    ).rejects.toThrow(ServerKeyError)
    expect(readFileSync(keyFile).equals(before)).toBe(true)
    central = await openCentralAt({ dataDir, databaseUrl })
    expect((await openIdentity('Pemeriksaan dengan kunci benar')).statusCode).toBe(200)
  })
})
