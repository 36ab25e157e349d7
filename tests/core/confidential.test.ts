import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pdfText } from '../support/pdf'
import {
  api,
  type ApiMethod,
  type CaseDetail,
  type CasePage,
  type CreatedCase,
  type DeadlineQueue,
  type ReceiptFile,
  type RelatedCase,
  type StoredAttachment,
} from '../../src/shared/api'
import type { RaporView } from '../../src/shared/rapor'
import type { Batch } from '../../src/shared/sync'
import { CONFIDENTIAL_READERS, ROLES, type Role } from '../../src/shared/roles'
import { openStation, type Station } from '../../src/core/station'
import {
  redactQueue,
  requireBatchAccess,
  requireContentAccess,
} from '../../src/core/services/access'
import { deadlineQueue } from '../../src/core/services/deadlines'
import { formatReceivedAt } from '../../src/core/receipt'
import { relatedCases } from '../../src/core/services/related'
import { PNG_1X1, TestClock, tempDir, validIntake, validScreening } from '../helpers'
import { asUser, user } from '../support/actors'
import { enrolledStation, startCentral, type Central } from '../support/central'
import { receiptPinOf, TEST_KEYS } from '../support/keys'

// A confidential (rahasia) complaint's content reaches only the roles that handle it.
// Every other role, through every method, gets its number, dates, channel, kind and
// status, and nothing of what it says.

const OUTSIDERS = ROLES.filter((r) => !CONFIDENTIAL_READERS.includes(r))

// Every piece of content, each a word found nowhere else in the station.
const SECRET = {
  subject: 'Suap perizinan Tambangmerah',
  description: 'Kepala bidang meminta uang pelicin Zamrudkuning untuk izin usaha.',
  location: 'Kantor Perizinan Lantai Jinggabiru',
  // Shared with a case anyone may read, so related cases can propose one for the other.
  agency: 'Dinas Penanaman Modal dan PTSP',
  person: 'Bambang Sutrisnowati',
  position: 'Kepala Bidang Perizinan Cokelatmuda',
  category: 'Perizinan Hijaulumut',
  complainant: 'Wahyuni Kartikasari',
  nik: '3273017112850003',
  email: 'wahyuni.kartikasari@contoh.id',
  attachment: 'bukti-transfer-Nilakelam.png',
  screening: 'Telaah: bukti transfer Merahjambu cukup kuat.',
  exposure: 'Ekspose menyimpulkan pungutan Putihsalju terbukti.',
  followUp: 'Jawaban instansi: pejabat Ungutua dibebastugaskan.',
}
const WORDS = [
  'Tambangmerah',
  'Zamrudkuning',
  'Jinggabiru',
  'Sutrisnowati',
  'Cokelatmuda',
  'Hijaulumut',
  'Kartikasari',
  SECRET.nik,
  'Nilakelam',
  'Merahjambu',
  'Putihsalju',
  'Ungutua',
]

const leaks = (text: string) => WORDS.filter((w) => text.includes(w))

const clock = new TestClock(new Date(2026, 10, 2, 9, 0))

const textOf = async (base64: string) =>
  (await pdfText(Buffer.from(base64, 'base64'))).replace(/\s+/g, ' ')

