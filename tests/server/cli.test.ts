import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import type { Batch, BatchFile } from '../../src/shared/sync'
import { openStation } from '../../src/core/station'
import { isValidStationCode } from '../../src/shared/trackingNumber'
import { tempDir, validIntake } from '../helpers'
import { call, injectFetch } from '../support/central'
import { TEST_KEYS } from '../support/keys'

const run = promisify(execFile)
const dir = tempDir()
const env = {
  ...process.env,
  LOKET_SERVER_DATA: join(dir.path, 'server'),
  LOKET_LOG_LEVEL: 'silent',
}
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], { env })

afterAll(() => dir.remove())

describe('the server command line (embedded SQLite, no set-up)', () => {
  it(
    'refuses a station code with letters outside the alphabet and says which; its own example is valid',
    { timeout: 60_000 },
    async () => {
      const help = (await cli('--help')).stdout
      const example = /--station-code (\S+?)\]/.exec(help)?.[1]
      expect(example && isValidStationCode(example)).toBe(true)

      const refused = await cli(
        'enrolment-code',
        '--label',
        'Kab. Sampang',
        '--station-code',
        'SPG',
      )
        .then(() => null)
        .catch((e: { code: number; stdout: string; stderr: string }) => e)
      expect(refused?.code).toBe(1)
      expect(refused?.stdout).toBe('')
      expect(refused?.stderr).toContain('Kode stasiun "SPG" memuat karakter yang tidak boleh: S.')
      expect(refused?.stderr).toContain('characters that are not allowed: S.')
      expect(refused?.stderr).toContain('A B C D E F G H J K M N P Q R T V W X Y Z')
    },
  )

  it(
    'issues a one-time enrolment code, and imports a batch file once',
    { timeout: 60_000 },
    async () => {
      const out = (await cli('enrolment-code', '--label', 'Kab. Sampang', '--station-code', 'MDR'))
        .stdout
      const code = /enrolment code: (\S+)/.exec(out)?.[1]
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
      expect(out).toContain('MDR')

      // A station enrols against the same data folder, then writes its outbox to a file.
      const { loadConfig } = await import('../../src/server/config')
      const { openServerDb } = await import('../../src/server/db')
      const { buildServer } = await import('../../src/server/app')
      const { ensureCentralIdentity } = await import('../../src/server/central/centralIdentity')
      const config = loadConfig({
        LOKET_SERVER_DATA: env.LOKET_SERVER_DATA,
        LOKET_LOG_LEVEL: 'silent',
      })
      const db = openServerDb(config)
      const app = await buildServer({
        db,
        identity: await ensureCentralIdentity(db, new Date()),
        config,
        logger: false,
      })
      const station = await openStation({
        keys: TEST_KEYS,
        dataDir: join(dir.path, 'station'),
        fetch: injectFetch(app),
        autoSync: false,
      })
      try {
        await call(station, 'sync.enrol', {
          serverUrl: 'http://central.test',
          code,
          stationName: 'Kab. Sampang',
        })
        await app.close()
        for (let i = 0; i < 3; i++) await call(station, 'case.create', validIntake())
        const { batch } = await call<{ batch: Batch }>(station, 'sync.exportBatch', { afterSeq: 0 })
        const createdAt = new Date().toISOString()
        const sig = await call<{ stationId: string; signature: string }>(
          station,
          'sync.signBatchFile',
          {
            createdAt,
            contentHashes: [batch.contentHash],
          },
        )
        const file: BatchFile = {
          format: 'loket-batch-file',
          protocol: 1,
          stationId: sig.stationId,
          createdAt,
          batches: [batch],
          signature: sig.signature,
        }
        const path = join(dir.path, 'kiriman.loket-batch')
        await writeFile(path, JSON.stringify(file))
        expect((await cli('import', path)).stdout).toContain('3 peristiwa baru')
        expect((await cli('import', path)).stdout).toContain(
          '0 peristiwa baru / new events, 3 sudah ada',
        )

        await writeFile(
          path,
          JSON.stringify({ ...file, signature: file.signature.replace(/^./, 'A') }),
        )
        const bad = await cli('import', path).catch((e: { code: number; stderr: string }) => e)
        expect((bad as { code: number }).code).toBe(1)
        expect((bad as { stderr: string }).stderr).toMatch(/Ditolak|refused|signature/)
      } finally {
        await station.close()
      }
    },
  )
})
