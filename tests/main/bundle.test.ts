import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { GENESIS_HASH } from '../../src/shared/events'
import { formatHlc } from '../../src/shared/hlc'
import { eventHashMaterial, type WireEvent } from '../../src/shared/sync'
import { DataCipher } from '../../src/core/crypto/dataKey'
import { preparePulled } from '../../src/core/sync/pullPrepare'
import { WorkerPool } from '../../src/core/workers/pool'

// Electron runs core from electron-vite's bundle, where the worker threads'
// entry is a file of its own (src/main/index.ts names it with `?modulePath`).
// The Electron program cannot run here, so this builds the app as
// `npm run build` does and checks that the main bundle names a worker file
// that exists and that it works: started as a plain Node worker, it checks and
// seals a pulled event as the sources do.

const root = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)

describe("the built app's worker entry", () => {
  it('is a file beside the main bundle, which the bundle names and which does the work', async () => {
    await run(
      process.execPath,
      [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: root,
        maxBuffer: 16 * 1024 * 1024,
      },
    )
    const mainDir = join(root, 'out/main')
    const bundle = readFileSync(join(mainDir, 'index.js'), 'utf8')
    const named = [...bundle.matchAll(/"\.\/(chunks\/worker-[\w-]+\.js)"/g)].map((m) => m[1]!)
    expect(named).toHaveLength(1)
    const entry = join(mainDir, named[0]!)
    expect(existsSync(entry)).toBe(true)
    // Handed to openStation as the pool's entry.
    expect(bundle).toMatch(/workerEntry: worker_default/)

    const key = createHash('sha256').update('bundle test key').digest()
    const base = {
      id: '00000000-0000-7000-8000-000000000001',
      stationId: '00000000-0000-4000-8000-00000000000c',
      seq: 1,
      caseId: '00000000-0000-7000-8000-0000000000ca',
      type: 'followup.recorded',
      payload: { kind: 'note', day: '2026-01-05', agencyCode: null, letterNumber: null, note: 'n' },
      actor: 'pusat:uji',
      hlc: formatHlc({ wall: Date.UTC(2026, 0, 5, 2), logical: 0 }, 'c'),
      prevHash: GENESIS_HASH,
    } as Omit<WireEvent, 'hash'>
    const event = {
      ...base,
      hash: createHash('sha256').update(eventHashMaterial(base)).digest('hex'),
    }
    const pool = new WorkerPool({ dataKey: key, entry, size: 1 })
    try {
      expect(await pool.run('pull.prepare', [event])).toEqual(
        await preparePulled([event], new DataCipher(key)),
      )
    } finally {
      await pool.close()
    }
  }, 300_000)
})
