import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import type { CreatedCase, SyncStatus } from '../../src/shared/api'
import { backoffMs } from '../../src/shared/sync'
import type { FetchLike } from '../../src/core/sync/client'
import { SyncClient } from '../../src/core/sync/client'
import type { Station } from '../../src/core/station'
import { tempDir, validIntake } from '../helpers'
import { call, enrolledStation, injectFetch, startCentral, type Central } from '../support/central'

const pgUrl = inject('pgUrl')

describe('retry delays', () => {
  it('grow exponentially with full jitter and stop at the cap', () => {
    expect(backoffMs(1, 0.999, 1000, 60_000)).toBeLessThanOrEqual(2000)
    expect(backoffMs(3, 0.999, 1000, 60_000)).toBeGreaterThan(7000)
    expect(backoffMs(30, 0.999, 1000, 60_000)).toBeLessThanOrEqual(60_000)
    expect(backoffMs(30, 0, 1000, 60_000)).toBe(500)
    const spread = new Set(Array.from({ length: 50 }, (_, i) => backoffMs(5, i / 50, 1000, 60_000)))
    expect(spread.size).toBeGreaterThan(40)
  })
})

describe('the sync loop', () => {
  let central: Central
  let dir: ReturnType<typeof tempDir>
  let station: Station
  let transport: FetchLike
  beforeEach(async () => {
    central = await startCentral('sqlite', pgUrl)
    dir = tempDir()
    transport = injectFetch(central.app)
    station = await enrolledStation(central, dir.path, (u, i) => transport(u, i))
  })
  afterEach(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  const until = async (what: () => Promise<boolean>, ms = 10_000) => {
    const end = Date.now() + ms
    while (Date.now() < end) {
      if (await what()) return
      await new Promise((r) => setTimeout(r, 25))
    }
    throw new Error('timed out')
  }

  it('notices by itself when the server comes back, and sends what waited', async () => {
    const real = transport
    let down = true
    transport = async (u, i) => {
      if (down) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
      return real(u, i)
    }
    const client = new SyncClient({
      db: station.db,
      log: station.sync['o'].log,
      identity: station.sync['o'].identity,
      dataDir: dir.path,
      now: () => new Date(),
      fetch: (u, i) => transport(u, i),
      intervalMs: 60_000,
      maxBackoffMs: 150,
    })
    await call<CreatedCase>(station, 'case.create', validIntake())
    client.start()
    try {
      await until(async () => (await client.status()).lastError !== null)
      expect((await client.status()).lastError).toMatch(
        /^sync\.error\.network\|detail=ECONNREFUSED/,
      )
      down = false
      await until(async () => (await client.status()).lastSuccess !== null)
      const s = await client.status()
      expect(s.pending).toBe(0)
      expect(s.lastError).toBeNull()
      expect(s.lastSuccess).not.toBeNull()
    } finally {
      await client.stop()
    }
  })

  it('never holds the desk while the server hangs', async () => {
    let release: () => void = () => undefined
    let reached: () => void = () => undefined
    const waiting = new Promise<void>((r) => (reached = r))
    transport = () =>
      new Promise((_, reject) => {
        release = () => reject(new TypeError('fetch failed'))
        reached()
      })
    await call<CreatedCase>(station, 'case.create', validIntake())
    const syncing = call<SyncStatus>(station, 'sync.now', {})
    await waiting
    // While a sync waits on a server that does not answer, the desk saves and lists.
    const c = await call<CreatedCase>(station, 'case.create', validIntake())
    const page = await call<{ items: { id: string }[] }>(station, 'case.list', {})
    expect(page.items.map((i) => i.id)).toContain(c.id)
    release()
    const s = await syncing
    expect(s.lastError).toMatch(/^sync\.error\.network/)
    expect(s.pending).toBe(2)
  })
})