describe('a confidential complaint, as each role sees it', () => {
  const dir = tempDir()
  let station: Station
  let secret: CreatedCase
  let plain: CreatedCase

  async function as<R>(role: Role, method: string, input: unknown): Promise<R> {
    // A step is recorded on its own day: the clock moves there first (never back).
    clock.reachStep(method, input)
    const res = await station.dispatch(method, input, asUser(`u-${role}`, role))
    if (!res.ok) throw new Error(`${method} as ${role} refused: ${JSON.stringify(res.error)}`)
    return res.result as R
  }
  /** Everything a response says, PDFs included as their text (a rapor's echo of the caller's own filter aside). */
  async function said(result: unknown): Promise<string> {
    let out = JSON.stringify(result, (key, v: unknown) => (key === 'filter' ? undefined : v))
    if (result && typeof result === 'object' && 'pdfBase64' in result) {
      const f = result as ReceiptFile
      out += await textOf(f.pdfBase64)
    }
    return out
  }

  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: join(dir.path, 'data'),
      now: clock.now,
      autoSync: false,
      log: () => {},
    })
    const photo = await as<StoredAttachment>('frontdesk', 'attachment.put', {
      name: SECRET.attachment,
      kind: 'evidence',
      contentBase64: PNG_1X1.toString('base64'),
    })
    secret = await as<CreatedCase>(
      'frontdesk',
      'case.create',
      validIntake({
        confidential: true,
        subject: SECRET.subject,
        description: SECRET.description,
        location: SECRET.location,
        category: SECRET.category,
        reportedParty: { agency: SECRET.agency, person: SECRET.person, position: SECRET.position },
        complainant: {
          name: SECRET.complainant,
          nik: SECRET.nik,
          email: SECRET.email,
          directlyAffected: true,
        },
        attachments: [{ sha256: photo.sha256, kind: 'evidence', name: SECRET.attachment }],
      }),
    )
    // A case anyone may read, alike in its reported party and its words.
    plain = await as<CreatedCase>(
      'frontdesk',
      'case.create',
      validIntake({
        subject: 'Pungutan izin usaha',
        description: 'Pungutan untuk izin usaha di dinas yang sama.',
        reportedParty: { agency: SECRET.agency },
      }),
    )
    await as('auditor', 'case.screen', validScreening(secret.id, { reasoning: SECRET.screening }))
    await as('auditor', 'case.recordExposure', {
      caseId: secret.id,
      day: '2026-11-04',
      place: 'Ruang rapat',
      participants: [{ name: 'Drs. Ahmad', role: 'Inspektur Pembantu', present: true }],
      summary: SECRET.exposure,
      analysis: 'Analisis.',
      recommendation: 'Teruskan.',
      decision: 'forward',
      agencyCode: 'DPUPR',
      followUpOwner: 'Irban II',
    })
    await as('auditor', 'case.recordFollowUp', {
      caseId: secret.id,
      kind: 'response',
      day: '2026-11-05',
      agencyCode: 'DPUPR',
      note: SECRET.followUp,
    })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('shows the content to the roles that handle it (the words below are there to find)', async () => {
    for (const role of CONFIDENTIAL_READERS) {
      const d = await as<CaseDetail>(role, 'case.get', { id: secret.id })
      expect(d.redacted).toBeUndefined()
      expect(d.subject).toBe(SECRET.subject)
      expect(d.complainant?.name).toBe(SECRET.complainant)
      expect(d.attachments.map((a) => a.name)).toEqual([SECRET.attachment])
      const receipt = await said(await as<ReceiptFile>(role, 'case.receipt', { id: secret.id }))
      expect(receipt).toContain('Tambangmerah')
      expect(receipt).toContain('Kartikasari')
      const memo = await said(
        await as(role, 'case.document', { caseId: secret.id, kind: 'screeningMemo' }),
      )
      expect(memo).toContain('Merahjambu')
      const related = await as<RelatedCase[]>(role, 'case.related', { id: plain.id })
      expect(related.map((r) => r.id)).toContain(secret.id)
      // Each reading of the content and of the identity is recorded.
      const reads = (await station
        .db('audit_reads')
        .where({ case_id: secret.id, username: `u-${role}` })
        .orderBy('id')
        .select('action', 'what')) as { action: string; what: string }[]
      expect(reads.map((r) => `${r.action}:${r.what}`)).toEqual([
        'case.get:identity',
        'case.get:confidential',
        'case.receipt:identity',
        'case.receipt:confidential',
        'case.document:confidential',
      ])
    }
  })

  it('gives every other role no content through any method it may call', async () => {
    const pin = await receiptPinOf(station.db, secret.id)
    // Inputs that point each method at the confidential case (or search for its words).
    const inputs: Partial<Record<ApiMethod, unknown[]>> = {
      'case.get': [{ id: secret.id }],
      'case.list': [
        {},
        { q: 'Tambangmerah' },
        { q: 'Kartikasari' },
        { q: 'bidang meminta' },
        { category: SECRET.category },
        { status: 'diteruskan' },
      ],
      'case.receipt': [{ id: secret.id }],
      'case.document': ['screeningMemo', 'exposureMinutes', 'referralLetter'].map((kind) => ({
        caseId: secret.id,
        kind,
      })),
      'case.related': [{ id: secret.id }, { id: plain.id }],
      'case.clock': [{ id: secret.id }],
      'deadline.queue': [{}],
      'rapor.get': [{ filter: {} }, { filter: { category: SECRET.category } }],
      'export.start': [{ format: 'csv', variant: 'internal', filter: {} }],
      'privacy.holds': [{}],
      'sync.conflicts': [{}],
      'sync.status': [{}],
      'audit.verify': [{}],
    }
    for (const role of OUTSIDERS) {
      const answered: string[] = []
      for (const method of Object.keys(api) as ApiMethod[]) {
        for (const input of inputs[method] ?? [{}]) {
          const res = await station.dispatch(method, input, asUser(`u-${role}`, role))
          const text = res.ok ? await said(res.result) : JSON.stringify(res.error)
          expect(leaks(text), `${role} ${method} ${JSON.stringify(input)}`).toEqual([])
          if (res.ok && inputs[method]) answered.push(method)
        }
      }
      // The case is there to see, as what it is.
      expect(answered).toEqual(expect.arrayContaining(['case.get', 'case.list', 'case.clock']))
      const d = await as<CaseDetail>(role, 'case.get', { id: secret.id })
      expect(d).toMatchObject({
        trackingNumber: secret.trackingNumber,
        status: 'diteruskan',
        channel: 'walk_in',
        confidential: true,
        anonymous: false,
        redacted: true,
        subject: '',
        description: '',
        category: null,
        location: null,
        reportedParty: { agency: null, person: null, position: null },
        complainant: null,
        attachments: [],
      })
      const list = await as<CasePage>(role, 'case.list', {})
      expect(list.items.find((i) => i.id === secret.id)).toMatchObject({
        redacted: true,
        subject: '',
      })
      // A search or a slice by category could say what the content holds: it finds nothing.
      for (const q of [{ q: 'Tambangmerah' }, { category: SECRET.category }]) {
        const found = await as<CasePage>(role, 'case.list', q)
        expect(found.items.map((i) => i.id)).not.toContain(secret.id)
      }
    }
    // The desk finds it by its number, to reprint the receipt; readers also by its category.
    for (const role of ROLES) {
      const byNumber = await as<CasePage>(role, 'case.list', { q: secret.trackingNumber })
      expect(byNumber.items.map((i) => i.id)).toEqual([secret.id])
    }
    const byCategory = await as<CasePage>('auditor', 'case.list', { category: SECRET.category })
    expect(byCategory.items.map((i) => i.id)).toEqual([secret.id])
    expect(pin).toMatch(/^\d{6}$/)
  })

  it('reprints a front-desk receipt with number, PIN, dates, channel and status, and "isi dirahasiakan"', async () => {
    const receipt = await as<ReceiptFile>('frontdesk', 'case.receipt', { id: secret.id })
    const t = await textOf(receipt.pdfBase64)
    expect(leaks(t)).toEqual([])
    expect(t).toContain(secret.trackingNumber)
    expect(t).toContain(`PIN cek status ${await receiptPinOf(station.db, secret.id)}`)
    expect(t).toContain(`Diterima ${formatReceivedAt(secret.receivedAt)}`)
    expect(t).toContain('Kanal Datang langsung')
    expect(t).toContain('Status Diteruskan')
    expect(t).toContain('Perihal Isi dirahasiakan')
    expect(t).toContain('Pelapor Isi dirahasiakan')
    expect(t).toContain('hanya dapat dibaca oleh petugas yang menanganinya')
    expect(t).toContain('RAHASIA')
    expect(t).not.toContain('Lampiran')
    // Nothing of the identity or the content was printed, so nothing was read.
    const reads = (await station
      .db('audit_reads')
      .where({ case_id: secret.id, username: 'u-frontdesk' })
      .select('what')) as { what: string }[]
    expect(reads).toEqual([])
  })

  it('keeps the content out in core, whatever the roles table lets a role call', async () => {
    const desk = user('desk', 'frontdesk')
    await expect(requireContentAccess(station.db, secret.id, desk)).rejects.toMatchObject({
      code: 'forbidden',
      messageKey: 'error.confidential',
    })
    await expect(requireContentAccess(station.db, plain.id, desk)).resolves.toEqual({
      confidential: false,
    })
    await expect(
      requireContentAccess(station.db, secret.id, user('irban', 'auditor')),
    ).resolves.toEqual({ confidential: true })

    expect(await relatedCases(station.db, secret.id, { confidentialContent: false })).toEqual([])
    const related = await relatedCases(station.db, plain.id, { confidentialContent: false })
    expect(related.map((r) => r.id)).not.toContain(secret.id)

    const queue: DeadlineQueue = redactQueue(
      await deadlineQueue(station.db, { attentionOnly: false, limit: 50 }, clock.now()),
      desk,
    )
    const item = queue.items.find((i) => i.id === secret.id)
    expect(item).toMatchObject({
      subject: '',
      redacted: true,
      trackingNumber: secret.trackingNumber,
    })
    expect(leaks(JSON.stringify(queue))).toEqual([])

    await expect(requireBatchAccess(station.db, [plain.id, secret.id], desk)).rejects.toMatchObject(
      {
        code: 'forbidden',
        messageKey: 'error.confidentialBatch',
      },
    )
    await expect(requireBatchAccess(station.db, [plain.id], desk)).resolves.toBeUndefined()

    const job = await station.exports.start(
      { format: 'csv', variant: 'internal', filter: {} },
      { confidentialContent: false },
    )
    expect((await station.exports.settled(job.id)).state).toBe('done')
    const csv = readFileSync(station.exports.filePath(job.id), 'utf8')
    expect(leaks(csv)).toEqual([])
    const row = csv.split('\r\n').find((l) => l.startsWith(secret.trackingNumber))
    expect(row).toContain('Isi dirahasiakan')
    expect(row).toContain('Diteruskan')
    // The supervisor's own export carries it.
    const full = await station.exports.start(
      { format: 'csv', variant: 'internal', filter: {} },
      { confidentialContent: true },
    )
    await station.exports.settled(full.id)
    expect(readFileSync(station.exports.filePath(full.id), 'utf8')).toContain('Tambangmerah')

    const rapor = await as<RaporView>('admin', 'rapor.get', { filter: {} })
    expect(rapor.options.categories).not.toContain(SECRET.category)
    expect(rapor.byCategory.map((p) => p.key)).not.toContain(SECRET.category)
    const slice = await as<RaporView>('admin', 'rapor.get', {
      filter: { category: SECRET.category },
    })
    expect(slice.rapor.total + slice.rapor.apart.diteruskan).toBe(0)
    const readers = await as<RaporView>('supervisor', 'rapor.get', {
      filter: { category: SECRET.category },
    })
    expect(readers.rapor.apart.diteruskan).toBe(1)
  })
})

