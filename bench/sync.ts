// `npm run bench:sync [-- --events 100000] [--pulls 50000]`
//
// Sync throughput on loopback into PostgreSQL, and the anchors it is judged
// against, in one run:
// - push: a real station's outbox (seeded with bench/seed/) sent by its sync
//   client over HTTP to the real central server on a throwaway PostgreSQL
//   cluster (fsync on), in signed batches of up to 1,000 events;
// - pull: the centre's decisions on the station's cases, fetched and applied;
// - bulk apply alone (`applyPages` into SQLite, pages of 500) against the sqlite3
//   command-line tool inserting the same rows into the same table;
// - PouchDB 9 (LevelDB) replicating the same records to express-pouchdb on
//   loopback, at batch sizes 100 and 1,000.
// Writes a "sync" section into bench/results.json and bench/RESULTS.md.
// LOKET_BENCH_PROFILE=<folder> makes the server process write a CPU profile there.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import knex from 'knex'
import PouchDB from 'pouchdb'
import type { Batch, WireEvent } from '../src/shared/sync'
import { EVENT_COLUMNS } from '../src/core/eventLog'
import { openStation, type Station } from '../src/core/station'
import type { PulledPage } from '../src/core/sync/client'
import { ensureCentralIdentity } from '../src/server/central/centralIdentity'
import { createEnrolmentCode } from '../src/server/central/enrolment'
import { openPayload } from '../src/server/central/atRest'
import { insertEventRows, SERVER_EVENT_COLUMNS } from '../src/server/central/eventStore'
import { verifyBatch } from '../src/server/central/ingest'
import { loadConfig } from '../src/server/config'
import { migrateServer, openServerDb, type ServerDb } from '../src/server/db'
import { as } from '../tests/support/actors'
import { startPostgres } from '../tests/support/postgres'
import { freePort, spawnCentre, waitFor, writeCentralEvents } from './central'
import { seedCases } from './seed'
import { TEST_KEYS } from '../tests/support/keys'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    pulls: { type: 'string', default: '50000' },
  },
})
const TARGET_EVENTS = Number(args.events)
const PULLS = Number(args.pulls)
const root = resolve('bench/data/sync')
rmSync(root, { recursive: true, force: true })
mkdirSync(root, { recursive: true })

const rate = (n: number, ms: number) => Math.round(n / (ms / 1000))
const log = (s: string) => console.log(s)

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - t }
}

type Row = Array<string | number | null>

/** What the station's bulk apply wrote, read back: the rows the anchors insert. */
export interface AppliedRows {
  events: Row[]
  followups: Row[]
  cases: Row[]
}

const EVENT_COLS = EVENT_COLUMNS.join(', ')
const FOLLOWUP_COLS = 'event_id, case_id, kind, day, agency_code, letter_number'

function csvOf(rows: Row[]): string {
  const q = (v: string | number | null) => (v === null ? '' : `"${String(v).replace(/"/g, '""')}"`)
  return rows.map((r) => r.map(q).join(',')).join('\n') + '\n'
}

/**
 * The sqlite3 tool writing the same rows into a copy of the same database:
 * `events` alone (the anchor the target names), or every write the bulk apply
 * makes (the event rows, the follow-up rows and the cases' new dates).
 */
function sqliteCliInsert(
  dbFile: string,
  rows: AppliedRows,
  writes: 'events' | 'all',
): { ms: number; version: string } {
  const file = (name: string, data: Row[]) => {
    const path = join(root, `${name}.csv`)
    writeFileSync(path, csvOf(data))
    return path
  }
  const nulls = (table: string, cols: string) =>
    cols
      .split(', ')
      .map((c) => `UPDATE ${table} SET ${c} = NULL WHERE ${c} = '';`)
      .join('\n')
  const script = [
    'PRAGMA journal_mode = WAL;',
    'PRAGMA synchronous = NORMAL;',
    '.mode csv',
    'BEGIN;',
    `CREATE TEMP TABLE in_events(${EVENT_COLS});`,
    `.import ${file('events', rows.events)} in_events`,
    `INSERT INTO events(${EVENT_COLS}) SELECT * FROM in_events;`,
    ...(writes === 'all'
      ? [
          `CREATE TEMP TABLE in_followups(${FOLLOWUP_COLS});`,
          `.import ${file('followups', rows.followups)} in_followups`,
          nulls('in_followups', 'agency_code, letter_number'),
          `INSERT INTO followups(${FOLLOWUP_COLS}) SELECT * FROM in_followups;`,
          'CREATE TEMP TABLE in_cases(id, updated_at, last_response_day);',
          `.import ${file('cases', rows.cases)} in_cases`,
          nulls('in_cases', 'last_response_day'),
          `UPDATE cases SET updated_at = v.updated_at,
             last_response_day = coalesce(v.last_response_day, cases.last_response_day)
           FROM in_cases v WHERE cases.id = v.id;`,
        ]
      : []),
    'COMMIT;',
  ].join('\n')
  const t = performance.now()
  const r = spawnSync('sqlite3', [dbFile], { input: script, encoding: 'utf8' })
  const ms = performance.now() - t
  if (r.status !== 0 || r.stderr) throw new Error(`sqlite3 failed: ${r.stderr}`)
  const version =
    spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0] ?? '?'
  return { ms, version }
}

