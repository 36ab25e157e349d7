import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CasePage, CreatedCase } from '../../src/shared/api'
import { localDay } from '../../src/shared/schemas'
import { checkCharacter, parseTrackingNumber } from '../../src/shared/trackingNumber'
import { openStation, type Station } from '../../src/core/station'
import { tempDir, validIntake } from '../helpers'
import { as } from '../support/actors'
import { TEST_KEYS } from '../support/keys'

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  const res = await station.dispatch(method, input, as(method))
  if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`)
  return res.result as R
}

// A digest of every row of the tables a complaint writes, to prove a refusal wrote nothing.
async function snapshot(station: Station): Promise<string> {
  const hash = createHash('sha256')
  for (const table of [
    'events',
    'cases',
    'counters',
    'receipt_pins',
    'privacy_holds',
    'settings',
  ]) {
    const rows = (await station.db(table).select('*')) as Record<string, unknown>[]
    const lines = rows.map((r) => JSON.stringify(Object.entries(r))).sort()
    hash.update(`${table}\n${lines.join('\n')}\n`)
  }
  return hash.digest('hex')
}

describe('tracking numbers at the station', () => {
  const dir = tempDir()
  // Mid-morning, so the local day is the same in every Indonesian zone and in UTC.
  let now = new Date('2026-12-02T03:00:00Z')
  let station: Station

  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      now: () => now,
      autoSync: false,
    })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('issues at most 9,999 numbers a day and refuses the next with a message, writing nothing', async () => {
    const day = localDay(now)
    await station.db('counters').insert({ name: `tracking:${day}`, value: 9998 })
    const last = await call<CreatedCase>(station, 'case.create', validIntake())
    expect(last.trackingNumber).toMatch(/^[0-9A-Z]{2,6}-\d{6}-9999-[0-9A-Z]$/)

    const before = await snapshot(station)
    const refused = await station.dispatch('case.create', validIntake(), as('case.create'))
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(!refused.ok && refused.error.message).toMatch(/9\.999 nomor sehari/)
    expect(await snapshot(station)).toBe(before)
    const counter = await station
      .db('counters')
      .where({ name: `tracking:${day}` })
      .first('value')
    expect(counter).toEqual({ value: 9999 })

    // The next local day starts again at 0001.
    now = new Date(now.getTime() + 86_400_000)
    const next = await call<CreatedCase>(station, 'case.create', validIntake())
    expect(next.trackingNumber).toMatch(/-\d{6}-0001-[0-9A-Z]$/)
    expect(parseTrackingNumber(next.trackingNumber)).toMatchObject({
      ok: true,
      value: { day: localDay(now), sequence: 1 },
    })
  })

  it('finds a case by its number however it is typed', async () => {
    const c = await call<CreatedCase>(station, 'case.create', validIntake({ subject: 'Dicari' }))
    await call<CreatedCase>(station, 'case.create', validIntake({ subject: 'Lainnya' }))
    const n = c.trackingNumber
    const [code = '', yymmdd = '', seq = '', check = ''] = n.split('-')
    for (const typed of [
      n,
      n.toLowerCase(),
      n.replace(/-/g, ''),
      n.replace(/-/g, ' '),
      n.replace(/-/g, ' \u2013 '),
      `${code} ${yymmdd.replace(/0/g, 'O')} ${seq.replace(/0/g, 'o')} ${check}`,
    ]) {
      const page = await call<CasePage>(station, 'case.list', { q: typed })
      expect(
        page.items.map((i) => i.id),
        typed,
      ).toEqual([c.id])
    }
    // The other filters still apply to a number search.
    const other = await call<CasePage>(station, 'case.list', { q: n, channel: 'phone' })
    expect(other.items).toEqual([])
  })

  it('finds a case that carries a legacy number with a five-digit sequence', async () => {
    const c = await call<CreatedCase>(station, 'case.create', validIntake({ subject: 'Lama' }))
    // Printed by the old encoder for a day's 10,001st complaint, before the width was fixed.
    const body = `${c.trackingNumber.split('-')[0]}26120210001`
    const legacy = `${c.trackingNumber.split('-')[0]}-261202-10001-${checkCharacter(body)}`
    await station.db('cases').where({ id: c.id }).update({ tracking_number: legacy })
    for (const typed of [legacy, legacy.toLowerCase().replace(/-/g, ' ')]) {
      const page = await call<CasePage>(station, 'case.list', { q: typed })
      expect(
        page.items.map((i) => i.id),
        typed,
      ).toEqual([c.id])
    }
  })
})
