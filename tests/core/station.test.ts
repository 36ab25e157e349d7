import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseDetail, CasePage, CreatedCase, StoredAttachment } from '../../src/shared/api'
import { parseTrackingNumber } from '../../src/shared/trackingNumber'
import { openStation, type Station } from '../../src/core/station'
import { removeOrphanAttachments } from '../../src/core/services/attachments'
import { PDF_MINIMAL, PNG_1X1, tempDir, validIntake, grantAuthorityKey } from '../helpers'
import { as } from '../support/actors'
import { TEST_KEYS } from '../support/keys'

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  const res = await station.dispatch(method, input, as(method, 'siti'))
  if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`)
  return res.result as R
}

async function counts(station: Station) {
  const n = async (t: string) =>
    Number(((await station.db(t).count({ n: '*' }).first()) as { n: number }).n)
  return { events: await n('events'), cases: await n('cases'), drafts: await n('drafts') }
}

describe('station dispatch over a real SQLite file', () => {
  const dir = tempDir()
  let station: Station

  beforeAll(async () => {
    station = await openStation({ keys: TEST_KEYS, dataDir: dir.path, log: () => {} })
    await grantAuthorityKey(station.db)
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('records a walk-in complaint with a valid, unique tracking number', async () => {
    const a = await call<CreatedCase>(station, 'case.create', validIntake())
    const b = await call<CreatedCase>(station, 'case.create', validIntake({ subject: 'Kedua' }))
    const pa = parseTrackingNumber(a.trackingNumber)
    expect(pa.ok).toBe(true)
    expect(a.trackingNumber).not.toBe(b.trackingNumber)
    if (pa.ok) expect(pa.value.sequence).toBeGreaterThanOrEqual(1)

    const detail = await call<CaseDetail>(station, 'case.get', { id: a.id })
    expect(detail.status).toBe('belum_terverifikasi')
    expect(detail.complainant?.phone).toBe('+6281234567890')
    expect(detail.complainant?.nik).toBe('3171011501900001')
    expect(detail.timeline.map((e) => e.type)).toEqual(['case.received'])
    expect(detail.timeline[0]?.actor).toBe('siti')
  })

  it('refuses bad input with field messages and changes nothing', async () => {
    const before = await counts(station)
    const bad = [
      validIntake({ description: '   ' }),
      validIntake({ description: 'x'.repeat(10 * 1024 * 1024) }),
      validIntake({ subject: 'ada\u0007bel' }),
      validIntake({ complainant: { ...validIntake().complainant, nik: '1234' } }),
      validIntake({ complainant: { ...validIntake().complainant, phone: '12' } }),
      validIntake({ incidentDate: '2999-01-01' }),
      validIntake({ channel: 'pigeon' as never }),
      { ...validIntake(), extra: 1 },
      null,
      'case',
    ]
    for (const input of bad) {
      const res = await station.dispatch('case.create', input, as('case.create', 'siti'))
      expect(res.ok).toBe(false)
      if (!res.ok) {
        expect(res.error.code).toBe('invalid_input')
        expect(res.error.message).toMatch(/tidak valid|belum lengkap/)
      }
    }
    const res = await station.dispatch(
      'case.create',
      validIntake({ description: '' }),
      as('case.create', 'siti'),
    )
    expect(!res.ok && res.error.issues?.some((i) => i.path === 'description')).toBe(true)
    const nik = await station.dispatch(
      'case.create',
      validIntake({ complainant: { ...validIntake().complainant, nik: '1234' } }),
      as('case.create', 'siti'),
    )
    expect(!nik.ok && nik.error.issues).toContainEqual({
      path: 'complainant.nik',
      message: 'validation.nik.length',
    })
    expect(await counts(station)).toEqual(before)
  })

  it('stores SQL-looking text, emoji and quotes literally and finds them again', async () => {
    const sqlish = 'Robert\'); DROP TABLE cases;-- 😀 "kutip" ✓'
    const c = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({ subject: sqlish, description: `${sqlish}\nbaris kedua\tdengan tab` }),
    )
    const d = await call<CaseDetail>(station, 'case.get', { id: c.id })
    expect(d.subject).toBe(sqlish)
    expect(d.description).toBe(`${sqlish}\nbaris kedua\tdengan tab`)
    const found = await call<CasePage>(station, 'case.list', { q: 'DROP TABLE' })
    expect(found.items.map((i) => i.id)).toContain(c.id)
    const weird = await call<CasePage>(station, 'case.list', { q: '"*) OR NEAR( ' })
    expect(Array.isArray(weird.items)).toBe(true)
  })

  it('never exposes an anonymous complainant identity', async () => {
    const c = await call<CreatedCase>(station, 'case.create', validIntake({ anonymous: true }))
    const d = await call<CaseDetail>(station, 'case.get', { id: c.id })
    expect(d.anonymous).toBe(true)
    expect(d.complainant).toBeNull()
    const row = (await station.db('cases').where({ id: c.id }).first()) as { complainant: unknown }
    expect(row.complainant).toBeNull()
    const anon = await station.dispatch(
      'case.create',
      validIntake({ anonymous: true, complainant: { directlyAffected: false } }),
      as('case.create', 'siti'),
    )
    expect(anon.ok).toBe(true)
    const named = await station.dispatch(
      'case.create',
      validIntake({ complainant: { directlyAffected: false } }),
      as('case.create', 'siti'),
    )
    expect(!named.ok && named.error.issues).toContainEqual({
      path: 'complainant.name',
      message: 'validation.nameRequired',
    })
  })

  it('stores attachments by content hash and checks the type from the bytes', async () => {
    const png = await call<StoredAttachment>(station, 'attachment.put', {
      name: 'ktp.pdf',
      kind: 'ktp',
      contentBase64: PNG_1X1.toString('base64'),
    })
    expect(png.mime).toBe('image/png')
    expect(png.sha256).toMatch(/^[0-9a-f]{64}$/)
    const again = await call<StoredAttachment>(station, 'attachment.put', {
      name: 'lagi.png',
      kind: 'photo',
      contentBase64: PNG_1X1.toString('base64'),
    })
    expect(again.sha256).toBe(png.sha256)
    const pdf = await call<StoredAttachment>(station, 'attachment.put', {
      name: 'bukti.pdf',
      kind: 'evidence',
      contentBase64: PDF_MINIMAL.toString('base64'),
    })
    expect(pdf.mime).toBe('application/pdf')

    const exe = await station.dispatch(
      'attachment.put',
      {
        name: 'foto.jpg',
        kind: 'photo',
        contentBase64: Buffer.from('MZ\x90\x00').toString('base64'),
      },
      as('attachment.put', 'siti'),
    )
    expect(!exe.ok && exe.error.code).toBe('unsupported_type')
    const big = Buffer.alloc(10 * 1024 * 1024 + 1)
    PNG_1X1.copy(big)
    const tooBig = await station.dispatch(
      'attachment.put',
      { name: 'besar.png', kind: 'photo', contentBase64: big.toString('base64') },
      as('attachment.put', 'siti'),
    )
    expect(!tooBig.ok && tooBig.error.code).toBe('too_large')
    expect(!tooBig.ok && tooBig.error.message).toMatch(/10 MB/)

    const c = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        attachments: [
          { sha256: png.sha256, kind: 'ktp', name: 'KTP Budi' },
          { sha256: pdf.sha256, kind: 'evidence', name: 'Bukti' },
        ],
      }),
    )
    const d = await call<CaseDetail>(station, 'case.get', { id: c.id })
    expect(d.attachments.map((a) => a.mime).sort()).toEqual(['application/pdf', 'image/png'])
    expect(d.timeline.map((e) => e.type)).toEqual([
      'case.received',
      'attachment.added',
      'attachment.added',
    ])

    const missing = await station.dispatch(
      'case.create',
      validIntake({ attachments: [{ sha256: 'a'.repeat(64), kind: 'ktp', name: 'x' }] }),
      as('case.create', 'siti'),
    )
    expect(!missing.ok && missing.error.code).toBe('attachment_missing')
  })

  it('keeps drafts until the case is saved', async () => {
    await call(station, 'draft.save', { id: 'intake', data: { subject: 'setengah jadi' } })
    const d = await call<{ data: Record<string, unknown> }>(station, 'draft.get', { id: 'intake' })
    expect(d.data['subject']).toBe('setengah jadi')
    await call(station, 'case.create', validIntake({ draftId: 'intake' }))
    expect(await call(station, 'draft.get', { id: 'intake' })).toBeNull()
  })

  it('pages through every case once with keyset cursors and filters', async () => {
    for (let i = 0; i < 7; i++) {
      await call(
        station,
        'case.create',
        validIntake({ channel: i % 2 ? 'phone' : 'letter', subject: `Halaman ${i}` }),
      )
    }
    const seen: string[] = []
    let cursor: string | undefined
    for (;;) {
      const page: CasePage = await call(station, 'case.list', {
        limit: 3,
        ...(cursor ? { cursor } : {}),
      })
      seen.push(...page.items.map((i) => i.id))
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    const total = (await counts(station)).cases
    expect(seen.length).toBe(total)
    expect(new Set(seen).size).toBe(total)
    const phone: CasePage = await call(station, 'case.list', { channel: 'phone', limit: 200 })
    expect(phone.items.length).toBe(3)
    expect(phone.items.every((i) => i.channel === 'phone')).toBe(true)
    const none: CasePage = await call(station, 'case.list', { from: '2030-01-01' })
    expect(none.items).toEqual([])
    const bad = await station.dispatch(
      'case.list',
      { cursor: 'bukan-kursor' },
      as('case.list', 'siti'),
    )
    expect(!bad.ok && bad.error.code).toBe('invalid_input')
  })

  it('answers unknown methods and missing cases clearly', async () => {
    const u = await station.dispatch('case.destroyAll', {}, as('case.destroyAll', 'siti'))
    expect(!u.ok && u.error.code).toBe('unknown_method')
    const p = await station.dispatch('__proto__', {}, as('__proto__', 'siti'))
    expect(!p.ok && p.error.code).toBe('unknown_method')
    const m = await station.dispatch('case.get', { id: 'tidak-ada' }, as('case.get', 'siti'))
    expect(!m.ok && m.error.code).toBe('not_found')
    expect(!m.ok && m.error.message).toBe('Data tidak ditemukan.')
  })

  it('keeps everything across a restart and continues the sequence', async () => {
    const before = await call<CasePage>(station, 'case.list', { limit: 200 })
    const beforeCounts = await counts(station)
    const lastSeq = ((await station.db('events').max({ s: 'seq' }).first()) as { s: number }).s
    await station.close()
    station = await openStation({ keys: TEST_KEYS, dataDir: dir.path, log: () => {} })
    await grantAuthorityKey(station.db)
    const after = await call<CasePage>(station, 'case.list', { limit: 200 })
    expect(after).toEqual(before)
    expect(await counts(station)).toEqual(beforeCounts)
    const c = await call<CreatedCase>(station, 'case.create', validIntake())
    const ev = (await station.db('events').where({ case_id: c.id }).first()) as { seq: number }
    expect(ev.seq).toBe(lastSeq + 1)
    expect(before.items.map((i) => i.trackingNumber)).not.toContain(c.trackingNumber)
  })
})

describe('attachments no case or draft refers to', () => {
  const dir = tempDir()
  const start = Date.now()
  let clock = start
  const now = () => new Date(clock)
  const HOUR = 3_600_000
  let station: Station

  beforeAll(async () => {
    station = await openStation({ keys: TEST_KEYS, dataDir: dir.path, log: () => {}, now })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  const reopen = async (options: { orphanSweepMs?: number } = {}) => {
    await station.close()
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      log: () => {},
      now,
      ...options,
    })
  }
  // Distinct content per tag: the type is read from the leading bytes only.
  const put = (tag: string) =>
    call<StoredAttachment>(station, 'attachment.put', {
      name: `${tag}.png`,
      kind: 'photo',
      contentBase64: Buffer.concat([PNG_1X1, Buffer.from(tag)]).toString('base64'),
    })
  /** Whether the attachment is still there; its row and its file always go together. */
  const kept = async (a: StoredAttachment) => {
    const row = await station.db('attachments').where({ sha256: a.sha256 }).first()
    const file = existsSync(join(dir.path, 'attachments', a.sha256.slice(0, 2), a.sha256))
    expect(Boolean(row), `row and file of ${a.name}`).toBe(file)
    return file
  }
  const rows = async () =>
    Number(((await station.db('attachments').count({ n: '*' }).first()) as { n: number }).n)

  it('are removed, row and file, once past the grace period; those in a draft or a case stay', async () => {
    const orphan = await put('orphan')
    const inDraft = await put('draft')
    const inCase = await put('case')
    const putAgain = await put('again')
    // A save that was refused keeps its attachments in the draft, to save again.
    await call(station, 'draft.save', {
      id: 'intake',
      data: { subject: 'x', attachments: [{ sha256: inDraft.sha256, name: 'a', kind: 'photo' }] },
    })
    await call(station, 'case.create', {
      ...validIntake(),
      attachments: [{ sha256: inCase.sha256, kind: 'photo', name: 'bukti' }],
    })

    clock = start + 23 * HOUR
    // The same bytes put again: the grace period starts anew.
    expect((await put('again')).sha256).toBe(putAgain.sha256)
    const fresh = await put('fresh')

    clock = start + 25 * HOUR
    const before = await rows()
    await reopen()
    expect(await rows()).toBe(before - 1)
    expect(await kept(orphan)).toBe(false)
    expect(await kept(inDraft)).toBe(true)
    expect(await kept(inCase)).toBe(true)
    expect(await kept(putAgain)).toBe(true)
    expect(await kept(fresh)).toBe(true)

    // Once the draft is gone, its attachment goes too, at the next sweep.
    await call(station, 'draft.discard', { id: 'intake' })
    await reopen()
    expect(await kept(inDraft)).toBe(false)
    expect(await kept(inCase)).toBe(true)
  })

  it('stay, all of them, while a draft cannot be read', async () => {
    const a = await put('unread')
    await call(station, 'draft.save', { id: 'lain', data: { subject: 'y' } })
    await station.db('drafts').update({ data: 'rusak' })
    clock += 25 * HOUR
    const before = await rows()
    await expect(removeOrphanAttachments(station.db, dir.path, now())).rejects.toThrow()
    expect(await rows()).toBe(before)
    expect(await kept(a)).toBe(true)
    await station.db('drafts').delete()
  })

  it('are looked for from time to time while the station runs', async () => {
    await reopen({ orphanSweepMs: 20 })
    const a = await put('later')
    expect(await kept(a)).toBe(true)
    clock += 25 * HOUR
    const end = Date.now() + 15_000
    // Poll the row alone: a sweep under way may have removed one of row and file, not yet both.
    const row = () => station.db('attachments').where({ sha256: a.sha256 }).first()
    while ((await row()) && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
    await new Promise((r) => setTimeout(r, 50))
    expect(await kept(a)).toBe(false)
  })
})
