// The central server as the sync benchmarks use it: in its own process (the
// station and the centre do not share an event loop), and the centre's own
// decisions written straight into its log for a station to pull.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import { canonicalJson } from '../src/shared/canonicalJson'
import { formatHlc, parseHlc } from '../src/shared/hlc'
import { uuidv7FromBytes } from '../src/shared/ids'
import { eventHashMaterial } from '../src/shared/sync'
import { sealPayload } from '../src/server/central/atRest'
import type { ServerDb } from '../src/server/db'

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

export function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo
      s.close(() => done(port))
    })
  })
}

export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`${url} did not answer`)
}

/**
 * `npm run server` in a child process on a free loopback port, with the given
 * environment (its database and data folder); resolves once it answers.
 */
export async function spawnCentre(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'src/server/cli.ts', 'serve'],
    {
      env: {
        ...process.env,
        ...env,
        LOKET_SERVER_PORT: String(port),
        LOKET_LOG_LEVEL: 'silent',
        LOKET_RATE_LIMIT: '1000000',
      },
      stdio: 'ignore',
    },
  )
  const url = `http://127.0.0.1:${port}`
  await waitFor(`${url}/health`)
  return { url, process: child }
}

/** The centre's decisions on the station's cases, written straight into its log with a valid chain. */
export async function writeCentralEvents(
  db: ServerDb,
  centralId: string,
  originId: string,
  caseIds: string[],
  count: number,
): Promise<void> {
  const central = await db('stations').where({ id: centralId }).first('last_seq', 'last_hash')
  let seq = Number(central.last_seq)
  let prev = central.last_hash as string
  const maxHlc = (await db('events').max({ h: 'hlc' }).first()) as { h: string }
  const wall = Math.max(Date.now(), parseHlc(maxHlc.h).wall) + 1
  const rows: Record<string, unknown>[] = []
  for (let i = 0; i < count; i++) {
    const base = {
      id: uuidv7FromBytes(wall + i, randomBytes(16)),
      stationId: centralId,
      seq: ++seq,
      caseId: caseIds[i % caseIds.length]!,
      type: 'followup.recorded' as const,
      payload: {
        kind: 'note',
        day: '2026-11-23',
        agencyCode: null,
        letterNumber: null,
        note: `Catatan pusat ${i}: mohon dilengkapi kronologi dan bukti pendukung dari pelapor.`,
      },
      actor: 'Auditor Pusat',
      hlc: formatHlc({ wall: wall + i, logical: 0 }, centralId),
      prevHash: prev,
    }
    const hash = sha256(eventHashMaterial(base))
    prev = hash
    rows.push({
      id: base.id,
      station_id: centralId,
      seq: base.seq,
      case_id: base.caseId,
      origin_station_id: originId,
      type: base.type,
      payload: sealPayload(db, base.id, canonicalJson(base.payload)),
      actor: base.actor,
      hlc: base.hlc,
      prev_hash: base.prevHash,
      hash,
      stored_at: new Date().toISOString(),
    })
  }
  // 400 rows a statement: within SQLite's limits as well as PostgreSQL's.
  for (let i = 0; i < rows.length; i += 400) await db('events').insert(rows.slice(i, i + 400))
  await db('stations').where({ id: centralId }).update({ last_seq: seq, last_hash: prev })
}