describe('a batch file for the USB stick', () => {
  let central: Central
  let dir: ReturnType<typeof tempDir>
  let station: Station
  beforeAll(async () => {
    central = await startCentral('sqlite', inject('pgUrl'))
    dir = tempDir()
    station = await enrolledStation(central, dir.path)
  })
  afterAll(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })
  const exportAs = (role: Role) =>
    station.dispatch('sync.exportBatch', { afterSeq: 0 }, asUser(`u-${role}`, role))

  it('is carried by the admin until it holds a confidential case, then by a supervisor', async () => {
    const desk = asUser('u-frontdesk', 'frontdesk')
    expect((await station.dispatch('case.create', validIntake(), desk)).ok).toBe(true)
    const open = await exportAs('admin')
    expect(open.ok && open.result).toMatchObject({ batch: { fromSeq: 1 } })

    const created = await station.dispatch(
      'case.create',
      validIntake({ confidential: true, subject: SECRET.subject }),
      desk,
    )
    expect(created.ok).toBe(true)
    const refused = await exportAs('admin')
    expect(!refused.ok && refused.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('Minta supervisor membuat berkas batch'),
    })
    expect(leaks(JSON.stringify(refused))).toEqual([])
    const carried = await exportAs('supervisor')
    expect(carried.ok && (carried.result as { batch: Batch }).batch.events).toHaveLength(2)
  })
})
