import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseDetail, CreatedCase } from '../../src/shared/api'
import { rebuildProjections } from '../../src/core/projections'
import { openStation, type Station } from '../../src/core/station'
import { TestClock, tempDir, validIntake, validScreening } from '../helpers'
import { as } from '../support/actors'
import { TEST_KEYS } from '../support/keys'

// The clock: every complaint here is received on Monday 2 November 2026, 09.00 local
// time, and its steps are recorded later that month, so "today" for them is 30 November.
const received = new Date(2026, 10, 2, 9, 0)
const later = new Date(2026, 10, 30, 9, 0)
const clock = new TestClock(later)

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  const res = await station.dispatch(method, input, as(method, 'irban'))
  if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`)
  return res.result as R
}

async function receive(station: Station): Promise<CreatedCase> {
  clock.set(received)
  try {
    return await call<CreatedCase>(station, 'case.create', validIntake())
  } finally {
    clock.set(later)
  }
}

describe('case lifecycle through dispatch', () => {
  const dir = tempDir()
  let station: Station
  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      now: clock.now,
      log: () => {},
    })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  const status = async (id: string) => (await call<CaseDetail>(station, 'case.get', { id })).status
  const eventCount = async () =>
    Number(((await station.db('events').count({ n: '*' }).first()) as { n: number }).n)

  it('screens, follows up and completes a case, each step an event', async () => {
    const c = await receive(station)
    expect(await call(station, 'case.screen', validScreening(c.id))).toEqual({
      id: c.id,
      status: 'belum_ditindaklanjuti',
    })
    await call(station, 'case.transition', {
      caseId: c.id,
      transition: 'startFollowUp',
      day: '2026-11-04',
    })
    await call(station, 'case.transition', {
      caseId: c.id,
      transition: 'complete',
      day: '2026-11-10',
    })
    expect(await status(c.id)).toBe('selesai')
    const types = (await station
      .db('events')
      .where({ case_id: c.id })
      .orderBy('seq')
      .pluck('type')) as string[]
    expect(types).toEqual([
      'case.received',
      'case.screened',
      'case.transitioned',
      'case.transitioned',
      'case.transitioned',
    ])
  })

  it('refuses a step the current state forbids, naming the state, and changes nothing', async () => {
    const c = await receive(station)
    const before = await eventCount()
    const res = await station.dispatch(
      'case.transition',
      { caseId: c.id, transition: 'complete', day: '2026-11-03' },
      as('case.transition', 'irban'),
    )
    expect(res.ok).toBe(false)
    if (!res.ok) {
      expect(res.error.code).toBe('conflict')
      expect(res.error.message).toContain('Belum terverifikasi')
      expect(res.error.message).toContain('selesaikan')
    }
    expect(await eventCount()).toBe(before)
    expect(await status(c.id)).toBe('belum_terverifikasi')
  })

  it('refuses a date before the complaint was received', async () => {
    const c = await receive(station)
    const before = await eventCount()
    const res = await station.dispatch(
      'case.screen',
      validScreening(c.id, { day: '2026-11-01' }),
      as('case.screen', 'irban'),
    )
    expect(!res.ok && res.error.issues).toContainEqual({
      path: 'day',
      message: 'validation.beforeReceipt|date=2026-11-02',
    })
    expect(await eventCount()).toBe(before)
  })

  it('refuses every dated step after today, with a field message, and changes nothing', async () => {
    const c = await receive(station)
    const before = await eventCount()
    const tomorrow = '2026-12-01'
    const steps: Array<[string, Record<string, unknown>]> = [
      ['case.transition', { caseId: c.id, transition: 'requestCompletion', reason: 'Bukti.' }],
      ['case.screen', validScreening(c.id)],
      ['case.recordFollowUp', { caseId: c.id, kind: 'note', note: 'Catatan.' }],
      [
        'case.recordExposure',
        {
          caseId: c.id,
          place: 'Ruang rapat',
          participants: [{ name: 'Rina', role: 'Auditor', present: true }],
          summary: 'Ringkasan.',
          analysis: 'Analisis.',
          recommendation: 'Rekomendasi.',
          decision: 'clarification',
          followUpOwner: 'Irban II',
        },
      ],
    ]
    for (const [method, input] of steps) {
      const res = await station.dispatch(method, { ...input, day: tomorrow }, as(method, 'irban'))
      expect(!res.ok && res.error.issues, method).toContainEqual({
        path: 'day',
        message: 'validation.afterToday|date=2026-11-30',
      })
    }
    expect(await eventCount()).toBe(before)
    expect(await status(c.id)).toBe('belum_terverifikasi')
    // Today itself is a day like any other.
    await call(station, 'case.recordFollowUp', {
      caseId: c.id,
      kind: 'note',
      note: 'Catatan hari ini.',
      day: '2026-11-30',
    })
    expect(await eventCount()).toBe(before + 1)
  })

  it('requires a destination to forward and a reason to archive', async () => {
    const c = await receive(station)
    const fwd = await station.dispatch(
      'case.transition',
      { caseId: c.id, transition: 'forward', day: '2026-11-03' },
      as('case.transition', 'irban'),
    )
    expect(!fwd.ok && fwd.error.issues).toContainEqual({
      path: 'agencyCode',
      message: 'validation.required',
    })
    const arc = await station.dispatch(
      'case.transition',
      { caseId: c.id, transition: 'archive', day: '2026-11-03' },
      as('case.transition', 'irban'),
    )
    expect(!arc.ok && arc.error.issues).toContainEqual({
      path: 'reason',
      message: 'validation.required',
    })
    await call(station, 'case.transition', {
      caseId: c.id,
      transition: 'forward',
      day: '2026-11-03',
      agencyCode: 'DINKES',
    })
    expect(await status(c.id)).toBe('diteruskan')
  })

  it('records the wait for the complainant as a pause, and a rebuild keeps it', async () => {
    const c = await receive(station)
    await call(station, 'case.transition', {
      caseId: c.id,
      transition: 'requestCompletion',
      day: '2026-11-04',
      reason: 'Fotokopi bukti transfer belum dilampirkan.',
    })
    expect(await status(c.id)).toBe('menunggu_kelengkapan')
    await call(station, 'case.transition', {
      caseId: c.id,
      transition: 'receiveCompletion',
      day: '2026-11-10',
    })
    expect(await status(c.id)).toBe('belum_terverifikasi')
    const pauses = await station
      .db('case_pauses')
      .where({ case_id: c.id })
      .select('from_day', 'to_day')
    expect(pauses).toEqual([{ from_day: '2026-11-04', to_day: '2026-11-10' }])

    const snapshot = async () => ({
      cases: await station
        .db('cases')
        .orderBy('id')
        .select('id', 'status', 'status_day', 'screening_conclusion', 'supervisory', 'agency_code'),
      pauses: await station.db('case_pauses').orderBy(['case_id', 'from_day']),
    })
    const incremental = await snapshot()
    await rebuildProjections(station.db)
    expect(await snapshot()).toEqual(incremental)
  })

  it('refuses a related case that does not exist', async () => {
    const c = await receive(station)
    const res = await station.dispatch(
      'case.screen',
      validScreening(c.id, { relatedCaseIds: ['tidak-ada'] }),
      as('case.screen', 'irban'),
    )
    expect(!res.ok && res.error.code).toBe('not_found')
    expect(await status(c.id)).toBe('belum_terverifikasi')
  })
})

describe('exposure meetings and follow-up', () => {
  const dir = tempDir()
  let station: Station
  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      now: clock.now,
      log: () => {},
    })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  const exposure = (caseId: string, decision: string, extra: Record<string, unknown> = {}) => ({
    caseId,
    day: '2026-11-05',
    place: 'Ruang rapat Inspektorat',
    participants: [
      { name: 'Drs. Ahmad', role: 'Inspektur Pembantu', present: true },
      { name: 'Rina, S.E.', role: 'Auditor', present: true },
    ],
    summary: 'Dugaan pungutan dalam pelayanan KTP.',
    analysis: 'Bukti kuitansi ada; terlapor ASN.',
    recommendation: 'Lakukan klarifikasi kepada terlapor.',
    decision,
    followUpOwner: 'Irban Wilayah II',
    followUpDue: '2026-11-20',
    ...extra,
  })

  it('records several exposures and carries out their decisions', async () => {
    const c = await receive(station)
    await call(station, 'case.screen', validScreening(c.id))
    const first = await call<{ status: string; exposureId: string }>(
      station,
      'case.recordExposure',
      exposure(c.id, 'clarification'),
    )
    expect(first.status).toBe('proses')
    const second = await call<{ status: string }>(
      station,
      'case.recordExposure',
      exposure(c.id, 'close', { day: '2026-11-12' }),
    )
    expect(second.status).toBe('selesai')
    const rows = await station
      .db('exposures')
      .where({ case_id: c.id })
      .orderBy('day')
      .pluck('decision')
    expect(rows).toEqual(['clarification', 'close'])
    const again = await station.dispatch(
      'case.recordExposure',
      exposure(c.id, 'clarification'),
      as('case.recordExposure', 'irban'),
    )
    expect(!again.ok && again.error.code).toBe('conflict')
  })

  it('forwards by exposure decision only with a destination', async () => {
    const c = await receive(station)
    await call(station, 'case.screen', validScreening(c.id))
    const bad = await station.dispatch(
      'case.recordExposure',
      exposure(c.id, 'forward'),
      as('case.recordExposure', 'irban'),
    )
    expect(!bad.ok && bad.error.issues).toContainEqual({
      path: 'agencyCode',
      message: 'validation.required',
    })
    const ok = await call<{ status: string }>(
      station,
      'case.recordExposure',
      exposure(c.id, 'forward', { agencyCode: 'DISDUKCAPIL' }),
    )
    expect(ok.status).toBe('diteruskan')
    await call(station, 'case.recordFollowUp', {
      caseId: c.id,
      kind: 'response',
      day: '2026-11-09',
      agencyCode: 'DISDUKCAPIL',
      letterNumber: '800/123/2026',
      note: 'Petugas yang bersangkutan telah diberi teguran.',
    })
    const row = (await station.db('cases').where({ id: c.id }).first('last_response_day')) as {
      last_response_day: string
    }
    expect(row.last_response_day).toBe('2026-11-09')
    await call(station, 'case.transition', {
      caseId: c.id,
      transition: 'complete',
      day: '2026-11-10',
    })
    await call(station, 'case.transition', {
      caseId: c.id,
      transition: 'reopen',
      day: '2026-11-11',
      reason: 'Pelapor menyampaikan pungutan masih terjadi.',
    })
    const detail = await call<CaseDetail>(station, 'case.get', { id: c.id })
    expect(detail.status).toBe('proses')
    expect(detail.timeline.map((e) => e.type)).toEqual([
      'case.received',
      'case.screened',
      'case.transitioned',
      'exposure.recorded',
      'case.transitioned',
      'followup.recorded',
      'case.transitioned',
      'case.transitioned',
    ])
  })

  it('starts the follow-up with a disposition and keeps everything through a rebuild', async () => {
    const c = await receive(station)
    await call(station, 'case.screen', validScreening(c.id))
    const r = await call<{ status: string }>(station, 'case.recordFollowUp', {
      caseId: c.id,
      kind: 'disposition',
      day: '2026-11-04',
      agencyCode: 'DPUPR',
      note: 'Mohon ditindaklanjuti dan dilaporkan dalam 5 hari kerja.',
    })
    expect(r.status).toBe('proses')
    const snapshot = async () => ({
      exposures: await station.db('exposures').orderBy('id'),
      followups: await station.db('followups').orderBy('event_id'),
      cases: await station
        .db('cases')
        .orderBy('id')
        .select('id', 'status', 'last_response_day', 'agency_code'),
    })
    const before = await snapshot()
    await rebuildProjections(station.db)
    expect(await snapshot()).toEqual(before)
  })
})
