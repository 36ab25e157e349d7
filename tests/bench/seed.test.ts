import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedCases, COMMON_WORDS } from '../../bench/seed'
import { hashEvent, rowToEvent, type EventRow } from '../../src/core/eventLog'
import { rebuildProjections } from '../../src/core/projections'
import { openStation, type Station } from '../../src/core/station'
import type { CasePage, CreatedCase } from '../../src/shared/api'
import { GENESIS_HASH } from '../../src/shared/events'
import { parseTrackingNumber } from '../../src/shared/trackingNumber'
import { tempDir, todayIn, validIntake } from '../helpers'
import { as } from '../support/actors'
import { TEST_KEYS } from '../support/keys'
import { cipherOf } from '../../src/core/crypto/dataKey'

const N = 500

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  const res = await station.dispatch(method, input, as(method, 'siti'))
  if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`)
  return res.result as R
}

async function identity(station: Station): Promise<{ stationId: string; stationCode: string }> {
  const rows = (await station.db('settings').whereIn('key', ['stationId', 'stationCode'])) as {
    key: string
    value: string
  }[]
  const m = new Map(rows.map((r) => [r.key, r.value]))
  return { stationId: m.get('stationId') ?? '', stationCode: m.get('stationCode') ?? '' }
}

/** Projection rows without the autoincrement key, which a rebuild renumbers. */
async function projection(station: Station) {
  const cases = (await station.db('cases').orderBy('id')) as Array<Record<string, unknown>>
  const pauses = await station.db('case_pauses').orderBy(['case_id', 'from_day'])
  return { cases: cases.map(({ pk: _pk, ...rest }) => rest), pauses }
}

describe('seedCases over three years of cases', () => {
  const dir = tempDir('loket-seed-')
  let station: Station
  let progress: number[] = []

  beforeAll(async () => {
    station = await openStation({ keys: TEST_KEYS, dataDir: dir.path, log: () => {} })
    const id = await identity(station)
    const r = await seedCases(station.db, {
      count: N,
      ...id,
      seed: 7,
      chunkSize: 120,
      onProgress: (done) => progress.push(done),
    })
    expect(r.rows).toBe(N)
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('writes N cases and reports progress', async () => {
    const n = (await station.db('cases').count({ n: '*' }).first()) as { n: number }
    expect(Number(n.n)).toBe(N)
    expect(progress.at(-1)).toBe(N)
    progress = []
  })

  it('gives the cases a desk-like mix of statuses through lifecycle events', async () => {
    const statuses = (await station.db('cases').distinct('status').pluck('status')) as string[]
    expect(statuses.length).toBeGreaterThanOrEqual(5)
    const received = (await station
      .db('events')
      .where({ type: 'case.received' })
      .count({ n: '*' })
      .first()) as { n: number }
    expect(Number(received.n)).toBe(N)
  })

  it('chains every event to the previous one and each hash recomputes', async () => {
    const rows = (await station.db('events').orderBy('seq')) as EventRow[]
    expect(rows.length).toBeGreaterThan(N)
    let prev = GENESIS_HASH
    let prevHlc = ''
    rows.forEach((row, i) => {
      expect(row.seq).toBe(i + 1)
      expect(row.prev_hash).toBe(prev)
      expect(row.hlc > prevHlc).toBe(true)
      const { hash, ...rest } = rowToEvent(row, cipherOf(station.db))
      expect(hashEvent(rest)).toBe(hash)
      prev = row.hash
      prevHlc = row.hlc
    })
  })

  it('is a real station database: rebuilding the projections gives the same rows', async () => {
    const before = await projection(station)
    expect(before.pauses.length).toBeGreaterThan(0)
    await rebuildProjections(station.db)
    const after = await projection(station)
    expect(after).toEqual(before)
  })

  it('has an FTS index that finds words of the seeded descriptions', async () => {
    const c = (await station.db('cases').orderBy('pk').first('pk', 'description')) as {
      pk: number
      description: string
    }
    const word = c.description.split(/[^\p{L}]+/u).find((w) => w.length >= 6) as string
    const hits = (await station.db.raw(
      'SELECT rowid FROM cases_fts WHERE cases_fts MATCH ? ORDER BY rowid',
      [`"${word}"`],
    )) as { rowid: number }[]
    expect(hits.map((h) => h.rowid)).toContain(c.pk)
    const page = await call<CasePage>(station, 'case.list', { q: COMMON_WORDS[0], limit: 50 })
    expect(page.items.length).toBe(50)
  })

  it('searches whole words when they fill a page, prefixes otherwise, and keeps to it', async () => {
    await call(station, 'case.create', validIntake({ subject: 'Laporan wargaku soal banjir' }))
    const fts = async (match: string) =>
      Number(
        (
          (await station.db.raw('SELECT count(*) AS n FROM cases_fts WHERE cases_fts MATCH ?', [
            match,
          ])) as { n: number }[]
        )[0]?.n,
      )
    const walk = async (q: string) => {
      const ids: string[] = []
      let cursor: string | undefined
      do {
        const page: CasePage = await call(station, 'case.list', {
          q,
          limit: 50,
          ...(cursor ? { cursor } : {}),
        })
        ids.push(...page.items.map((i) => i.id))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      return ids
    }
    // A common word: whole-word matches on every page ("wargaku" is not one).
    const whole = await walk('warga')
    expect(whole.length).toBe(await fts('"warga"'))
    expect(new Set(whole).size).toBe(whole.length)
    // A fragment: prefix matches, the extra word included.
    const prefix = await walk('warg')
    expect(prefix.length).toBe(await fts('"warg"*'))
    expect(prefix.length).toBe(whole.length + 1)
  })

  it('puts the FTS triggers back: a case saved afterwards is searchable', async () => {
    const triggers = (await station
      .db('sqlite_master')
      .where({ type: 'trigger', tbl_name: 'cases' })
      .pluck('name')) as string[]
    expect(triggers.sort()).toEqual(['cases_fts_ad', 'cases_fts_ai', 'cases_fts_au'])
    const created = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({ subject: 'Jembatan zebrakross roboh' }),
    )
    const page = await call<CasePage>(station, 'case.list', { q: 'zebrakross' })
    expect(page.items.map((i) => i.id)).toEqual([created.id])
  })
})

describe('seedCases up to today', () => {
  const dir = tempDir('loket-seed-')
  let station: Station

  beforeAll(async () => {
    station = await openStation({ keys: TEST_KEYS, dataDir: dir.path, log: () => {} })
    // Two days of cases: today's tracking counter is well under way when the desk opens.
    await seedCases(station.db, { count: N, ...(await identity(station)), spanDays: 2 })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('gives valid, unique tracking numbers and the station continues after them', async () => {
    const numbers = (await station.db('cases').pluck('tracking_number')) as string[]
    expect(new Set(numbers).size).toBe(N)
    for (const n of numbers) expect(parseTrackingNumber(n).ok).toBe(true)

    // The station's day (the seeder's and the desk's zone, WIB), not the machine's.
    const today = todayIn()
    const seededToday = numbers
      .map((n) => parseTrackingNumber(n))
      .filter((p) => p.ok && p.value.day === today)
      .map((p) => (p.ok ? p.value.sequence : 0))
    expect(seededToday.length).toBeGreaterThan(0)

    const created = await call<CreatedCase>(station, 'case.create', validIntake())
    const parsed = parseTrackingNumber(created.trackingNumber)
    expect(numbers).not.toContain(created.trackingNumber)
    expect(parsed.ok && parsed.value.sequence).toBe(Math.max(...seededToday) + 1)
  })
})
