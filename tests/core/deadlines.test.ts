import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Agency, CreatedCase, DeadlineQueue, HolidayEntry } from '../../src/shared/api'
import { openStation, type Station } from '../../src/core/station'
import { TestClock, tempDir, validIntake } from '../helpers'
import { as } from '../support/actors'
import { TEST_KEYS } from '../support/keys'

const clock = new TestClock(new Date(2026, 10, 2, 9, 0)) // Monday 2 Nov 2026, 09.00

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  // A step is recorded on its own day: the clock moves there first (never back).
  clock.reachStep(method, input)
  const res = await station.dispatch(method, input, as(method, 'koordinator'))
  if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`)
  return res.result as R
}

describe('directory and deadlines', () => {
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

  it('starts with typical district agencies, which an admin can edit', async () => {
    const agencies = await call<Agency[]>(station, 'agency.list', {})
    expect(agencies.map((a) => a.code)).toEqual(
      expect.arrayContaining(['DINKES', 'DISDIK', 'DPUPR', 'INSPEKTORAT']),
    )
    await call(station, 'agency.save', {
      code: 'DINKES',
      name: 'Dinas Kesehatan',
      level: 'kabupaten',
      active: false,
    })
    const active = await call<Agency[]>(station, 'agency.list', {})
    expect(active.map((a) => a.code)).not.toContain('DINKES')
    const all = await call<Agency[]>(station, 'agency.list', { includeInactive: true })
    expect(all.find((a) => a.code === 'DINKES')?.active).toBe(false)
    const bad = await station.dispatch(
      'agency.save',
      { code: 'dinas kesehatan', name: 'x', level: 'kabupaten', active: true },
      as('agency.save', 'koordinator'),
    )
    expect(!bad.ok && bad.error.issues).toContainEqual({
      path: 'code',
      message: 'validation.agencyCode',
    })
  })

  it('holds the 2026 holidays and cuti bersama, editable by an admin', async () => {
    const h2026 = await call<HolidayEntry[]>(station, 'holiday.list', { year: 2026 })
    expect(h2026).toContainEqual({ day: '2026-08-17', name: expect.any(String), kind: 'national' })
    expect(h2026.some((h) => h.kind === 'cuti_bersama')).toBe(true)
    await call(station, 'holiday.save', {
      day: '2026-11-04',
      name: 'Hari jadi kabupaten',
      kind: 'local',
    })
    expect(await call(station, 'holiday.list', { year: 2026 })).toContainEqual({
      day: '2026-11-04',
      name: 'Hari jadi kabupaten',
      kind: 'local',
    })
  })

  it('puts cases in the queue by deadline, counting the local holiday', async () => {
    const a = await call<CreatedCase>(station, 'case.create', validIntake({ subject: 'A' }))
    // First response: 3 working days from Mon 2 Nov, Wed 4 Nov is a holiday now → Fri 6 Nov.
    let q = await call<DeadlineQueue>(station, 'deadline.queue', {})
    const item = q.items.find((i) => i.id === a.id)
    expect(item?.deadline).toMatchObject({ tier: 'firstResponse', days: 3, dueDay: '2026-11-06' })
    expect(item?.attention).toBe('on_time')

    clock.set(new Date(2026, 10, 9, 10, 0)) // Monday 9 Nov: overdue
    q = await call<DeadlineQueue>(station, 'deadline.queue', { attentionOnly: true })
    expect(q.items.find((i) => i.id === a.id)).toMatchObject({ attention: 'overdue' })

    await call(station, 'case.transition', {
      caseId: a.id,
      transition: 'forward',
      day: '2026-11-09',
      agencyCode: 'DPUPR',
    })
    clock.set(new Date(2026, 10, 12, 10, 0)) // Thursday: 3 working days without an answer
    q = await call<DeadlineQueue>(station, 'deadline.queue', {})
    expect(q.items.find((i) => i.id === a.id)?.ladder).toMatchObject({
      step: 'secondReminder',
      daysWithoutAnswer: 3,
    })
    clock.set(new Date(2026, 10, 13, 10, 0))
    q = await call<DeadlineQueue>(station, 'deadline.queue', {})
    expect(q.items[0]).toMatchObject({ id: a.id, attention: 'escalate' })
  })

  it('shows one case its own clock, the same as the queue does', async () => {
    const c = await call<CreatedCase>(station, 'case.create', validIntake({ subject: 'B' }))
    const q = await call<DeadlineQueue>(station, 'deadline.queue', {})
    const fromQueue = q.items.find((i) => i.id === c.id)
    const clock = await call<Record<string, unknown>>(station, 'case.clock', { id: c.id })
    expect(clock).toEqual({
      deadline: fromQueue?.deadline,
      ladder: fromQueue?.ladder,
      attention: fromQueue?.attention,
      sortDay: fromQueue?.sortDay,
    })
    expect(clock['deadline']).toMatchObject({ tier: 'firstResponse' })
    const missing = await station.dispatch(
      'case.clock',
      { id: 'nope' },
      as('case.clock', 'koordinator'),
    )
    expect(!missing.ok && missing.error.code).toBe('not_found')
  })

  it('gives each auditor their own queue, ordered by deadline', async () => {
    const screen = (caseId: string, assignee: string) =>
      call(station, 'case.screen', {
        caseId,
        day: '2026-11-13',
        checklist: { what: true, who: true, where: true, when: true, why: true, how: true },
        withinAuthority: true,
        supervisory: false,
        directlyExperienced: true,
        evidencePresent: true,
        relatedCaseIds: [],
        conclusion: 'cukup',
        reasoning: 'Lengkap.',
        assignee,
      })
    const r1 = await call<CreatedCase>(station, 'case.create', validIntake({ subject: 'Rina 1' }))
    const j1 = await call<CreatedCase>(station, 'case.create', validIntake({ subject: 'Joko 1' }))
    await screen(r1.id, 'Rina')
    await screen(j1.id, 'Joko')
    const mine = await call<DeadlineQueue>(station, 'deadline.queue', { assignee: 'rina' })
    expect(mine.items.map((i) => i.id)).toEqual([r1.id])
    expect(mine.items[0]).toMatchObject({
      assignee: 'Rina',
      deadline: { tier: 'notSupervisory', days: 14 },
    })
  })

  it('lets the tiers be configured and refuses nonsense', async () => {
    expect(await call(station, 'deadline.settings', {})).toMatchObject({
      firstResponse: 3,
      supervisory: 60,
    })
    await call(station, 'deadline.updateSettings', { firstResponse: 2 })
    expect(await call(station, 'deadline.settings', {})).toMatchObject({
      firstResponse: 2,
      simple: 5,
    })
    const bad = await station.dispatch(
      'deadline.updateSettings',
      { firstResponse: 0 },
      as('deadline.updateSettings', 'koordinator'),
    )
    expect(bad.ok).toBe(false)
    expect(await call(station, 'deadline.settings', {})).toMatchObject({ firstResponse: 2 })
  })
})
