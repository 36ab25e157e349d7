// Event-loop stalls: how long the thread that serves the window is kept from
// answering while the station does heavy work. Part of `npm run bench`, or
// alone with `npm run bench -- --stall-only [--stall-cases 100000]
// [--stall-export 100000] [--stall-pulls 50000] [--stall-label after]`.
//
// Two measures, each with perf_hooks.monitorEventLoopDelay sampling every
// 10 ms on the station's thread:
// - an XLSX export (internal variant) of --stall-export cases, on the station
//   seeded once by bench/raporSeed.ts with --stall-cases cases;
// - a pull of --stall-pulls events (the centre's notes on the station's cases)
//   from a central server in its own process on SQLite, over loopback.
// Each run is kept in bench/results.json under "stall" by its label, so runs
// taken before and after a change are shown side by side in bench/RESULTS.md.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { ExportJob } from '../src/shared/rapor'
import { openStation, type Station } from '../src/core/station'
import { ensureCentralIdentity } from '../src/server/central/centralIdentity'
import { createEnrolmentCode } from '../src/server/central/enrolment'
import { loadConfig } from '../src/server/config'
import { migrateServer, openServerDb, type ServerDb } from '../src/server/db'
import { as } from '../tests/support/actors'
import { TEST_KEYS } from '../tests/support/keys'
import { spawnCentre, writeCentralEvents } from './central'
import { ensureSeeded } from './raporSeed'
import { seedCases } from './seed'

/** The sampling interval: every figure includes it (an idle loop reads about 10 ms). */
const RESOLUTION_MS = 10
export const STALL_TARGETS = { p99Ms: 50, maxMs: 100 }
/** Cases the pulling station holds; the centre's events are spread over them. */
const PULL_STATION_CASES = 2_000

export interface StallFigures {
  /** Milliseconds between two samples of the event loop, sampling interval included. */
  p50: number
  p99: number
  max: number
  /** How long the work took, in ms. */
  workMs: number
}

const round = (x: number) => Math.round(x * 10) / 10

