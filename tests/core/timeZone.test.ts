import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuthState, CaseDetail, CasePage, CreatedCase, Settings } from '../../src/shared/api'
import type { CaseClock } from '../../src/core/services/deadlines'
import { openStation, type Station } from '../../src/core/station'
import { TestClock, tempDir, validIntake, validScreening } from '../helpers'
import { as } from '../support/actors'
import { pdfText } from '../support/pdf'
import { TEST_KEYS } from '../support/keys'

// A station in Kutai Timur counts its days in WITA (UTC+8), whatever the
// computer's own zone and whatever the day the test runs.
describe('a WITA station', () => {
  const dir = tempDir()
  // 16:30 UTC on Tuesday 1 December 2026 is 00:30 on Wednesday 2 December in WITA
  // (and still 23:30 on the 1st in WIB).
  const clock = new TestClock('2026-12-01T16:30:00Z')
  let station: Station
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await station.dispatch(method, input, as(method))
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
    return r.result as T
  }

  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      now: clock.now,
      autoSync: false,
      timeZone: 'Asia/Jakarta',
    })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('is set up with its zone, which the settings show and an admin can change', async () => {
    const state = await call<AuthState>('auth.state', {})
    expect(state.timeZone).toBe('Asia/Jakarta')
    const setUp = await station.dispatch(
      'auth.setup',
      {
        stationName: 'Inspektorat Kutai Timur',
        username: 'admin',
        displayName: 'Admin',
        password: 'kata-sandi-panjang-1',
        timeZone: 'Asia/Makassar',
      },
      { transport: 'test' },
    )
    expect(setUp.ok).toBe(true)
    expect((await call<Settings>('settings.get', {})).timeZone).toBe('Asia/Makassar')
    const bad = await station.dispatch(
      'settings.update',
      { timeZone: 'Europe/Paris' },
      as('settings.update'),
    )
    expect(!bad.ok && bad.error.issues?.map((i) => i.path)).toEqual(['timeZone'])
    expect((await call<Settings>('settings.get', {})).timeZone).toBe('Asia/Makassar')
  })

  it('numbers, dates and lists a complaint received at 00:30 WITA on that WITA day', async () => {
    const c = await call<CreatedCase>('case.create', validIntake())
    expect(c.trackingNumber).toMatch(/-261202-0001-/)
    const detail = await call<CaseDetail>('case.get', { id: c.id })
    expect(detail.timeZone).toBe('Asia/Makassar')
    const stored = (await station.db('cases').where({ id: c.id }).first('time_zone')) as {
      time_zone: string
    }
    expect(stored.time_zone).toBe('Asia/Makassar')
    const onThe2nd = await call<CasePage>('case.list', { from: '2026-12-02', to: '2026-12-02' })
    expect(onThe2nd.items.map((i) => i.id)).toEqual([c.id])
    const onThe1st = await call<CasePage>('case.list', { from: '2026-12-01', to: '2026-12-01' })
    expect(onThe1st.items).toEqual([])
    const rendered = await call<{ pdfBase64: string }>('case.receipt', { id: c.id })
    const text = (await pdfText(Buffer.from(rendered.pdfBase64, 'base64'))).replace(/\s+/g, ' ')
    expect(text).toContain('2 Desember 2026, 00.30 WITA')
  })

  it('takes steps dated today in WITA, refuses the day before receipt and the day after today', async () => {
    const c = await call<CreatedCase>('case.create', validIntake())
    const events = async () =>
      Number(((await station.db('events').count({ n: '*' }).first()) as { n: number }).n)
    const before = await events()
    const early = await station.dispatch(
      'case.screen',
      validScreening(c.id, { day: '2026-12-01' }),
      as('case.screen'),
    )
    expect(!early.ok && early.error.issues).toContainEqual({
      path: 'day',
      message: 'validation.beforeReceipt|date=2026-12-02',
    })
    const late = await station.dispatch(
      'case.screen',
      validScreening(c.id, { day: '2026-12-03' }),
      as('case.screen'),
    )
    expect(!late.ok && late.error.issues).toContainEqual({
      path: 'day',
      message: 'validation.afterToday|date=2026-12-02',
    })
    expect(await events()).toBe(before)
    await call('case.screen', validScreening(c.id, { day: '2026-12-02' }))
    expect(await events()).toBe(before + 2)
  })

  it('refuses an incident dated after its own today', async () => {
    const count = async () =>
      Number(((await station.db('cases').count({ n: '*' }).first()) as { n: number }).n)
    const before = await count()
    const res = await station.dispatch(
      'case.create',
      validIntake({ incidentDate: '2026-12-03' }),
      as('case.create'),
    )
    expect(!res.ok && res.error.issues).toEqual([
      { path: 'incidentDate', message: 'validation.futureDate' },
    ])
    expect(await count()).toBe(before)
    // The WITA day itself is not in the future, though WIB is still on the 1st.
    await call('case.create', validIntake({ incidentDate: '2026-12-02' }))
    expect(await count()).toBe(before + 1)
  })

  it('counts the deadline from the WITA day of receipt', async () => {
    const c = await call<CreatedCase>('case.create', validIntake())
    const clockOf = await call<CaseClock>('case.clock', { id: c.id })
    // Received Wed 2 Dec; three working days: Thu 3, Fri 4, Mon 7 Dec.
    expect(clockOf.deadline?.dueDay).toBe('2026-12-07')
  })

  it('keeps a case’s zone when the station’s changes later', async () => {
    const c = await call<CreatedCase>('case.create', validIntake())
    await call('settings.update', { timeZone: 'Asia/Jakarta' })
    const detail = await call<CaseDetail>('case.get', { id: c.id })
    expect(detail.timeZone).toBe('Asia/Makassar')
    // A new complaint at the same moment is now on WIB's 1 December.
    const next = await call<CreatedCase>('case.create', validIntake())
    expect(next.trackingNumber).toMatch(/-261201-0001-/)
    await call('settings.update', { timeZone: 'Asia/Makassar' })
  })
})
