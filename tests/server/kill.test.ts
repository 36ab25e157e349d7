import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { SyncStatus } from '../../src/shared/api'
import { openStation, type Station } from '../../src/core/station'
import { createEnrolmentCode } from '../../src/server/central/enrolment'
import { migrateServer, openServerDb, type ServerDb } from '../../src/server/db'
import { tempDir, validIntake } from '../helpers'
import { call, createPgDatabase } from '../support/central'
import { TEST_KEYS } from '../support/keys'

// The real thing: the server is a separate process on a loopback port, killed
// with SIGKILL while a push is under way, then started again.
const pgUrl = inject('pgUrl')

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

async function startProcess(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'serve'], {
    env: { ...process.env, ...env, LOKET_SERVER_PORT: String(port), LOKET_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`)
      if (r.ok) return child
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  child.kill('SIGKILL')
  throw new Error('the server did not start within 30 s')
}

describe('a server killed mid-push', () => {
  const dir = tempDir()
  let child: ChildProcess | null = null
  let station: Station | null = null
  let db: ServerDb | null = null
  afterEach(async () => {
    child?.kill('SIGKILL')
    await station?.close()
    await db?.destroy()
    dir.remove()
  })

  it('loses nothing and stores nothing twice once it is back', { timeout: 120_000 }, async () => {
    const databaseUrl = await createPgDatabase(pgUrl)
    const env = { DATABASE_URL: databaseUrl, LOKET_SERVER_DATA: `${dir.path}/server` }
    const port = await freePort()
    child = await startProcess(env, port)
    db = openServerDb({ databaseUrl, dataDir: dir.path })
    await migrateServer(db)
    const { code } = await createEnrolmentCode(db, { label: 'kill' }, new Date())

    station = await openStation({
      keys: TEST_KEYS,
      dataDir: `${dir.path}/station`,
      autoSync: false,
    })
    await call(station, 'sync.enrol', {
      serverUrl: `http://127.0.0.1:${port}`,
      code,
      stationName: 'Kab. Uji',
    })
    const stationId = station.sync.stationId
    for (let i = 0; i < 2500; i++)
      await call(station, 'case.create', validIntake({ subject: `Kasus ${i}` }))

    const stored = async () =>
      Number(
        (
          (await db!('events').where({ station_id: stationId }).count({ n: '*' })) as {
            n: string
          }[]
        )[0]?.n,
      )
    // Push, and kill the server as soon as the first batch has landed.
    const push = station.sync.runOnce().catch(() => undefined)
    while ((await stored()) === 0) await new Promise((r) => setTimeout(r, 5))
    child.kill('SIGKILL')
    await once(child, 'exit')
    await push
    const mid = await call<SyncStatus>(station, 'sync.status', {})
    expect(mid.lastError).toMatch(/^sync\.error\.(network|server)/)
    expect(mid.pending).toBeGreaterThan(0)
    const before = await stored()
    expect(before).toBeLessThan(2500)

    child = await startProcess(env, port)
    const after = await call<SyncStatus>(station, 'sync.now', {})
    expect(after.lastError).toBeNull()
    expect(after.pending).toBe(0)
    expect(await stored()).toBe(2500)
    const seqs = (await db('events')
      .where({ station_id: stationId })
      .orderBy('seq')
      .pluck('seq')) as number[]
    expect(seqs).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1))
  })
})
