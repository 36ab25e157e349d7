import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import type { CreatedCase, SyncStatus } from '../../src/shared/api'
import { backoffMs } from '../../src/shared/sync'
import type { FetchLike, LoopTimers } from '../../src/core/sync/client'
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
      workers: station.sync['o'].workers,
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

/** Timers on a clock that moves only when the test moves it. */
class FakeClock {
  private queue: { id: number; at: number; fn: () => void }[] = []
  private ids = 0
  constructor(public t: number) {}
  readonly now = () => new Date(this.t)
  readonly timers: LoopTimers = {
    setTimeout: (fn, ms) => {
      const id = ++this.ids
      this.queue.push({ id, at: this.t + ms, fn })
      return id
    },
    clearTimeout: (id) => {
      this.queue = this.queue.filter((q) => q.id !== id)
    },
  }
  get pending(): number {
    return this.queue.length
  }
  /** Fires the earliest timer due by `end`, after moving the clock to it; false when none is. */
  fireNext(end: number): boolean {
    const next = [...this.queue].sort((a, b) => a.at - b.at)[0]
    if (!next || next.at > end) return false
    this.queue = this.queue.filter((q) => q !== next)
    this.t = next.at
    next.fn()
    return true
  }
}

describe('the sync loop on a fake clock', () => {
  let central: Central
  let dir: ReturnType<typeof tempDir>
  let station: Station
  let clock: FakeClock
  let client: SyncClient
  let start: number
  /** Virtual times (ms after start) at which a batch of events was sent. */
  let pushes: number[]
  let down: boolean

  beforeEach(async () => {
    central = await startCentral('sqlite', pgUrl)
    dir = tempDir()
    station = await enrolledStation(central, dir.path)
    start = Date.now()
    clock = new FakeClock(start)
    pushes = []
    down = false
    const transport = injectFetch(central.app)
    client = new SyncClient({
      db: station.db,
      log: station.sync['o'].log,
      workers: station.sync['o'].workers,
      identity: station.sync['o'].identity,
      dataDir: dir.path,
      now: clock.now,
      timers: clock.timers,
      random: () => 0.5,
      fetch: async (u, i) => {
        if (down) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
        if (i.method === 'POST' && u.endsWith('/v1/batches')) pushes.push(clock.t - start)
        return transport(u, i)
      },
      intervalMs: 30_000,
    })
    client.start()
    // The first cycle is planned once enrolment has been read from the database.
    const end = Date.now() + 5000
    while (clock.pending === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 5))
    await advance(0)
    expect(pushes).toEqual([])
  })
  afterEach(async () => {
    await client.stop()
    await station.close()
    await central.close()
    dir.remove()
  })

  const idle = async () => {
    while (client['inFlight']) await client['inFlight'].catch(() => undefined)
  }
  /** Moves the clock by `ms`, letting every cycle that falls due run to its end. */
  const advance = async (ms: number) => {
    const end = clock.t + ms
    while (clock.fireNext(end)) await idle()
    clock.t = end
  }
  const save = async () => {
    await call<CreatedCase>(station, 'case.create', validIntake())
    client.nudge()
  }
  const elapsed = () => clock.t - start

  it('sends a lone save after a short pause, and a quick burst as one batch', async () => {
    await save()
    const saved = elapsed()
    await advance(299)
    expect(pushes).toEqual([])
    await advance(1)
    expect(pushes).toEqual([saved + 300])

    await save()
    const first = elapsed()
    await advance(100)
    await save()
    await advance(100)
    await save()
    await advance(1000)
    expect(pushes).toEqual([saved + 300, first + 500])
    expect((await client.status()).pending).toBe(0)
  })

  it('pushes at least every two seconds while saves keep coming every 100 ms', async () => {
    for (let i = 0; i < 100; i++) {
      await advance(100)
      await save()
    }
    // The old loop re-armed its 300 ms wait at every save and sent nothing until the burst ended.
    // Here the first save (at 100 ms) sets a deadline 2 s later; the first save after each
    // push sets the next one.
    expect(pushes).toEqual([2100, 4100, 6100, 8100])
    // The last deadline falls just after the burst; then everything is sent.
    await advance(300)
    expect(pushes).toEqual([2100, 4100, 6100, 8100, 10_100])
    expect((await client.status()).pending).toBe(0)
  })

  it('never moves the planned cycle later', async () => {
    // The regular cycle is due 30 s after the first one; a save just before it does not delay it.
    await advance(30_000 - 100)
    await save()
    await advance(100)
    expect(pushes).toEqual([30_000])
  })

  it('after a failure, backs off and saves do not bring the next attempt closer', async () => {
    down = true
    await save()
    await advance(300)
    const failed = await client.status()
    expect(failed.lastError).toMatch(/^sync\.error\.network/)
    const planned = failed.nextAttempt
    expect(planned).not.toBeNull()
    // Full jitter with random 0.5 after one failure: half of 2 s.
    expect(Date.parse(planned!) - clock.t).toBe(backoffMs(1, 0.5, 1000, 60_000))
    await save()
    expect((await client.status()).nextAttempt).toBe(planned)
    down = false
    await advance(Date.parse(planned!) - clock.t)
    expect(pushes).toEqual([Date.parse(planned!) - start])
    expect((await client.status()).pending).toBe(0)
  })
})
