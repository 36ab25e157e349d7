import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { CreatedCase, DocumentFile } from '../../src/shared/api'
import { openStation, type Station } from '../../src/core/station'
import { TestClock, tempDir, validIntake, grantAuthorityKey, validScreening } from '../helpers'
import { as } from '../support/actors'
import { pdfText } from '../support/pdf'
import { TEST_KEYS } from '../support/keys'

const clock = new TestClock(new Date(2026, 10, 2, 9, 0))

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  // A step is recorded on its own day: the clock moves there first (never back).
  clock.reachStep(method, input)
  const res = await station.dispatch(method, input, as(method, 'auditor'))
  if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`)
  return res.result as R
}

describe('case documents (PDF)', () => {
  const dir = tempDir()
  let station: Station
  let caseId = ''
  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: join(dir.path, 'data'),
      now: clock.now,
      log: () => {},
    })
    await grantAuthorityKey(station.db)
    const c = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({ anonymous: true, confidential: true }),
    )
    caseId = c.id
    await call(
      station,
      'case.screen',
      validScreening(caseId, {
        checklist: { what: true, who: true, where: true, when: false, why: true, how: true },
        reasoning: 'Materi jelas dan didukung bukti; terlapor ASN.',
      }),
    )
    await call(station, 'case.recordExposure', {
      caseId,
      day: '2026-11-05',
      place: 'Ruang rapat Inspektorat',
      participants: [
        { name: 'Drs. Ahmad', role: 'Inspektur Pembantu', present: true },
        { name: 'Rina', role: 'Auditor', present: true },
        { name: 'Joko', role: 'Auditor', present: false },
      ],
      summary: 'Jalan desa rusak.',
      analysis: 'Kewenangan dinas teknis.',
      recommendation: 'Teruskan ke DPUPR.',
      decision: 'forward',
      agencyCode: 'DPUPR',
      followUpOwner: 'Irban II',
    })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  async function text(kind: string): Promise<string> {
    const doc = await call<DocumentFile>(station, 'case.document', { caseId, kind })
    return (await pdfText(Buffer.from(doc.pdfBase64, 'base64'))).replace(/\s+/g, ' ')
  }

  it('renders the screening memo with the checklist and conclusion', async () => {
    const t = await text('screeningMemo')
    expect(t).toContain('TELAAHAN STAF')
    expect(t).toContain('Kapan (when) : Belum ada')
    expect(t).toContain('Materi jelas dan didukung bukti')
    expect(t).toContain('RAHASIA')
    expect(t).toContain('Dirahasiakan (anonim)')
    expect(t).not.toContain('Budi')
  })

  it('renders the exposure minutes with participants and signature blocks', async () => {
    const t = await text('exposureMinutes')
    expect(t).toContain('BERITA ACARA EKSPOSE')
    expect(t).toContain('Joko, Auditor (berhalangan)')
    expect(t).toContain('Dinas Pekerjaan Umum dan Penataan Ruang')
    expect(t).toContain('( Drs. Ahmad )')
    expect(t).not.toContain('( Joko )')
  })

  it('renders the referral letter without the complainant identity', async () => {
    const t = await text('referralLetter')
    expect(t).toContain('SURAT PENERUSAN PENGADUAN')
    expect(t).toContain('Identitas pelapor ada pada kami')
    expect(t).not.toContain('Budi')
    expect(t).not.toContain('3171011501900001')
  })

  it('follows the reminder ladder and uses the edited template', async () => {
    clock.set(new Date(2026, 10, 6, 9, 0)) // one working day after forwarding: nothing to send yet
    const early = await station.dispatch(
      'case.document',
      { caseId, kind: 'reminder' },
      as('case.document', 'auditor'),
    )
    expect(!early.ok && early.error.code).toBe('conflict')
    clock.set(new Date(2026, 10, 9, 9, 0)) // two working days: first reminder
    expect(await text('reminder')).toContain('SURAT PENGINGAT PERTAMA')
    await call(station, 'template.save', {
      kind: 'escalation',
      title: 'ESKALASI',
      body: 'Kepada atasan {agency}: pengaduan {trackingNumber} belum dijawab {daysWithoutAnswer} hari kerja.',
    })
    clock.set(new Date(2026, 10, 12, 9, 0))
    const t = await text('reminder')
    expect(t).toContain('ESKALASI')
    expect(t).toContain('belum dijawab 5 hari kerja')
  })
})
