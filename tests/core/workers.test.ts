import { createHash } from 'node:crypto'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { GENESIS_HASH } from '../../src/shared/events'
import { formatHlc } from '../../src/shared/hlc'
import { eventHashMaterial, type WireEvent } from '../../src/shared/sync'
import { cipherOf } from '../../src/core/crypto/dataKey'
import { DomainError } from '../../src/core/errors'
import { openStation, type Station } from '../../src/core/station'
import { SyncFailure } from '../../src/core/sync/failure'
import { preparePulled } from '../../src/core/sync/pullPrepare'
import { WorkerPool } from '../../src/core/workers/pool'
import { fromWireError, toWireError } from '../../src/core/workers/tasks'
import { tempDir } from '../helpers'
import { TEST_KEYS } from '../support/keys'

// The station's worker threads (src/core/workers): the same results and the
// same errors as the work done on the serving thread, the data key only by
// message, a dead worker replaced, nothing left running after close.

const WALL = Date.UTC(2026, 0, 5, 2)

function pulled(i: number, payload: Record<string, unknown>): WireEvent {
  const base = {
    id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    stationId: '00000000-0000-4000-8000-00000000000c',
    seq: i,
    caseId: '00000000-0000-7000-8000-0000000000ca',
    type: 'followup.recorded',
    payload,
    actor: 'pusat:uji',
    hlc: formatHlc({ wall: WALL, logical: i }, 'c'),
    prevHash: GENESIS_HASH,
  } as Omit<WireEvent, 'hash'>
  return { ...base, hash: createHash('sha256').update(eventHashMaterial(base)).digest('hex') }
}
const note = (i: number) => ({
  kind: 'note',
  day: '2026-01-05',
  agencyCode: null,
  letterNumber: null,
  note: `catatan ${i}`,
})
const page = (n: number) => Array.from({ length: n }, (_, i) => pulled(i + 1, note(i)))

/** Pulled events checked and sealed in one of the pool's workers. */
const prepare = (pool: WorkerPool, events: WireEvent[]) => pool.run('pull.prepare', events)

/** The worker threads a pool has running now. */
const running = (pool: WorkerPool) =>
  (pool['slots'] as Array<{ worker: { threadId: number } } | undefined>).filter(
    (s) => s !== undefined && s.worker.threadId >= 0,
  ).length

describe('the worker pool', () => {
  const dir = tempDir()
  let station: Station
  const pools: WorkerPool[] = []
  const poolOf = (o: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}) => {
    const pool = new WorkerPool({
      dataKey: cipherOf(station.db).dataKeyCopy(),
      onError: () => undefined,
      ...o,
    })
    pools.push(pool)
    return pool
  }
  beforeAll(async () => {
    station = await openStation({ keys: TEST_KEYS, dataDir: dir.path, autoSync: false })
  })
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()))
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('checks and seals pulled events as the serving thread would, with the key it was sent', async () => {
    const events = page(50)
    const inWorker = await prepare(poolOf(), events)
    expect(inWorker).toEqual(await preparePulled(events, cipherOf(station.db)))
    // Sealed with the station's key: this thread opens what the worker sealed.
    expect(
      cipherOf(station.db).open(inWorker[7]!.sealedPayload, `events.payload:${events[7]!.id}`),
    ).toContain('catatan 7')
  })

  it('gives back a refusal as the SyncFailure the desk reads, with the same message key', async () => {
    const bad = [...page(3), pulled(4, { ...note(4), kind: 'banana' })]
    const here = await preparePulled(bad, cipherOf(station.db)).catch((e: unknown) => e)
    const there = await prepare(poolOf(), bad).catch((e: unknown) => e)
    expect(here).toBeInstanceOf(SyncFailure)
    expect(there).toBeInstanceOf(SyncFailure)
    expect((there as SyncFailure).messageKey).toBe((here as SyncFailure).messageKey)
    expect((there as SyncFailure).retry).toBe((here as SyncFailure).retry)
  })

  it('carries a DomainError across threads with its code, message key and field issues', () => {
    const issues = [{ path: 'filter.from', message: 'error.date_invalid' }]
    const back = fromWireError(
      structuredClone(toWireError(new DomainError('invalid_input', 'error.x|n=1', issues))),
    )
    expect(back).toBeInstanceOf(DomainError)
    expect(back).toMatchObject({ code: 'invalid_input', messageKey: 'error.x|n=1', issues })
    const other = fromWireError(structuredClone(toWireError(new RangeError('jauh'))))
    expect(other).toMatchObject({ name: 'RangeError', message: 'jauh' })
    expect(other.stack).toContain('RangeError: jauh')
  })

  it('keeps the data key out of what prints the pool and the cipher', () => {
    const key = cipherOf(station.db).dataKeyCopy()
    const pool = poolOf({ dataKey: key })
    for (const shown of [inspect(pool, { depth: 5 }), JSON.stringify(pool)]) {
      expect(shown).not.toContain(Buffer.from(key).toString('hex'))
      expect(shown).not.toContain(Buffer.from(key).toString('base64'))
      expect(shown).not.toContain(Array.from(key).join(', '))
    }
    expect(inspect(cipherOf(station.db), { depth: 5 })).not.toContain(
      Array.from(key.subarray(0, 8)).join(', '),
    )
  })

  it('fails the tasks of a worker that dies, reports it, and replaces it for the next task', async () => {
    const died: unknown[] = []
    const pool = poolOf({ size: 1, onError: (err) => died.push(err) })
    await prepare(pool, page(1))
    const slot = pool['slots'][0] as { worker: { terminate(): Promise<number> } }
    const lost = prepare(pool, page(400))
    await slot.worker.terminate()
    await expect(lost).rejects.toThrow(/worker thread stopped/)
    expect(died).toHaveLength(1)
    // A new worker takes the next task, with the key sent to it again.
    const events = page(2)
    expect(await prepare(pool, events)).toEqual(await preparePulled(events, cipherOf(station.db)))
    expect(pool['slots'][0]).not.toBe(slot)
  })

  it('starts a worker ahead of the first task when asked to', async () => {
    const pool = poolOf({ size: 2 })
    expect(running(pool)).toBe(0)
    pool.warm()
    pool.warm()
    expect(running(pool)).toBe(1)
    const events = page(3)
    expect(await prepare(pool, events)).toEqual(await preparePulled(events, cipherOf(station.db)))
    expect(running(pool)).toBe(1)
  })

  it('ends its workers on close and refuses work after', async () => {
    const pool = poolOf({ size: 2 })
    await Promise.all([prepare(pool, page(300)), prepare(pool, page(300))])
    expect(running(pool)).toBe(2)
    await pool.close()
    expect(running(pool)).toBe(0)
    expect(() => prepare(pool, page(1))).toThrow(/worker threads have ended/)
  })

  it('ends with the station: close() stops the workers it started', async () => {
    const other = tempDir()
    const s = await openStation({ keys: TEST_KEYS, dataDir: other.path, autoSync: false })
    try {
      const pool = s.sync['o'].workers
      await prepare(pool, page(1))
      expect(running(pool)).toBe(1)
      await s.close()
      expect(running(pool)).toBe(0)
    } finally {
      other.remove()
    }
  })
})
