// The report card and export benchmark: `npm run bench:rapor`, and the last
// part of `npm run bench`. Seeds a 1,000,000-case station once (bench/seed/)
// and keeps it in bench/data/rapor-1000000 for later runs; then measures the
// rapor (facts rebuild, first call after a restart, p50/p95 over several
// slices, and after a new case), and XLSX and CSV exports of 100,000 cases
// (time, peak RSS and the event-loop stall meanwhile, see stall.ts). Adds its section to bench/results.json and
// bench/RESULTS.md and leaves the other figures there as they are.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { openStation, type Station } from '../src/core/station'
import type { ExportJob, RaporFilter, RaporView } from '../src/shared/rapor'
import { ensureSeeded } from './raporSeed'
import { mulberry32, sampleIntake } from './seed'
import { watchStalls, type StallFigures } from './stall'
import { as } from '../tests/support/actors'
import { TEST_KEYS } from '../tests/support/keys'

const TARGETS = { raporP95Ms: 300, xlsx100kMs: 15_000 }

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d
const mib = (bytes: number) => round(bytes / 2 ** 20, 1)

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  const res = await station.dispatch(method, input, as(method, 'bench'))
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`)
  return res.result as R
}

interface Latency {
  name: string
  samples: number
  p50: number
  p95: number
  max: number
  total?: number
}

async function latency(
  name: string,
  samples: number,
  warmup: number,
  /** May return its own elapsed ms, to leave set-up out of the figure. */
  run: (i: number) => Promise<unknown>,
): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await run(i)
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const t = performance.now()
    const own = await run(i)
    times.push(typeof own === 'number' ? own : performance.now() - t)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0
  return { name, samples, p50: round(at(0.5)), p95: round(at(0.95)), max: round(at(1)) }
}

interface ExportFigure {
  format: string
  variant: string
  cases: number
  ms: number
  bytes: number
  rssBeforeMiB: number
  peakRssMiB: number
  rowsReadBack: number
  stall: StallFigures
}

async function measureExport(
  station: Station,
  format: 'xlsx' | 'csv',
  limit: number,
): Promise<ExportFigure> {
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 25)
  const started = performance.now()
  const { value: done, stall } = await watchStalls(async () => {
    const job = await call<ExportJob>(station, 'export.start', {
      format,
      variant: 'internal',
      filter: {},
      limit,
    })
    return station.exports.settled(job.id)
  })
  const ms = performance.now() - started
  clearInterval(sampler)
  if (done.state !== 'done') throw new Error(`export ${format} ended ${done.state}`)
  const path = station.exports.filePath(done.id)
  // Read the file back (streaming) so the figure is for a complete, valid file.
  let rows = 0
  if (format === 'xlsx') {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {})
    for await (const sheet of reader) {
      for await (const row of sheet) if (row.number > 1) rows++
    }
    rows = rows - 2 // the info sheet's three rows counted two past its first
  } else {
    rows = readFileSync(path, 'utf8').split('\r\n').length - 5
  }
  const bytes = statSync(path).size
  await call(station, 'export.cancel', { jobId: done.id })
  return {
    format,
    variant: 'internal',
    cases: done.done,
    ms: Math.round(ms),
    bytes,
    rssBeforeMiB: mib(before),
    peakRssMiB: mib(peak),
    rowsReadBack: rows,
    stall,
  }
}

export interface RaporBenchResult {
  date: string
  cases: number
  factsRebuildMs: number
  firstCallAfterRestartMs: number
  latencies: Latency[]
  exports: ExportFigure[]
  targets: Record<string, { value: number; limit: number; pass: boolean }>
}

export async function runRaporBench(
  options: { count?: number; samples?: number } = {},
): Promise<RaporBenchResult> {
  const count = options.count ?? 1_000_000
  const samples = options.samples ?? 200
  console.log(`\n== rapor and exports, ${count.toLocaleString('en')} cases ==`)
  const dataDir = await ensureSeeded(count, 20261123)

  // 1. Rebuild the facts from scratch (as after a holiday or tier change).
  let station = await openStation({ keys: TEST_KEYS, dataDir })
  await station.db('settings').where({ key: 'rapor.state' }).delete()
  let t = performance.now()
  await call(station, 'rapor.get', { filter: {} })
  const factsRebuildMs = Math.round(performance.now() - t)
  console.log(`  facts rebuilt in ${(factsRebuildMs / 1000).toFixed(1)} s`)
  await station.close()

  // 2. After a restart: the first call loads the facts' columns.
  station = await openStation({ keys: TEST_KEYS, dataDir })
  t = performance.now()
  const full = await call<RaporView>(station, 'rapor.get', { filter: {} })
  const firstCallAfterRestartMs = Math.round(performance.now() - t)
  console.log(`  first rapor after a restart: ${firstCallAfterRestartMs} ms`)
  console.log(
    `  whole station: ${full.rapor.total.toLocaleString('en')} in the four buckets, completion ${full.rapor.completionPct}%, ${full.rapor.avgCalendarDays} days (${full.rapor.avgWorkingDays} working), within deadline ${full.rapor.withinDeadlinePct}%`,
  )

  // 3. Warm latency over several slices, through dispatch.
  const months = full.months.map((m) => m.month)
  const lastYear = months.slice(-12)
  const slices: Array<[string, RaporFilter]> = [
    ['rapor: whole station', {}],
    ['rapor: last 12 months', { fromMonth: lastYear[0], toMonth: lastYear.at(-1) }],
    ['rapor: one month', { fromMonth: months.at(-2), toMonth: months.at(-2) }],
    ['rapor: channel whatsapp', { channel: 'whatsapp' }],
    ['rapor: agency DINKES, kind pengaduan', { agency: 'DINKES', kind: 'pengaduan' }],
    [
      'rapor: category Infrastruktur, last 12 months',
      { category: 'Infrastruktur', fromMonth: lastYear[0], toMonth: lastYear.at(-1) },
    ],
  ]
  const latencies: Latency[] = []
  for (const [name, filter] of slices) {
    const m = await latency(name, samples, 20, () => call(station, 'rapor.get', { filter }))
    const r = (await call<RaporView>(station, 'rapor.get', { filter })).rapor
    latencies.push({ ...m, total: r.total + r.apart.diteruskan + r.apart.diarsipkan })
    console.log(`  ${name.padEnd(48)} p50 ${m.p50} ms  p95 ${m.p95} ms  max ${m.max} ms`)
  }
  // A new case at the desk, then the rapor: the refresh recomputes just that case.
  const rng = mulberry32(7)
  const afterSave = await latency('rapor: right after a new case (save not timed)', 50, 5, () =>
    call(station, 'case.create', sampleIntake(rng)).then(() => {
      const started = performance.now()
      return call(station, 'rapor.get', { filter: {} }).then(() => performance.now() - started)
    }),
  )
  latencies.push(afterSave)
  console.log(`  ${afterSave.name.padEnd(48)} p50 ${afterSave.p50} ms  p95 ${afterSave.p95} ms`)

  // 4. Exports of 100,000 cases.
  const exports: ExportFigure[] = []
  for (const format of ['xlsx', 'csv'] as const) {
    const e = await measureExport(station, format, 100_000)
    exports.push(e)
    console.log(
      `  export ${format} of ${e.cases.toLocaleString('en')} cases: ${(e.ms / 1000).toFixed(1)} s, ${mib(e.bytes)} MiB, RSS ${e.rssBeforeMiB} → peak ${e.peakRssMiB} MiB, ${e.rowsReadBack.toLocaleString('en')} rows read back, event loop p99 ${e.stall.p99} ms, max ${e.stall.max} ms`,
    )
  }
  await station.close()

  const worst = Math.max(...latencies.filter((l) => l !== afterSave).map((l) => l.p95))
  const xlsx = exports.find((e) => e.format === 'xlsx') as ExportFigure
  return {
    date: new Date().toISOString(),
    cases: count,
    factsRebuildMs,
    firstCallAfterRestartMs,
    latencies,
    exports,
    targets: {
      raporP95: { value: worst, limit: TARGETS.raporP95Ms, pass: worst <= TARGETS.raporP95Ms },
      xlsx100k: { value: xlsx.ms, limit: TARGETS.xlsx100kMs, pass: xlsx.ms <= TARGETS.xlsx100kMs },
    },
  }
}

export const RAPOR_MARK = '<!-- rapor bench -->'
const MARK = RAPOR_MARK

/** Adds (or replaces) the rapor section in the results files, keeping the rest. */
export function writeRaporResults(r: RaporBenchResult): void {
  const jsonPath = 'bench/results.json'
  const json = existsSync(jsonPath)
    ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>)
    : {}
  json['rapor'] = r
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`)

  const yes = (p: boolean) => (p ? 'pass' : 'FAIL')
  const section = [
    MARK,
    '',
    `## Rapor and exports (${r.cases.toLocaleString('en')} cases)`,
    '',
    `Written by \`npm run bench:rapor\` (also the last part of \`npm run bench\`) on ${r.date}, on the station seeded by bench/seed/ and kept in bench/data/rapor-${r.cases}. Latencies in ms through core's dispatch (\`rapor.get\`), after 20 warm-up calls.`,
    '',
    `- Facts rebuilt from the whole projection (after a holiday or tier change): ${(r.factsRebuildMs / 1000).toFixed(1)} s.`,
    `- First rapor after a restart (loads the facts into memory): ${r.firstCallAfterRestartMs} ms.`,
    '',
    '| measure | cases in slice | samples | p50 | p95 | max |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.latencies.map(
      (l) =>
        `| ${l.name} | ${l.total?.toLocaleString('en') ?? ''} | ${l.samples} | ${l.p50} | ${l.p95} | ${l.max} |`,
    ),
    '',
    '| export (internal variant) | cases | time | file | RSS before | peak RSS | rows read back | event loop p99 / max |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.exports.map(
      (e) =>
        `| ${e.format.toUpperCase()} | ${e.cases.toLocaleString('en')} | ${(e.ms / 1000).toFixed(1)} s | ${mib(e.bytes)} MiB | ${e.rssBeforeMiB} MiB | ${e.peakRssMiB} MiB | ${e.rowsReadBack.toLocaleString('en')} | ${e.stall.p99} / ${e.stall.max} ms |`,
    ),
    '',
    '| target | value | limit | result |',
    '| --- | ---: | ---: | --- |',
    `| rapor p95 (worst slice) | ${r.targets['raporP95']?.value} ms | ≤ ${TARGETS.raporP95Ms} ms | ${yes(r.targets['raporP95']?.pass ?? false)} |`,
    `| XLSX export of 100,000 cases | ${((r.targets['xlsx100k']?.value ?? 0) / 1000).toFixed(1)} s | ≤ ${TARGETS.xlsx100kMs / 1000} s | ${yes(r.targets['xlsx100k']?.pass ?? false)} |`,
    '',
  ].join('\n')
  const mdPath = 'bench/RESULTS.md'
  const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmark results\n'
  const at = md.indexOf(MARK)
  const kept = at >= 0 ? md.slice(0, at) : `${md.trimEnd()}\n\n`
  // The sections other benchmarks write after this one stay.
  const after = at >= 0 ? md.slice(at + MARK.length) : ''
  const next = [after.indexOf('\n<!-- '), after.indexOf('\n## Sync (')].filter((i) => i >= 0)
  const rest = next.length > 0 ? `\n${after.slice(Math.min(...next)).trimStart()}` : ''
  writeFileSync(mdPath, kept + section + rest)
}

if (process.argv[1]?.endsWith(join('bench', 'rapor.ts'))) {
  const result = await runRaporBench()
  writeRaporResults(result)
  console.log('\nWritten: bench/results.json, bench/RESULTS.md (rapor section)')
}