/**
 * Where push time goes: each of its three parts timed alone, on the same
 * events, after the push (so the server holds them):
 * - the station reading, opening, signing and serialising every batch, sending none;
 * - the centre parsing those bodies and checking them (every hash, the content
 *   hash, the signature), storing nothing;
 * - PostgreSQL storing the rows the push stored into an empty copy of `events`
 *   (same indexes), 1,000 per transaction, with the statement the server uses.
 */
async function pushParts(
  station: Station,
  db: ServerDb,
  stationId: string,
): Promise<{ events: number; stationMs: number; checkMs: number; postgresMs: number }> {
  const bodies: string[] = []
  let events = 0
  const stationSide = await timed(async () => {
    let after = 0
    for (;;) {
      const { batch } = await station.sync.exportBatch(after)
      if (!batch) break
      after = batch.toSeq
      events += batch.events.length
      bodies.push(JSON.stringify(batch))
    }
  })
  const { public_key: publicKey } = (await db('stations').where({ id: stationId }).first()) as {
    public_key: string
  }
  const check = await timed(async () => {
    for (const body of bodies) verifyBatch(JSON.parse(body) as Batch, publicKey)
  })
  await db.raw('CREATE TABLE bench_events (LIKE events INCLUDING ALL)')
  const rows = (await db('events')
    .where({ station_id: stationId })
    .orderBy('cursor')
    .select(...SERVER_EVENT_COLUMNS)) as Parameters<typeof insertEventRows>[1]
  const postgres = await timed(async () => {
    for (let i = 0; i < rows.length; i += 1000) {
      await db.transaction((trx) => insertEventRows(trx, rows.slice(i, i + 1000), 'bench_events'))
    }
  })
  await db.raw('DROP TABLE bench_events')
  if (events !== rows.length) throw new Error(`parts timed ${events} events, stored ${rows.length}`)
  return { events, stationMs: stationSide.ms, checkMs: check.ms, postgresMs: postgres.ms }
}

async function pouchdb(docs: Array<Record<string, unknown>>, batchSize: number): Promise<number> {
  const dir = join(root, `pouch-${batchSize}`)
  mkdirSync(join(dir, 'server'), { recursive: true })
  const port = await freePort()
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/pouchServer.ts', join(dir, 'server'), String(port)],
    { stdio: 'ignore' },
  )
  try {
    await waitFor(`http://127.0.0.1:${port}/`)
    const local = new PouchDB(join(dir, 'local'))
    for (let i = 0; i < docs.length; i += 5000) await local.bulkDocs(docs.slice(i, i + 5000))
    const { ms } = await timed(() =>
      local.replicate.to(`http://127.0.0.1:${port}/remote`, { batch_size: batchSize }),
    )
    await local.close()
    return rate(docs.length, ms)
  } finally {
    server.kill('SIGKILL')
  }
}