/** Runs `work` and reports how late the event loop answered meanwhile. */
export async function watchStalls<T>(
  work: () => Promise<T>,
): Promise<{ value: T; stall: StallFigures }> {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  h.enable()
  const started = performance.now()
  let value: T
  try {
    value = await work()
  } finally {
    h.disable()
  }
  const ms = (ns: number) => round(ns / 1e6)
  return {
    value,
    stall: {
      p50: ms(h.percentile(50)),
      p99: ms(h.percentile(99)),
      max: ms(h.max),
      workMs: Math.round(performance.now() - started),
    },
  }
}

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  const res = await station.dispatch(method, input, as(method, 'bench'))
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`)
  return res.result as R
}

/** One XLSX export of `limit` cases to its end; the file is discarded. */
async function exportXlsx(station: Station, limit: number): Promise<number> {
  const job = await call<ExportJob>(station, 'export.start', {
    format: 'xlsx',
    variant: 'internal',
    filter: {},
    limit,
  })
  const done = await station.exports.settled(job.id)
  if (done.state !== 'done') throw new Error(`the export ended ${done.state}`)
  await call(station, 'export.cancel', { jobId: job.id })
  return done.done
}

async function exportStall(cases: number, exported: number): Promise<StallFigures> {
  const dataDir = await ensureSeeded(cases, 20261123)
  const station = await openStation({ keys: TEST_KEYS, dataDir, autoSync: false })
  try {
    // A small export first: the rapor facts brought up to date, modules loaded.
    await exportXlsx(station, 100)
    const { value, stall } = await watchStalls(() => exportXlsx(station, exported))
    if (value !== exported) throw new Error(`exported ${value} of ${exported} cases`)
    return stall
  } finally {
    await station.close()
  }
}

async function pullStall(pulls: number): Promise<StallFigures> {
  const root = resolve('bench/data/stall')
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  const config = loadConfig({ LOKET_SERVER_DATA: join(root, 'server'), LOKET_LOG_LEVEL: 'silent' })
  const db: ServerDb = openServerDb(config)
  let station: Station | null = null
  let centre: Awaited<ReturnType<typeof spawnCentre>> | null = null
  try {
    await migrateServer(db)
    const identity = await ensureCentralIdentity(db, new Date())
    centre = await spawnCentre({ LOKET_SERVER_DATA: config.dataDir })
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: join(root, 'station'),
      autoSync: false,
      // The centre on SQLite stores a batch in one statement of at most 500 rows.
      syncBatchEvents: 400,
    })
    const { code } = await createEnrolmentCode(db, { label: 'bench' }, new Date())
    await call(station, 'sync.enrol', { serverUrl: centre.url, code, stationName: 'Bench' })
    const stationId = station.sync.stationId
    const stationCode = (await station.db('settings').where({ key: 'stationCode' }).first()).value
    await seedCases(station.db, {
      count: PULL_STATION_CASES,
      stationId,
      stationCode,
      until: new Date(),
      spanDays: 365,
    })
    // The station's own cases go up first (not measured), so the centre knows them.
    await station.sync.runOnce()
    const caseIds = (await station.db('cases').pluck('id')) as string[]
    await writeCentralEvents(db, identity.centralStationId, stationId, caseIds, pulls)
    const target = station
    const { stall } = await watchStalls(() => target.sync.runOnce())
    const status = await station.sync.status()
    if (status.lastError) throw new Error(`the pull failed: ${status.lastError}`)
    const pulled = (await station
      .db('events')
      .whereNot({ station_id: stationId })
      .count({ n: '*' })) as { n: number }[]
    if (Number(pulled[0]?.n) !== pulls) throw new Error(`pulled ${pulled[0]?.n} of ${pulls}`)
    return stall
  } finally {
    centre?.process.kill('SIGKILL')
    await station?.close()
    await db.destroy()
    rmSync(root, { recursive: true, force: true })
  }
}

export interface StallRun {
  label: string
  date: string
  machine: string
  cases: number
  exported: number
  pulls: number
  export: StallFigures
  pull: StallFigures
}

export async function runStallBench(o: {
  label: string
  cases: number
  exported: number
  pulls: number
}): Promise<StallRun> {
  console.log(`\n== event-loop stalls (${o.label}) ==`)
  const exportFigures = await exportStall(o.cases, o.exported)
  console.log(
    `  XLSX export of ${o.exported.toLocaleString('en')} cases: p99 ${exportFigures.p99} ms, max ${exportFigures.max} ms (${(exportFigures.workMs / 1000).toFixed(1)} s)`,
  )
  const pullFigures = await pullStall(o.pulls)
  console.log(
    `  pull of ${o.pulls.toLocaleString('en')} events: p99 ${pullFigures.p99} ms, max ${pullFigures.max} ms (${(pullFigures.workMs / 1000).toFixed(1)} s)`,
  )
  return {
    ...o,
    date: new Date().toISOString(),
    machine: `${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, Node ${process.version}`,
    export: exportFigures,
    pull: pullFigures,
  }
}

const MARK = '<!-- stall bench -->'
const END = '<!-- /stall bench -->'

/** Keeps the run under its label in results.json and rewrites the stall section from all kept runs. */
export function writeStallResults(run: StallRun): void {
  const jsonPath = 'bench/results.json'
  const json = existsSync(jsonPath)
    ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>)
    : {}
  const kept = ((json['stall'] as { runs?: StallRun[] } | undefined)?.runs ?? []).filter(
    (r) => r.label !== run.label,
  )
  const runs = [...kept, run]
  json['stall'] = { runs }
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`)

  const verdict = (f: StallFigures) =>
    f.p99 <= STALL_TARGETS.p99Ms && f.max <= STALL_TARGETS.maxMs ? 'pass' : 'FAIL'
  const row = (r: StallRun, what: string, f: StallFigures) =>
    `| ${r.label} | ${what} | ${(f.workMs / 1000).toFixed(1)} s | ${f.p50} | ${f.p99} | ${f.max} | ${verdict(f)} |`
  const section = [
    MARK,
    '',
    '## Event-loop stalls (`npm run bench`, or `npm run bench -- --stall-only`)',
    '',
    `How late the station's thread (the one that serves the window) answered while it worked, by \`perf_hooks.monitorEventLoopDelay\` sampling every ${RESOLUTION_MS} ms: every figure includes the ${RESOLUTION_MS} ms interval, so an idle loop reads about ${RESOLUTION_MS} ms. The export is an XLSX file (internal variant) from a station seeded with bench/raporSeed.ts; the pull fetches the centre's notes on a station's ${PULL_STATION_CASES.toLocaleString('en')} cases from the central server in its own process (SQLite), over loopback. Target: p99 ≤ ${STALL_TARGETS.p99Ms} ms and max ≤ ${STALL_TARGETS.maxMs} ms. Each labelled run is kept until a run with the same label replaces it.`,
    '',
    '| run | work | time | p50 (ms) | p99 (ms) | max (ms) | target |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...runs.flatMap((r) => [
      row(
        r,
        `XLSX export of ${r.exported.toLocaleString('en')} cases (station of ${r.cases.toLocaleString('en')})`,
        r.export,
      ),
      row(r, `pull of ${r.pulls.toLocaleString('en')} events`, r.pull),
    ]),
    '',
    ...runs.map((r) => `- ${r.label}: ${r.date}, ${r.machine}.`),
    '',
    END,
    '',
  ].join('\n')
  const mdPath = 'bench/RESULTS.md'
  const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmark results\n'
  const at = md.indexOf(MARK)
  const end = md.indexOf(END)
  const next =
    at >= 0 && end > at
      ? md.slice(0, at) + section + md.slice(end + END.length).replace(/^\n+/, '')
      : `${md.trimEnd()}\n\n${section}`
  writeFileSync(mdPath, next)
}
