import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import type { CreatedCase, SyncStatus } from '../../src/shared/api'
import {
  AUTH_HEADERS,
  eventHashMaterial,
  requestSigningMaterial,
  type Batch,
  type BatchFile,
  type PullResponse,
} from '../../src/shared/sync'
import type { Station } from '../../src/core/station'
import type { FetchLike } from '../../src/core/sync/client'
import { putAttachment } from '../../src/core/services/attachments'
import { readSetting } from '../../src/core/services/settings'
import { createAdminToken } from '../../src/server/central/adminTokens'
import { openPayload, sealPayload } from '../../src/server/central/atRest'
import { readAttachment } from '../../src/server/central/attachments'
import { importBatchFile } from '../../src/server/central/batchFiles'
import { recordDecision } from '../../src/server/central/decisions'
import { PNG_1X1, tempDir, todayIn, validIntake } from '../helpers'
import { as } from '../support/actors'
import {
  call,
  enrolledStation,
  injectFetch,
  startCentral,
  type Backend,
  type Central,
} from '../support/central'
import { receiptPinOf, signingKeyOf, TEST_KEYS } from '../support/keys'

const pgUrl = inject('pgUrl')

async function serverEventCount(central: Central, stationId: string): Promise<number> {
  const r = (await central.db('events').where({ station_id: stationId }).count({ n: '*' })) as {
    n: number | string
  }[]
  return Number(r[0]?.n)
}