async function main(): Promise<void> {
  const pg = await startPostgres({ durable: true })
  let station: Station | null = null
  let db: ServerDb | null = null
  let server: ChildProcess | null = null
  try {
    // The central server on PostgreSQL, on a real loopback port.
    const admin = knex({ client: 'pg', connection: `${pg.url}/postgres` })
    await admin.raw('CREATE DATABASE loket_bench')
    await admin.destroy()
    const config = loadConfig({
      DATABASE_URL: `${pg.url}/loket_bench`,
      LOKET_SERVER_DATA: join(root, 'server'),
      LOKET_LOG_LEVEL: 'silent',
      LOKET_RATE_LIMIT: '1000000',
    })
    db = openServerDb(config)
    await migrateServer(db)
    const identity = await ensureCentralIdentity(db, new Date())
    // The server in its own process, as in production: the station and the
    // centre do not share an event loop (or, here, a core).
    const centre = await spawnCentre(
      { DATABASE_URL: config.databaseUrl!, LOKET_SERVER_DATA: config.dataDir },
      process.env['LOKET_BENCH_PROFILE']
        ? ['--cpu-prof', '--cpu-prof-dir=' + process.env['LOKET_BENCH_PROFILE']]
        : [],
    )
    server = centre.process
    const url = centre.url

    // A station holding a realistic outbox.
    const dataDir = join(root, 'station')
    station = await openStation({ keys: TEST_KEYS, dataDir, autoSync: false })
    const { code } = await createEnrolmentCode(db, { label: 'bench' }, new Date())
    const enrolled = await station.dispatch(
      'sync.enrol',
      { serverUrl: url, code, stationName: 'Bench' },
      as('sync.enrol'),
    )
    if (!enrolled.ok) throw new Error(JSON.stringify(enrolled.error))
    const stationId = station.sync.stationId
    const stationCode = (await station.db('settings').where({ key: 'stationCode' }).first()).value
    log(`seeding about ${TARGET_EVENTS} events…`)
    await seedCases(station.db, {
      count: Math.ceil(TARGET_EVENTS / 4.6),
      stationId,
      stationCode,
      until: new Date(),
      spanDays: 365,
    })
    const pending = Number(
      ((await station.db('events').count({ n: '*' })) as { n: number }[])[0]?.n ?? 0,
    )
    const bytes = Number(
      (
        (await station.db('events').sum({ b: station.db.raw('length(payload)') })) as {
          b: number
        }[]
      )[0]?.b ?? 0,
    )

    log(`push: ${pending} events…`)
    const push = await timed(() => station!.sync.runOnce())
    const pushStatus = await station.sync.status()
    if (pushStatus.pending !== 0 || pushStatus.lastError) {
      throw new Error(`push did not finish: ${JSON.stringify(pushStatus)}`)
    }
    const stored = Number(
      (
        (await db('events').where({ station_id: stationId }).count({ n: '*' })) as { n: string }[]
      )[0]?.n,
    )
    if (stored !== pending) throw new Error(`server holds ${stored} of ${pending}`)
    log('push, each part alone…')
    const parts = await pushParts(station, db, stationId)

    // Pull: the centre decides on the station's cases.
    const caseIds = (await station.db('cases').pluck('id')) as string[]
    await writeCentralEvents(db, identity.centralStationId, stationId, caseIds, PULLS)
    // Keep a copy of the station as it is now, for the apply-only measure and the anchor.
    await station.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
    copyFileSync(join(dataDir, 'loket.sqlite'), join(root, 'before-pull.sqlite'))
    copyFileSync(join(dataDir, 'loket.sqlite'), join(root, 'anchor.sqlite'))
    log(`pull: ${PULLS} events…`)
    const pull = await timed(() => station!.sync.runOnce())
    const pulled = (await station
      .db('events')
      .whereNot({ station_id: stationId })
      .count({ n: '*' })) as {
      n: number
    }[]
    if (Number(pulled[0]?.n) !== PULLS) throw new Error(`pulled ${pulled[0]?.n} of ${PULLS}`)
    const wire = (
      (await db('events')
        .where({ station_id: identity.centralStationId })
        .orderBy('cursor')) as Array<Record<string, string | number>>
    ).map(
      (r) =>
        ({
          id: r['id'],
          stationId: r['station_id'],
          seq: Number(r['seq']),
          caseId: r['case_id'],
          type: r['type'],
          payload: openPayload(db!, { id: String(r['id']), payload: String(r['payload']) }),
          actor: r['actor'],
          hlc: r['hlc'],
          prevHash: r['prev_hash'],
          hash: r['hash'],
        }) as WireEvent,
    )
    await station.close()
    station = null
    server.kill('SIGTERM')
    server = null

    // Bulk apply alone, into the copy taken before the pull, pages of 500 as the client pulls.
    const applyDir = join(root, 'apply')
    mkdirSync(applyDir, { recursive: true })
    copyFileSync(join(root, 'before-pull.sqlite'), join(applyDir, 'loket.sqlite'))
    station = await openStation({ keys: TEST_KEYS, dataDir: applyDir, autoSync: false })
    const applier = station
    const pages: PulledPage[] = []
    for (let i = 0; i < wire.length; i += 500)
      pages.push({ events: wire.slice(i, i + 500), cursor: i + 500 })
    const apply = await timed(() => applier.sync.applyPages(pages))
    // The rows the apply wrote, for the anchors to write the same.
    const centralEvents = (await station
      .db('events')
      .whereNot({ station_id: station.sync.stationId })
      .orderBy('seq')
      .select(station.db.raw(EVENT_COLS))) as Record<string, string | number>[]
    const appliedRows: AppliedRows = {
      events: centralEvents.map((r) => Object.values(r)),
      followups: (
        (await station.db('followups').select(station.db.raw(FOLLOWUP_COLS))) as Record<
          string,
          string | number | null
        >[]
      ).map((r) => Object.values(r)),
      cases: (
        (await station
          .db('cases')
          .whereIn('id', station.db('followups').distinct('case_id'))
          .select('id', 'updated_at', 'last_response_day')) as Record<string, string | null>[]
      ).map((r) => Object.values(r)),
    }
    await station.close()
    station = null
    copyFileSync(join(root, 'anchor.sqlite'), join(root, 'anchor-all.sqlite'))
    const anchor = sqliteCliInsert(join(root, 'anchor.sqlite'), appliedRows, 'events')
    const anchorAll = sqliteCliInsert(join(root, 'anchor-all.sqlite'), appliedRows, 'all')

    // PouchDB with the same records as documents.
    const docs = wire.map((e) => ({ _id: e.id, ...e }))
    log('PouchDB, batch 100…')
    const pouch100 = await pouchdb(docs, 100)
    log('PouchDB, batch 1000…')
    const pouch1000 = await pouchdb(docs, 1000)

    const results = {
      when: new Date().toISOString(),
      machine: `${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
      postgres: 'throwaway cluster, fsync on',
      pushEvents: pending,
      pushBytes: bytes,
      pushMs: Math.round(push.ms),
      pushPerSec: rate(pending, push.ms),
      pullEvents: PULLS,
      pullMs: Math.round(pull.ms),
      pullPerSec: rate(PULLS, pull.ms),
      applyPerSec: rate(PULLS, apply.ms),
      sqliteCli: { version: anchor.version, perSec: rate(PULLS, anchor.ms) },
      sqliteCliAllWrites: { perSec: rate(PULLS, anchorAll.ms) },
      applyRatio: Math.round((apply.ms > 0 ? anchor.ms / apply.ms : 0) * 100) / 100,
      applyRatioAllWrites: Math.round((apply.ms > 0 ? anchorAll.ms / apply.ms : 0) * 100) / 100,
      pouchdb: { docs: docs.length, batch100: pouch100, batch1000: pouch1000 },
      pushVsPouch: Math.round((rate(pending, push.ms) / Math.max(pouch100, pouch1000)) * 10) / 10,
      pushParts: {
        events: parts.events,
        stationPerSec: rate(parts.events, parts.stationMs),
        checkPerSec: rate(parts.events, parts.checkMs),
        postgresPerSec: rate(parts.events, parts.postgresMs),
        // Two cores, the three parts perfectly overlapped, nothing else.
        twoCoreCeiling: rate(
          parts.events,
          (parts.stationMs + parts.checkMs + parts.postgresMs) / (cpus().length || 1),
        ),
      },
    }
    const us = (ms: number) => ((ms * 1000) / parts.events).toFixed(1)
    const partsMs = parts.stationMs + parts.checkMs + parts.postgresMs
    const pass = (ok: boolean) => (ok ? 'pass' : 'FAIL')
    const md = `## Sync (\`npm run bench:sync\`)

Written on ${results.when}: ${results.machine}. The central server (its own process) on PostgreSQL (${results.postgres}) over HTTP on loopback; a real station's sync client. The same run measures the anchors.

| measure | events | time | events/s |
| --- | ---: | ---: | ---: |
| push (signed batches of ≤ 1,000, ${(bytes / pending).toFixed(0)} B payload as stored, sealed, on average) | ${pending.toLocaleString('en')} | ${(push.ms / 1000).toFixed(1)} s | ${results.pushPerSec.toLocaleString('en')} |
| pull (pages of 500, fetched and applied) | ${PULLS.toLocaleString('en')} | ${(pull.ms / 1000).toFixed(1)} s | ${results.pullPerSec.toLocaleString('en')} |
| bulk apply of pulled events (\`applyPages\`, pages of 500) | ${PULLS.toLocaleString('en')} | ${(apply.ms / 1000).toFixed(1)} s | ${results.applyPerSec.toLocaleString('en')} |
| sqlite3 ${anchor.version} tool, the same event rows (as stored, sealed) into \`events\` | ${PULLS.toLocaleString('en')} | ${(anchor.ms / 1000).toFixed(1)} s | ${results.sqliteCli.perSec.toLocaleString('en')} |
| sqlite3 ${anchor.version} tool, every write the apply makes (event rows, follow-up rows, cases' dates) | ${PULLS.toLocaleString('en')} | ${(anchorAll.ms / 1000).toFixed(1)} s | ${results.sqliteCliAllWrites.perSec.toLocaleString('en')} |
| PouchDB 9 → express-pouchdb (LevelDB, own process), batch 100 | ${docs.length.toLocaleString('en')} | | ${pouch100.toLocaleString('en')} |
| PouchDB 9 → express-pouchdb (LevelDB, own process), batch 1,000 | ${docs.length.toLocaleString('en')} | | ${pouch1000.toLocaleString('en')} |

Where push time goes: each part alone, on the same ${parts.events.toLocaleString('en')} events.

| part | events/s | µs per event |
| --- | ---: | ---: |
| station: read, open, sign and serialise the batches (nothing sent) | ${results.pushParts.stationPerSec.toLocaleString('en')} | ${us(parts.stationMs)} |
| centre: parse and check them (every hash, content hash, signature; nothing stored) | ${results.pushParts.checkPerSec.toLocaleString('en')} | ${us(parts.checkMs)} |
| PostgreSQL: the stored rows into an empty copy of \`events\`, 1,000 per transaction | ${results.pushParts.postgresPerSec.toLocaleString('en')} | ${us(parts.postgresMs)} |
| the three, one after another | ${rate(parts.events, partsMs).toLocaleString('en')} | ${us(partsMs)} |

With the three parts perfectly overlapped on ${cpus().length} cores and nothing else (HTTP, schema validation, new cases, the status fold, the station's lock), push could reach at most ${results.pushParts.twoCoreCeiling.toLocaleString('en')} events/s; 5× PouchDB's better batch size is ${(5 * Math.max(pouch100, pouch1000)).toLocaleString('en')}.

| target | value | limit | result |
| --- | ---: | ---: | --- |
| push throughput | ${results.pushPerSec.toLocaleString('en')} events/s | ≥ 10,000 | ${pass(results.pushPerSec >= 10_000)} |
| push vs PouchDB (its better batch size) | ${results.pushVsPouch}× | ≥ 5× | ${pass(results.pushVsPouch >= 5)} |
| bulk apply vs sqlite3 tool, event rows | ${results.applyRatio} | ≥ 0.5 | ${pass(results.applyRatio >= 0.5)} |
| bulk apply vs sqlite3 tool, every write the apply makes | ${results.applyRatioAllWrites} | (≥ 0.5) | ${pass(results.applyRatioAllWrites >= 0.5)} |
`
    const jsonPath = resolve('bench/results.json')
    const all = JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>
    all['sync'] = results
    writeFileSync(jsonPath, `${JSON.stringify(all, null, 2)}\n`)
    const mdPath = resolve('bench/RESULTS.md')
    const text = readFileSync(mdPath, 'utf8')
    const start = text.indexOf('## Sync (')
    const kept = start >= 0 ? text.slice(0, start).trimEnd() : text.trimEnd()
    writeFileSync(mdPath, `${kept}\n\n${md}`)
    log(md)
  } finally {
    server?.kill('SIGKILL')
    await station?.close()
    await db?.destroy()
    await pg.stop()
    rmSync(root, { recursive: true, force: true })
  }
}

await main()
