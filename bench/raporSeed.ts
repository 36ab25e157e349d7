// Seeds (once) the station database that the rapor and export benchmark reads:
// `tsx bench/raporSeed.ts <count>` writes bench/data/rapor-<count>/station and
// leaves it in place, so later runs of `npm run bench:rapor` reuse it.
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openStation } from '../src/core/station'
import { seedCases } from './seed'
import { TEST_KEYS } from '../tests/support/keys'

export const RAPOR_DATA = resolve('bench/data')

export function raporDataDir(count: number): string {
  return join(RAPOR_DATA, `rapor-${count}`, 'station')
}

/** Seeds a station of `count` cases unless a complete one is already there. */
export async function ensureSeeded(count: number, seed: number): Promise<string> {
  const dataDir = raporDataDir(count)
  const done = join(dataDir, '..', 'seeded.json')
  if (existsSync(done)) return dataDir
  const station = await openStation({ keys: TEST_KEYS, dataDir })
  try {
    const rows = (await station.db('settings').whereIn('key', ['stationId', 'stationCode'])) as {
      key: string
      value: string
    }[]
    const identity = new Map(rows.map((s) => [s.key, s.value]))
    const until = new Date()
    let shown = -1
    const result = await seedCases(station.db, {
      count,
      stationId: identity.get('stationId') as string,
      stationCode: identity.get('stationCode') as string,
      seed,
      until,
      spanDays: 3 * 365,
      onProgress: (n) => {
        const pct = Math.floor((n / count) * 10)
        if (pct !== shown) console.log(`  seeding ${pct * 10}%`)
        shown = pct
      },
    })
    writeFileSync(done, JSON.stringify({ count, seed, until: until.toISOString(), ms: result.ms }))
    console.log(
      `  seeded ${count.toLocaleString('en')} cases in ${(result.ms / 1000).toFixed(1)} s`,
    )
  } finally {
    await station.close()
  }
  return dataDir
}

if (process.argv[1]?.endsWith('raporSeed.ts')) {
  const count = Number(process.argv[2] ?? '1000000')
  await ensureSeeded(count, 20261123)
}