/** A request signed by the station's key, as the sync client signs it, for hand-made calls. */
async function signedInject(
  central: Central,
  station: Station,
  method: 'GET' | 'POST',
  url: string,
  body?: string,
) {
  const privateKey = await signingKeyOf(station.db)
  const bytes = Buffer.from(body ?? '')
  const time = String(Date.now())
  const nonce = randomBytes(16).toString('hex')
  const material = requestSigningMaterial({
    method,
    url,
    time,
    nonce,
    bodySha256: createHash('sha256').update(bytes).digest('hex'),
  })
  const key = createPrivateKey({
    key: Buffer.from(privateKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  })
  const headers = {
    [AUTH_HEADERS.station]: station.sync.stationId,
    [AUTH_HEADERS.time]: time,
    [AUTH_HEADERS.nonce]: nonce,
    [AUTH_HEADERS.signature]: sign(null, Buffer.from(material), key).toString('base64'),
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
  }
  const send = () =>
    central.app.inject({ method, url, headers, ...(body !== undefined ? { payload: bytes } : {}) })
  return { send, headers }
}

describe.each<Backend>(['sqlite', 'pg'])('central server and sync (%s)', (backend) => {
  let central: Central
  let dir: ReturnType<typeof tempDir>
  let station: Station
  // The station's way to the server; a test may swap it to cut the line.
  let transport: FetchLike

  beforeEach(async () => {
    central = await startCentral(backend, pgUrl)
    dir = tempDir()
    transport = injectFetch(central.app)
    station = await enrolledStation(central, dir.path, (url, init) => transport(url, init))
  })
  afterEach(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  const stationId = () => station.sync.stationId

  it('serves health and an OpenAPI document listing every route with schemas', async () => {
    expect((await central.app.inject({ url: '/health' })).json()).toEqual({
      ok: true,
      service: 'loket-central',
    })
    expect((await central.app.inject({ url: '/openapi.json' })).statusCode).toBe(401)
    const token = await createAdminToken(central.db, 'uji', new Date())
    const doc = (
      await central.app.inject({
        url: '/openapi.json',
        headers: { authorization: `Bearer ${token}` },
      })
    ).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
    }
    for (const path of [
      '/v1/enrol',
      '/v1/batches',
      '/v1/events',
      '/v1/attachments/{sha256}',
      '/v1/status/{trackingNumber}',
      '/v1/admin/enrolment-codes',
      '/v1/admin/cases/{caseId}/decisions',
      '/v1/admin/batch-files',
      '/v1/admin/cases/{caseId}/identity',
      '/v1/admin/rapor',
    ]) {
      expect(doc.paths[path], path).toBeDefined()
      for (const op of Object.values(doc.paths[path]!)) {
        expect(Object.keys(op.responses)).toContain('200')
      }
    }
    const headers = (await central.app.inject({ url: '/health' })).headers
    expect(headers['x-content-type-options']).toBe('nosniff')
  })

  it('enrols once: the station gets its code and the authority key; the code cannot be reused', async () => {
    const status = await call<SyncStatus>(station, 'sync.status', {})
    expect(status.enrolled).toBe(true)
    expect(status.stationCode).toMatch(/^[0-9A-Z]{4}$/)
    const row = await central.db('stations').where({ id: stationId() }).first()
    expect(row.code).toBe(status.stationCode)
    expect(await readSetting(station.db, 'sync.authorityPublicKey')).toBe(
      central.identity.authorityPublicKey,
    )
    // New tracking numbers carry the issued code.
    const c = await call<CreatedCase>(station, 'case.create', validIntake())
    expect(c.trackingNumber.startsWith(`${status.stationCode}-`)).toBe(true)

    const again = await station.dispatch(
      'sync.enrol',
      { serverUrl: 'http://central.test', code: 'AAAA-BBBB-CCCC', stationName: 'X' },
      as('sync.enrol'),
    )
    expect(again.ok).toBe(false)

    const other = tempDir()
    const s2 = await (
      await import('../../src/core/station')
    ).openStation({
      keys: TEST_KEYS,
      dataDir: other.path,
      fetch: injectFetch(central.app),
      autoSync: false,
    })
    try {
      const bad = await s2.dispatch(
        'sync.enrol',
        { serverUrl: 'http://central.test', code: 'AAAA-BBBB-CCCC', stationName: 'X' },
        as('sync.enrol'),
      )
      expect(bad.ok).toBe(false)
      if (!bad.ok) expect(bad.error.issues?.[0]?.message).toMatch(/^error\.sync_enrol_refused\|/)
      expect((await call<SyncStatus>(s2, 'sync.status', {})).enrolled).toBe(false)
    } finally {
      await s2.close()
      other.remove()
    }
  })

  it('pushes the outbox exactly once and empties it', async () => {
    for (let i = 0; i < 5; i++)
      await call(station, 'case.create', validIntake({ subject: `Kasus ${i}` }))
    const before = await call<SyncStatus>(station, 'sync.status', {})
    expect(before.pending).toBe(5)
    const after = await call<SyncStatus>(station, 'sync.now', {})
    expect(after.lastError).toBeNull()
    expect(after.pending).toBe(0)
    expect(after.lastSuccess).not.toBeNull()
    expect(await serverEventCount(central, stationId())).toBe(5)
    await call(station, 'sync.now', {})
    expect(await serverEventCount(central, stationId())).toBe(5)
    const cases = await central.db('cases').where({ station_id: stationId() })
    expect(cases).toHaveLength(5)
  })

  it('stores a batch sent twice once, and refuses a replayed request', async () => {
    await call(station, 'case.create', validIntake())
    const batch = (await station.sync.nextBatch(0))!
    const first = await signedInject(central, station, 'POST', '/v1/batches', JSON.stringify(batch))
    const r1 = await first.send()
    expect(r1.statusCode).toBe(200)
    expect(r1.json()).toMatchObject({ ackedSeq: 1, stored: 1, duplicates: 0 })
    // The same request again, byte for byte: a replay.
    const replay = await first.send()
    expect(replay.statusCode).toBe(401)
    expect(replay.json().reason).toMatch(/replay/)
    // The same batch in a fresh request (a retry after a lost answer): stored nothing twice.
    const retry = await signedInject(central, station, 'POST', '/v1/batches', JSON.stringify(batch))
    const r2 = await retry.send()
    expect(r2.statusCode).toBe(200)
    expect(r2.json()).toMatchObject({ ackedSeq: 1, stored: 0, duplicates: 1 })
    expect(await serverEventCount(central, stationId())).toBe(1)
  })

  it('refuses a gap until it is filled, and the station fills it by itself', async () => {
    for (let i = 0; i < 3; i++) await call(station, 'case.create', validIntake())
    const all = (await station.sync.nextBatch(0))!
    // A batch of event 3 alone, signed properly, skips 1 and 2.
    const tail = (await station.sync.nextBatch(2))!
    const r = await (
      await signedInject(central, station, 'POST', '/v1/batches', JSON.stringify(tail))
    ).send()
    expect(r.statusCode).toBe(409)
    expect(r.json()).toMatchObject({ code: 'gap', expectedSeq: 1 })
    expect(await serverEventCount(central, stationId())).toBe(0)
    expect(all.events).toHaveLength(3)
    // The station believes 2 are acknowledged (as after a server restored from backup).
    await station.db('settings').where({ key: 'sync.ackedSeq' }).update({ value: '2' })
    await call(station, 'sync.now', {})
    expect(await serverEventCount(central, stationId())).toBe(3)
    expect((await call<SyncStatus>(station, 'sync.status', {})).pending).toBe(0)
  })

  it('refuses forged, tampered, unsigned, malformed and oversized input with a reason, changing nothing', async () => {
    await call(station, 'case.create', validIntake())
    const batch = (await station.sync.nextBatch(0))!
    const post = async (b: unknown, raw?: string) =>
      (await signedInject(central, station, 'POST', '/v1/batches', raw ?? JSON.stringify(b))).send()

    const forged: Batch = { ...batch, signature: Buffer.alloc(64, 7).toString('base64') }
    const f = await post(forged)
    expect(f.statusCode).toBe(401)
    expect(f.json().code).toBe('batch_signature')

    const tampered: Batch = {
      ...batch,
      events: [
        { ...batch.events[0]!, payload: { ...batch.events[0]!.payload, subject: 'diubah' } },
      ],
    }
    const t = await post(tampered)
    expect(t.statusCode).toBe(422)
    expect(t.json().code).toBe('event_hash')

    // A payload that does not fit its type is refused even when its hash holds.
    const { hash: _hash, ...first } = batch.events[0]!
    const unfit = { ...first, payload: { ...first.payload, channel: 'merpati' } }
    const rehashed = {
      ...unfit,
      hash: createHash('sha256').update(eventHashMaterial(unfit)).digest('hex'),
    }
    const u = await post({ ...batch, events: [rehashed] })
    expect(u.statusCode).toBe(422)
    expect(u.json()).toMatchObject({
      code: 'event_payload',
      reason: expect.stringMatching(/channel/),
    })

    const unsigned = await central.app.inject({
      method: 'POST',
      url: '/v1/batches',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(batch),
    })
    expect(unsigned.statusCode).toBe(401)
    expect(unsigned.json().reason).toMatch(/not signed/)

    const malformed = await post({ ...batch, fromSeq: 'satu' })
    expect(malformed.statusCode).toBe(400)
    expect(typeof malformed.json().reason).toBe('string')

    const oversized = await post(
      null,
      JSON.stringify({ ...batch, pad: 'x'.repeat(5 * 1024 * 1024) }),
    )
    expect(oversized.statusCode).toBe(413)

    // Signed by the key, but another station's events.
    const other = { ...batch, stationId: '00000000-0000-4000-8000-000000000000' }
    expect((await post(other)).statusCode).toBe(403)

    expect(await serverEventCount(central, stationId())).toBe(0)
    const st = await central.db('stations').where({ id: stationId() }).first()
    expect(Number(st.last_seq)).toBe(0)

    // The station shows the server's reason and keeps its outbox.
    await station.db('events').where({ seq: 1 }).update({ actor: 'diubah-di-disk' })
    const status = await call<SyncStatus>(station, 'sync.now', {})
    expect(status.lastError).toMatch(
      /^sync\.error\.refused\|reason=event .* does not match its hash/,
    )
    expect(status.pending).toBe(1)
  })

  it('pulls the centre’s decisions and applies them; a transition that no longer fits is kept and flagged', async () => {
    const c = await call<CreatedCase>(station, 'case.create', validIntake())
    await call(station, 'sync.now', {})
    const day = todayIn()
    await recordDecision(
      central.db,
      central.identity,
      c.id,
      { type: 'case.transitioned', transition: 'screen', day, reason: null, agencyCode: null },
      'Auditor Pusat',
      new Date(),
    )
    await recordDecision(
      central.db,
      central.identity,
      c.id,
      {
        type: 'followup.recorded',
        kind: 'note',
        day,
        agencyCode: null,
        letterNumber: null,
        note: 'Ditelaah di pusat',
      },
      'Auditor Pusat',
      new Date(),
    )
    await call(station, 'sync.now', {})
    const detail = await call<{ status: string; timeline: { type: string; actor: string }[] }>(
      station,
      'case.get',
      { id: c.id },
    )
    expect(detail.status).toBe('belum_ditindaklanjuti')
    expect(detail.timeline.map((e) => e.type)).toContain('followup.recorded')

    // Meanwhile the desk forwards the case while the centre, not yet knowing, starts the follow-up.
    await call(station, 'case.transition', {
      caseId: c.id,
      transition: 'forward',
      day,
      agencyCode: 'DINKES',
      reason: 'Kewenangan dinas',
    })
    await recordDecision(
      central.db,
      central.identity,
      c.id,
      {
        type: 'case.transitioned',
        transition: 'startFollowUp',
        day,
        reason: null,
        agencyCode: null,
      },
      'Auditor Pusat',
      new Date(Date.now() + 1000),
    )
    await call(station, 'sync.now', {})
    const status = await call<SyncStatus>(station, 'sync.status', {})
    expect(status.conflicts).toBe(1)
    const conflicts = await call<{ transition: string; foundStatus: string }[]>(
      station,
      'sync.conflicts',
      {},
    )
    expect(conflicts).toEqual([
      expect.objectContaining({ transition: 'startFollowUp', foundStatus: 'diteruskan' }),
    ])
    // Both events are in the log; the status is the one that applied in clock order.
    const after = await call<{ status: string }>(station, 'case.get', { id: c.id })
    expect(after.status).toBe('diteruskan')
    const server = await central.db('cases').where({ id: c.id }).first()
    expect(server.status).toBe('diteruskan')
    expect(Number(server.conflicts)).toBe(1)
    // What the pull applied equals a rebuild from the log.
    const audit = await call<{ ok: boolean; projections: { differences: string[] } }>(
      station,
      'audit.verify',
      {},
    )
    expect(audit.projections.differences).toEqual([])
    expect(audit.ok).toBe(true)
  })

  it('records a decision as the admin whose token made it, and refuses a body that names an actor', async () => {
    const c = await call<CreatedCase>(station, 'case.create', validIntake())
    await call(station, 'sync.now', {})
    const token = await createAdminToken(central.db, 'Auditor Pusat', new Date())
    const decision = {
      type: 'followup.recorded',
      kind: 'note',
      // The station's today (WIB), not UTC's: from 17:00 UTC they differ.
      day: todayIn('Asia/Jakarta'),
      agencyCode: null,
      letterNumber: null,
      note: 'Ditelaah di pusat',
    }
    const decide = (body: object, auth = `Bearer ${token}`) =>
      central.app.inject({
        method: 'POST',
        url: `/v1/admin/cases/${c.id}/decisions`,
        headers: { authorization: auth },
        payload: body,
      })
    const centreEvents = () => serverEventCount(central, central.identity.centralStationId)

    const named = await decide({ decision, actor: 'Kepala Inspektorat' })
    expect(named.statusCode).toBe(400)
    expect(named.json().code).toBe('invalid')
    expect((await decide({ decision }, 'Bearer token-yang-tidak-dikenal-xx')).statusCode).toBe(401)
    expect(await centreEvents()).toBe(0)

    const res = await decide({ decision })
    expect(res.statusCode).toBe(200)
    expect(res.json().actor).toBe('pusat:Auditor Pusat')
    expect(await centreEvents()).toBe(1)
    const stored = await central.db('events').where({ id: res.json().id }).first('actor')
    expect(stored.actor).toBe('pusat:Auditor Pusat')

    // The station's timeline shows who at the centre decided.
    await call(station, 'sync.now', {})
    const detail = await call<{ timeline: { type: string; actor: string }[] }>(
      station,
      'case.get',
      { id: c.id },
    )
    expect(detail.timeline.find((e) => e.type === 'followup.recorded')?.actor).toBe(
      'pusat:Auditor Pusat',
    )
  })

  it('refuses an admin token label that is empty or too long to record', async () => {
    const count = async () =>
      Number(((await central.db('admin_tokens').count({ n: '*' }))[0] as { n: string }).n)
    const before = await count()
    await expect(createAdminToken(central.db, '   ', new Date())).rejects.toThrow(/label/)
    await expect(createAdminToken(central.db, 'x'.repeat(101), new Date())).rejects.toThrow(/label/)
    expect(await count()).toBe(before)
  })

  it('pulls many pages in one run, each event once; a dropped line or a spoiled page stops the run after the pages before it, and the next run resumes', async () => {
    const cases: CreatedCase[] = []
    for (let i = 0; i < 3; i++)
      cases.push(await call<CreatedCase>(station, 'case.create', validIntake()))
    await call(station, 'sync.now', {})
    const day = todayIn()
    const start = Date.now()
    for (const c of cases) {
      await recordDecision(
        central.db,
        central.identity,
        c.id,
        { type: 'case.transitioned', transition: 'screen', day, reason: null, agencyCode: null },
        'Auditor Pusat',
        new Date(start),
      )
    }
    // 1,200 events: three pages of 500 and one of 200 at the client's page size.
    for (let i = 0; i < 1197; i++) {
      await recordDecision(
        central.db,
        central.identity,
        cases[i % 3]!.id,
        {
          type: 'followup.recorded',
          kind: i % 10 === 0 ? 'response' : 'note',
          day,
          agencyCode: null,
          letterNumber: null,
          note: `Catatan ${i}`,
        },
        'Auditor Pusat',
        new Date(start + i + 1),
      )
    }
    const centralEvents = (await central
      .db('events')
      .where({ station_id: central.identity.centralStationId })
      .orderBy('cursor')
      .select('id', 'payload', 'cursor')) as { id: string; payload: string; cursor: number }[]
    expect(centralEvents).toHaveLength(1200)

    const pulled = async () =>
      Number(
        (
          (await station.db('events').whereNot({ station_id: stationId() }).count({ n: '*' })) as {
            n: number
          }[]
        )[0]?.n,
      )
    const cursor = async () => Number(await readSetting(station.db, 'sync.pullCursor'))

    // The line drops on the second page, asked for while the first is being applied.
    const line = transport
    let pageRequests = 0
    transport = async (url, init) => {
      if (url.includes('/v1/events?') && ++pageRequests === 2) {
        throw new Error('connection reset')
      }
      return line(url, init)
    }
    const cut = await call<SyncStatus>(station, 'sync.now', {})
    expect(cut.lastError).not.toBeNull()
    expect(await pulled()).toBe(500)
    expect(await cursor()).toBe(Number(centralEvents[499]!.cursor))
    transport = line

    // The 1,001st event (in the third page) no longer matches its hash: its payload
    // is changed and sealed again, as a writer with the key could.
    const spoiled = centralEvents[1000]!
    const changed = JSON.stringify(openPayload(central.db, spoiled)).replace('Catatan', 'Diubah')
    await central
      .db('events')
      .where({ id: spoiled.id })
      .update({ payload: sealPayload(central.db, spoiled.id, changed) })
    const failed = await call<SyncStatus>(station, 'sync.now', {})
    expect(failed.lastError).toMatch(/does not match its hash/)
    // The second page was written before the third was found spoiled; nothing after it.
    expect(await pulled()).toBe(1000)
    expect(await cursor()).toBe(Number(centralEvents[999]!.cursor))
    // The log goes back to being copied into the database as usual.
    const autoCheckpoint = (await station.db.raw('PRAGMA wal_autocheckpoint')) as {
      wal_autocheckpoint: number
    }[]
    expect(autoCheckpoint[0]!.wal_autocheckpoint).toBe(1000)

    await central.db('events').where({ id: spoiled.id }).update({ payload: spoiled.payload })
    const ok = await call<SyncStatus>(station, 'sync.now', {})
    expect(ok.lastError).toBeNull()
    expect(await pulled()).toBe(1200)
    expect(await cursor()).toBe(Number(centralEvents.at(-1)!.cursor))
    const followups = (await station.db('followups').count({ n: '*' })) as { n: number }[]
    expect(Number(followups[0]!.n)).toBe(1197)
    for (const c of cases) {
      const detail = await call<{ status: string }>(station, 'case.get', { id: c.id })
      expect(detail.status).toBe('belum_ditindaklanjuti')
    }
    // What the grouped, overlapped apply wrote equals a rebuild from the log.
    const audit = await call<{ ok: boolean; projections: { differences: string[] } }>(
      station,
      'audit.verify',
      {},
    )
    expect(audit.projections.differences).toEqual([])
    expect(audit.ok).toBe(true)
  }, 60_000)

  it('pull returns only the station’s own cases, and only others’ events, after a cursor', async () => {
    const c = await call<CreatedCase>(station, 'case.create', validIntake())
    await call(station, 'sync.now', {})
    await recordDecision(
      central.db,
      central.identity,
      c.id,
      {
        type: 'followup.recorded',
        kind: 'note',
        day: todayIn(),
        agencyCode: null,
        letterNumber: null,
        note: 'n',
      },
      'Pusat',
      new Date(),
    )
    const r = await (await signedInject(central, station, 'GET', '/v1/events?after=0')).send()
    const page = r.json() as PullResponse
    expect(page.events).toHaveLength(1)
    expect(page.events[0]!.event.stationId).toBe(central.identity.centralStationId)
    const r2 = await (
      await signedInject(central, station, 'GET', `/v1/events?after=${page.cursor}`)
    ).send()
    expect((r2.json() as PullResponse).events).toHaveLength(0)
  })

  it('round-trips a batch file; importing it twice stores nothing twice', async () => {
    for (let i = 0; i < 4; i++) await call(station, 'case.create', validIntake())
    const batches: Batch[] = []
    let after = 0
    for (;;) {
      const r = await call<{ batch: Batch | null; remaining: number }>(
        station,
        'sync.exportBatch',
        {
          afterSeq: after,
        },
      )
      if (!r.batch) break
      batches.push(r.batch)
      after = r.batch.toSeq
    }
    const createdAt = new Date().toISOString()
    const sig = await call<{ stationId: string; signature: string }>(
      station,
      'sync.signBatchFile',
      {
        createdAt,
        contentHashes: batches.map((b) => b.contentHash),
      },
    )
    const file: BatchFile = {
      format: 'loket-batch-file',
      protocol: 1,
      stationId: sig.stationId,
      createdAt,
      batches,
      signature: sig.signature,
    }
    const first = await importBatchFile(central.db, file, new Date())
    expect(first).toMatchObject({ stored: 4, duplicates: 0, ackedSeq: 4 })
    const second = await importBatchFile(central.db, file, new Date())
    expect(second).toMatchObject({ stored: 0, duplicates: 4 })
    expect(await serverEventCount(central, stationId())).toBe(4)

    const forged = { ...file, createdAt: new Date(0).toISOString() }
    await expect(importBatchFile(central.db, forged, new Date())).rejects.toThrow(/signature/)
    // Online sync afterwards finds nothing more to send.
    await call(station, 'sync.now', {})
    expect(await serverEventCount(central, stationId())).toBe(4)
  })

  it('uploads attachments in chunks and resumes after a cut', async () => {
    const big = Buffer.concat([PNG_1X1, randomBytes(1_300_000)])
    const a = await putAttachment(
      station.db,
      dir.path,
      { name: 'bukti.png', kind: 'photo', contentBase64: big.toString('base64') },
      new Date(),
    )
    await call(
      station,
      'case.create',
      validIntake({ attachments: [{ sha256: a.sha256, kind: 'photo', name: 'bukti.png' }] }),
    )
    // Cut the connection after the first chunk went through.
    let chunks = 0
    const real = injectFetch(central.app)
    transport = async (url, init) => {
      if (init.method === 'PUT' && ++chunks === 2) throw new TypeError('fetch failed')
      return real(url, init)
    }
    const cut = await call<SyncStatus>(station, 'sync.now', {})
    expect(cut.lastError).toMatch(/^sync\.error\.network/)
    expect(cut.pendingAttachments).toBe(1)
    const partial = await central.db('attachments').where({ sha256: a.sha256 }).first()
    expect(Number(partial.received)).toBe(512 * 1024)
    const ok = await call<SyncStatus>(station, 'sync.now', {})
    expect(ok.lastError).toBeNull()
    expect(ok.pendingAttachments).toBe(0)
    const done = await central.db('attachments').where({ sha256: a.sha256 }).first()
    expect(Boolean(done.complete)).toBe(true)
    // Kept sealed: the file is not the bytes sent, and opens to them.
    const { readFile, readdir } = await import('node:fs/promises')
    const stored = await readFile(
      `${central.dataDir}/attachments/${a.sha256.slice(0, 2)}/${a.sha256}`,
    )
    expect(stored.includes(big.subarray(0, 4096))).toBe(false)
    expect(
      createHash('sha256')
        .update(await readAttachment(central.db, a.sha256))
        .digest('hex'),
    ).toBe(a.sha256)
    // The plain partial upload is gone with the upload.
    expect(await readdir(`${central.dataDir}/uploads`)).toEqual([])
  })

  it('public status answers the tracking number and PIN with status and date only', async () => {
    const c = await call<CreatedCase>(station, 'case.create', validIntake())
    await call(station, 'sync.now', {})
    const pin = await receiptPinOf(station.db, c.id)
    const ok = await central.app.inject({ url: `/v1/status/${c.trackingNumber}?pin=${pin}` })
    expect(ok.statusCode).toBe(200)
    const body = ok.json()
    expect(Object.keys(body).sort()).toEqual(['lastUpdate', 'status', 'trackingNumber'])
    expect(body.status).toBe('belum_terverifikasi')
    const wrong = String((Number(pin) + 1) % 1_000_000).padStart(6, '0')
    const bad = await central.app.inject({ url: `/v1/status/${c.trackingNumber}?pin=${wrong}` })
    expect(bad.statusCode).toBe(404)
    const unknown = await central.app.inject({ url: `/v1/status/ABCD-261123-0001-X?pin=${pin}` })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual(bad.json())
    // The receipt prints the PIN.
    const receipt = await call<{ pdfBase64: string }>(station, 'case.receipt', { id: c.id })
    expect(receipt.pdfBase64.length).toBeGreaterThan(1000)
  })
})
