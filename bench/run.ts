// `npm run bench [-- --sizes 100000,1000000] [--samples 200] [--keep] [--rapor-only]
//   [--stall-only] [--stall-cases 100000] [--stall-export 100000] [--stall-pulls 50000]
//   [--stall-label current]`
//
// For each size: seeds a fresh station with realistic cases (bench/seed/),
// measures save, list-page and search latency through core's dispatch, and, as
// the anchor, times the sqlite3 command-line tool loading the same rows (same
// generator, same seed) into the same schema. Writes bench/results.json and
// bench/RESULTS.md (overwritten on each run, except the sections other
// benchmarks keep there), then the rapor section (bench/rapor.ts) and the
// event-loop stalls (bench/stall.ts). Not a test.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CASE_STATUSES, CHANNELS } from '../src/shared/domain'
import type { CasePage } from '../src/shared/api'
import { openStation, type Station } from '../src/core/station'
import {
  CASE_COLUMNS,
  COMMON_WORDS,
  CaseGenerator,
  EVENT_COLUMNS,
  PAUSE_COLUMNS,
  RARE_WORDS,
  TWO_WORD_QUERIES,
  mulberry32,
  sampleIntake,
  seedCases,
  type SeedOptions,
  type SqlValue,
} from './seed'
import { as } from '../tests/support/actors'
import { RAPOR_MARK, runRaporBench, writeRaporResults } from './rapor'
import { runStallBench, writeStallResults } from './stall'
import { TEST_KEYS } from '../tests/support/keys'

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    samples: { type: 'string', default: '200' },
    seed: { type: 'string', default: '20261123' },
    keep: { type: 'boolean', default: false },
    // Only the rapor and export section (bench/rapor.ts), which always runs last.
    'rapor-only': { type: 'boolean', default: false },
    // Only the event-loop stalls (bench/stall.ts), on a smaller seeded station.
    'stall-only': { type: 'boolean', default: false },
    'stall-cases': { type: 'string', default: '100000' },
    'stall-export': { type: 'string', default: '100000' },
    'stall-pulls': { type: 'string', default: '50000' },
    'stall-label': { type: 'string', default: 'current' },
  },
})
const SIZES = args.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')))
if (SIZES.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`bad --sizes ${args.sizes}`)
const SAMPLES = Number(args.samples)
const WARMUP = 20
const SEED = Number(args.seed)
const DATA = resolve('bench/data')
const TARGETS = { saveP95Ms: 10, listP95Ms: 20, searchP95Ms: 50, seedRatio: 0.5 }
const PARTIAL_WORDS = ['jala', 'pungut', 'bantu', 'sekol', 'kecamat']

// ---------------------------------------------------------------------------
// Figures

interface Metric {
  name: string
  /** 'info' figures are reported but not held against a target. */
  group: 'save' | 'list' | 'search' | 'info'
  samples: number
  p50: number
  p95: number
  max: number
  /** For searches: how many cases the queries match (average over the rotated queries). */
  matches?: number
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits

function summarise(name: string, group: Metric['group'], ms: number[]): Metric {
  const s = [...ms].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number
  return {
    name,
    group,
    samples: s.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(s[s.length - 1] as number),
  }
}

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  const res = await station.dispatch(method, input, as(method, 'bench'))
  if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`)
  return res.result as R
}

/** Times `samples` calls after a warm-up; `f` gets the call's index. */
async function measure(
  name: string,
  group: Metric['group'],
  f: (i: number) => Promise<unknown>,
): Promise<Metric> {
  for (let i = 0; i < WARMUP; i++) await f(-1 - i)
  const ms: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now()
    await f(i)
    ms.push(performance.now() - t)
  }
  return summarise(name, group, ms)
}

const pickAt = <T>(items: readonly T[], i: number): T =>
  items[((i % items.length) + items.length) % items.length] as T

function dayOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

async function measureStation(station: Station, until: Date, days: number): Promise<Metric[]> {
  const metrics: Metric[] = []
  const rng = mulberry32(SEED ^ 0x5a5a)
  metrics.push(
    await measure('save (case.create)', 'save', () =>
      call(station, 'case.create', sampleIntake(rng)),
    ),
  )

  const list = (input: object) => call<CasePage>(station, 'case.list', { limit: 50, ...input })
  metrics.push(await measure('list: newest', 'list', () => list({})))
  metrics.push(
    await measure('list: status filter', 'list', (i) => list({ status: pickAt(CASE_STATUSES, i) })),
  )
  metrics.push(
    await measure('list: channel filter', 'list', (i) => list({ channel: pickAt(CHANNELS, i) })),
  )
  // A calendar month somewhere in the seeded period.
  const months = Math.max(1, Math.floor(days / 31))
  metrics.push(
    await measure('list: date range (a month)', 'list', (i) => {
      const back = pickAt(
        Array.from({ length: months }, (_, k) => k),
        i * 7,
      )
      const first = new Date(until.getFullYear(), until.getMonth() - back, 1)
      const last = new Date(until.getFullYear(), until.getMonth() - back + 1, 0)
      return list({ from: dayOf(first), to: dayOf(last) })
    }),
  )
  // Following the cursor: pages 2 to 4 of the newest list, each request timed.
  {
    const ms: number[] = []
    const walk = async (timed: boolean) => {
      let page = await list({})
      for (let p = 0; p < 3 && page.nextCursor; p++) {
        const t = performance.now()
        page = await list({ cursor: page.nextCursor })
        if (timed) ms.push(performance.now() - t)
      }
    }
    for (let i = 0; i < WARMUP; i++) await walk(false)
    while (ms.length < SAMPLES) await walk(true)
    metrics.push(summarise('list: cursor, pages 2–4', 'list', ms))
  }

  const matches = async (queries: readonly string[]) => {
    let total = 0
    for (const q of queries) {
      const words = q.split(' ').map((w) => `"${w}"*`)
      const rows = (await station.db.raw(
        'SELECT count(*) AS n FROM cases_fts WHERE cases_fts MATCH ?',
        [words.join(' ')],
      )) as { n: number }[]
      total += Number(rows[0]?.n ?? 0)
    }
    return Math.round(total / queries.length)
  }
  const search = async (
    name: string,
    queries: readonly string[],
    group: Metric['group'] = 'search',
  ) => {
    const m = await measure(name, group, (i) => list({ q: pickAt(queries, i) }))
    metrics.push({ ...m, matches: await matches(queries) })
  }
  await search(`search: rare word (${RARE_WORDS.join(', ')})`, RARE_WORDS)
  await search(`search: common word (${COMMON_WORDS.join(', ')})`, COMMON_WORDS)
  await search(`search: two words (${TWO_WORD_QUERIES.join('; ')})`, TWO_WORD_QUERIES)
  // Not a target: words still being typed, which fall back to prefix matching.
  await search(`search: partly typed word (${PARTIAL_WORDS.join(', ')})`, PARTIAL_WORDS, 'info')
  return metrics
}

// ---------------------------------------------------------------------------
// The anchor: the sqlite3 command-line tool loading the same rows

function csvField(v: SqlValue): string {
  if (v === null) return ''
  if (typeof v === 'number') return String(v)
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

async function writeLines(out: WriteStream, lines: string[]): Promise<void> {
  if (lines.length === 0) return
  if (!out.write(lines.join(''))) await once(out, 'drain')
}

/** Orders generated rows into the table's own column order (CSV import is positional). */
function reorder(
  tableColumns: string[],
  ours: readonly string[],
  extra: Record<string, (i: number) => SqlValue> = {},
): (row: SqlValue[], i: number) => string {
  const index = tableColumns.map((c) => ours.indexOf(c))
  return (row, i) =>
    `${tableColumns
      .map((c, k) => {
        const at = index[k] as number
        if (at >= 0) return csvField(row[at] as SqlValue)
        const f = extra[c]
        return f ? csvField(f(i)) : ''
      })
      .join(',')}\n`
}

interface Anchor {
  measured: boolean
  reason?: string
  version?: string
  ms?: number
  rowsPerSecond?: number
  csvMs?: number
}

async function cliAnchor(
  dir: string,
  options: SeedOptions,
  schema: Array<{ type: string; name: string; sql: string }>,
  columns: Record<'events' | 'cases' | 'case_pauses', string[]>,
  expected: { events: number; head: string },
): Promise<Anchor> {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0) {
    console.log('  sqlite3 command-line tool not found; install it with: apt-get install sqlite3')
    return { measured: false, reason: 'sqlite3 command-line tool not installed' }
  }
  const version = probe.stdout.trim().split(' ')[0] ?? 'unknown'
  const cli = join(dir, 'cli')
  mkdirSync(cli, { recursive: true })

  // 1. The same rows as CSV, from the same generator and seed.
  console.log('  anchor: writing the same rows as CSV…')
  const csvStarted = performance.now()
  const files = {
    events: join(cli, 'events.csv'),
    cases: join(cli, 'cases.csv'),
    case_pauses: join(cli, 'case_pauses.csv'),
  }
  const out = {
    events: createWriteStream(files.events),
    cases: createWriteStream(files.cases),
    case_pauses: createWriteStream(files.case_pauses),
  }
  const eventLine = reorder(columns.events, EVENT_COLUMNS)
  const caseLine = reorder(columns.cases, CASE_COLUMNS, { pk: (i) => i + 1 })
  const pauseLine = reorder(columns.case_pauses, PAUSE_COLUMNS)
  const generator = new CaseGenerator(options)
  let pk = 0
  for (let chunk = generator.nextChunk(); chunk; chunk = generator.nextChunk()) {
    await writeLines(
      out.cases,
      chunk.cases.map((r) => caseLine(r, pk++)),
    )
    await writeLines(
      out.events,
      chunk.events.map((r, i) => eventLine(r, i)),
    )
    await writeLines(
      out.case_pauses,
      chunk.pauses.map((r, i) => pauseLine(r, i)),
    )
  }
  await Promise.all(Object.values(out).map((s) => new Promise((r) => s.end(r))))
  const csvMs = performance.now() - csvStarted
  // The chain head hashes every event, so equal heads mean the very same events.
  if (generator.events !== expected.events || generator.head !== expected.head) {
    throw new Error('the CSV rows differ from the seeded ones')
  }

  // 2. The schema as the station created it; FTS triggers after the load, as in seedCases.
  const virtual = schema.filter((s) => /^CREATE VIRTUAL TABLE/i.test(s.sql)).map((s) => s.name)
  const shadow = (name: string) =>
    virtual.some((v) =>
      ['data', 'idx', 'content', 'docsize', 'config'].some((x) => name === `${v}_${x}`),
    )
  const kept = schema.filter((s) => !s.name.startsWith('sqlite_') && !shadow(s.name))
  const ofType = (type: string, virtualTable = false) =>
    kept
      .filter((s) => s.type === type && /^CREATE VIRTUAL TABLE/i.test(s.sql) === virtualTable)
      .map((s) => `${s.sql};`)
  const script = [
    '.bail on',
    'PRAGMA journal_mode = WAL;',
    'PRAGMA synchronous = NORMAL;',
    'PRAGMA foreign_keys = ON;',
    'PRAGMA cache_size = -262144;',
    ...ofType('table'),
    ...ofType('view'),
    ...ofType('table', true),
    ...ofType('index'),
    'BEGIN;',
    `.import --csv ${files.events} events`,
    `.import --csv ${files.cases} cases`,
    `.import --csv ${files.case_pauses} case_pauses`,
    "INSERT INTO cases_fts(cases_fts) VALUES ('rebuild');",
    ...ofType('trigger'),
    'COMMIT;',
    'PRAGMA wal_checkpoint(TRUNCATE);',
    '',
  ].join('\n')
  const scriptFile = join(cli, 'load.sql')
  writeFileSync(scriptFile, script)

  // 3. The load, timed end to end as one process.
  console.log(`  anchor: sqlite3 ${version} loading ${options.count.toLocaleString('en')} cases…`)
  const target = join(cli, 'anchor.sqlite')
  const started = performance.now()
  const child = spawn('sqlite3', [target, `.read ${scriptFile}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  const ms = performance.now() - started
  if (code !== 0 || stderr.trim() !== '') {
    throw new Error(`sqlite3 failed (${code}): ${stderr.slice(0, 2000)}`)
  }
  const check = spawnSync(
    'sqlite3',
    [
      target,
      "SELECT (SELECT count(*) FROM cases) || ' ' || (SELECT count(*) FROM events) || ' ' || (SELECT hash FROM events ORDER BY seq DESC LIMIT 1)",
    ],
    { encoding: 'utf8' },
  )
  const [cases, events, head] = check.stdout.trim().split(' ')
  if (
    Number(cases) !== options.count ||
    Number(events) !== expected.events ||
    head !== expected.head
  ) {
    throw new Error(`sqlite3 loaded ${cases} cases and ${events} events, head ${head}`)
  }
  rmSync(cli, { recursive: true, force: true })
  return {
    measured: true,
    version,
    ms: Math.round(ms),
    rowsPerSecond: Math.round((options.count / ms) * 1000),
    csvMs: Math.round(csvMs),
  }
}

// ---------------------------------------------------------------------------
// One size

interface SizeResult {
  cases: number
  events: number
  databaseBytes: number
  seed: { rows: number; ms: number; rowsPerSecond: number }
  anchor: Anchor
  seedRatio: number | null
  metrics: Metric[]
  targets: Record<
    'save' | 'list' | 'search' | 'seedRatio',
    { value: number | null; limit: number; pass: boolean }
  >
}

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

async function runSize(count: number): Promise<SizeResult> {
  console.log(`\n== ${count.toLocaleString('en')} cases ==`)
  const dir = join(DATA, String(count))
  rmSync(dir, { recursive: true, force: true })
  const dataDir = join(dir, 'station')
  let station = await openStation({ keys: TEST_KEYS, dataDir })

  const settings = (await station.db('settings').whereIn('key', ['stationId', 'stationCode'])) as {
    key: string
    value: string
  }[]
  const identity = new Map(settings.map((s) => [s.key, s.value]))
  const until = new Date()
  const spanDays = 3 * 365
  const options: SeedOptions = {
    count,
    stationId: identity.get('stationId') as string,
    stationCode: identity.get('stationCode') as string,
    seed: SEED,
    until,
    spanDays,
  }

  const started = performance.now()
  let shown = -1
  const seed = await seedCases(station.db, {
    ...options,
    onProgress: (done) => {
      // Every percent on a terminal, every ten percent in a log file.
      const step = process.stdout.isTTY ? 1 : 10
      const pct = Math.floor((done / count) * 100)
      if (Math.floor(pct / step) === shown && done !== count) return
      shown = Math.floor(pct / step)
      const rate = Math.round(done / ((performance.now() - started) / 1000))
      const line = `  seeding ${String(pct).padStart(3)}%  ${done.toLocaleString('en')} cases  ${rate.toLocaleString('en')} cases/s${done === count ? '  (building the search index…)' : ''}`
      if (process.stdout.isTTY) process.stdout.write(`\r${line}   `)
      else console.log(line)
    },
  })
  const seedRate = Math.round((seed.rows / seed.ms) * 1000)
  if (process.stdout.isTTY) process.stdout.write('\n')
  console.log(
    `  seeded ${count.toLocaleString('en')} cases in ${(seed.ms / 1000).toFixed(1)} s: ${seedRate.toLocaleString('en')} cases/s`,
  )
  const events = Number(((await station.db('events').count({ n: '*' }).first()) as { n: number }).n)
  const head = (
    (await station.db('events').orderBy('seq', 'desc').first('hash')) as { hash: string }
  ).hash
  const schema = (await station.db.raw(
    `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid`,
  )) as Array<{ type: string; name: string; sql: string }>
  const columnsOf = async (table: string) =>
    ((await station.db.raw(`PRAGMA table_info(${table})`)) as { name: string }[]).map((c) => c.name)
  const columns = {
    events: await columnsOf('events'),
    cases: await columnsOf('cases'),
    case_pauses: await columnsOf('case_pauses'),
  }
  const databaseBytes = fileSize(join(dataDir, 'loket.sqlite'))

  // Measure as after a restart of the station.
  await station.close()
  station = await openStation({ keys: TEST_KEYS, dataDir })
  console.log(`  measuring (${SAMPLES} samples each after ${WARMUP} warm-up calls)…`)
  const metrics = await measureStation(station, until, spanDays)
  await station.close()
  printMetrics(metrics)

  let anchor: Anchor
  try {
    anchor = await cliAnchor(dir, options, schema, columns, { events, head })
  } catch (err) {
    console.log(`  anchor failed: ${(err as Error).message}`)
    anchor = { measured: false, reason: (err as Error).message }
  }
  const seedRatio =
    anchor.measured && anchor.rowsPerSecond ? round(seedRate / anchor.rowsPerSecond) : null
  if (anchor.measured) {
    console.log(
      `  sqlite3 tool: ${anchor.rowsPerSecond?.toLocaleString('en')} cases/s (${((anchor.ms ?? 0) / 1000).toFixed(1)} s); ours/tool = ${seedRatio}`,
    )
  }
  if (!args.keep) rmSync(dir, { recursive: true, force: true })

  const worst = (group: Metric['group']) =>
    Math.max(...metrics.filter((m) => m.group === group).map((m) => m.p95))
  const target = (value: number | null, limit: number, atMost: boolean) => ({
    value,
    limit,
    pass: value !== null && (atMost ? value <= limit : value >= limit),
  })
  return {
    cases: count,
    events,
    databaseBytes,
    seed: { rows: seed.rows, ms: Math.round(seed.ms), rowsPerSecond: seedRate },
    anchor,
    seedRatio,
    metrics,
    targets: {
      save: target(worst('save'), TARGETS.saveP95Ms, true),
      list: target(worst('list'), TARGETS.listP95Ms, true),
      search: target(worst('search'), TARGETS.searchP95Ms, true),
      seedRatio: target(seedRatio, TARGETS.seedRatio, false),
    },
  }
}

function printMetrics(metrics: Metric[]): void {
  for (const m of metrics) {
    console.log(
      `  ${m.name.padEnd(64)} p50 ${String(m.p50).padStart(7)}  p95 ${String(m.p95).padStart(7)}  max ${String(m.max).padStart(7)} ms${m.matches !== undefined ? `  (${m.matches.toLocaleString('en')} matches)` : ''}`,
    )
  }
}

// ---------------------------------------------------------------------------
// Report

const environment = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: round(totalmem() / 2 ** 30, 1),
  platform: `${process.platform} ${process.arch}`,
  samples: SAMPLES,
  warmup: WARMUP,
  seed: SEED,
}

function writeReports(results: SizeResult[], sqliteVersion: string): void {
  // What the other benchmarks wrote (rapor, sync, stalls) is kept.
  const earlier = existsSync('bench/results.json')
    ? (JSON.parse(readFileSync('bench/results.json', 'utf8')) as Record<string, unknown>)
    : {}
  const report = {
    ...earlier,
    ...environment,
    sqlite: sqliteVersion,
    targets: TARGETS,
    sizes: results,
  }
  writeFileSync('bench/results.json', `${JSON.stringify(report, null, 2)}\n`)
  const md = existsSync('bench/RESULTS.md') ? readFileSync('bench/RESULTS.md', 'utf8') : ''
  const kept = md.includes(RAPOR_MARK) ? md.slice(md.indexOf(RAPOR_MARK)) : ''
  const yes = (p: boolean) => (p ? 'pass' : 'FAIL')
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${environment.date}: ${environment.cpu}, ${environment.cores} cores, ${environment.memoryGiB} GiB, Node ${environment.node}, SQLite ${sqliteVersion} (node sqlite3). Latencies in ms through core's dispatch on a real station database, ${SAMPLES} samples each after ${WARMUP} warm-up calls; machine-readable figures in \`results.json\`.`,
    '',
    'Seeding writes what the station writes: each case with its hash-chained `case.received` event, the screening and status events of handled cases (so statuses are a real mix), the projection rows, case pauses, the FTS index (rebuilt once) and the tracking-number counters, in one transaction. The anchor is the sqlite3 command-line tool loading the same rows (same generator and seed, as CSV) into the same schema with `.import --csv`, then the same FTS rebuild, with the same pragmas, timed as one process; writing the CSV files is not counted.',
    '',
  ]
  for (const r of results) {
    lines.push(
      `## ${r.cases.toLocaleString('en')} cases`,
      '',
      `${r.events.toLocaleString('en')} events; database ${(r.databaseBytes / 2 ** 30).toFixed(2)} GiB.`,
      '',
      '| measure | p50 | p95 | max |',
      '|---|---:|---:|---:|',
      ...r.metrics.map(
        (m) =>
          `| ${m.name}${m.matches !== undefined ? ` — ${m.matches.toLocaleString('en')} matches` : ''} | ${m.p50} | ${m.p95} | ${m.max} |`,
      ),
      '',
      '| seeding | cases/s | time |',
      '|---|---:|---:|',
      `| seedCases | ${r.seed.rowsPerSecond.toLocaleString('en')} | ${(r.seed.ms / 1000).toFixed(1)} s |`,
      r.anchor.measured
        ? `| sqlite3 ${r.anchor.version} \`.import\` + FTS rebuild | ${r.anchor.rowsPerSecond?.toLocaleString('en')} | ${((r.anchor.ms ?? 0) / 1000).toFixed(1)} s |`
        : `| sqlite3 command-line tool | not measured (${r.anchor.reason}) | |`,
      `| ratio (target ≥ ${TARGETS.seedRatio}) | ${r.seedRatio ?? '–'} | |`,
      '',
      '| target | worst p95 / value | limit | result |',
      '|---|---:|---:|---|',
      `| save p95 | ${r.targets.save.value} ms | ≤ ${TARGETS.saveP95Ms} ms | ${yes(r.targets.save.pass)} |`,
      `| list page p95 | ${r.targets.list.value} ms | ≤ ${TARGETS.listP95Ms} ms | ${yes(r.targets.list.pass)} |`,
      `| search p95 | ${r.targets.search.value} ms | ≤ ${TARGETS.searchP95Ms} ms | ${yes(r.targets.search.pass)} |`,
      `| seeding / sqlite3 tool | ${r.seedRatio ?? '–'} | ≥ ${TARGETS.seedRatio} | ${r.anchor.measured ? yes(r.targets.seedRatio.pass) : 'not measured'} |`,
      '',
    )
  }
  lines.push(
    'The targets apply at 1,000,000 cases; the smaller size is reported against the same limits. Search (`case.list` with `q`) first matches the words whole and falls back to prefix matching when that does not fill a page; the "partly typed word" line measures that fallback and is reported without a target.',
    '',
  )
  writeFileSync('bench/RESULTS.md', lines.join('\n') + (kept ? `\n${kept}` : ''))
}

async function sqliteVersion(): Promise<string> {
  const dir = join(DATA, 'version')
  const station = await openStation({ keys: TEST_KEYS, dataDir: dir })
  const rows = (await station.db.raw('SELECT sqlite_version() AS v')) as { v: string }[]
  await station.close()
  rmSync(dir, { recursive: true, force: true })
  return rows[0]?.v ?? 'unknown'
}

/** The sizes, then the rapor section. */
async function fullBench(): Promise<void> {
  const version = await sqliteVersion()
  const results: SizeResult[] = []
  for (const size of args['rapor-only'] ? [] : SIZES) {
    results.push(await runSize(size))
    writeReports(results, version)
  }

  console.log('\nSummary (ms; seeding in cases/s)')
  console.log(
    ['cases', 'save p95', 'list p95 (worst)', 'search p95 (worst)', 'seed', 'sqlite3', 'ratio']
      .map((h) => h.padStart(18))
      .join(''),
  )
  for (const r of results) {
    console.log(
      [
        r.cases.toLocaleString('en'),
        `${r.targets.save.value} ${r.targets.save.pass ? '✓' : '✗'}`,
        `${r.targets.list.value} ${r.targets.list.pass ? '✓' : '✗'}`,
        `${r.targets.search.value} ${r.targets.search.pass ? '✓' : '✗'}`,
        r.seed.rowsPerSecond.toLocaleString('en'),
        r.anchor.rowsPerSecond?.toLocaleString('en') ?? 'n/a',
        `${r.seedRatio ?? 'n/a'} ${r.anchor.measured ? (r.targets.seedRatio.pass ? '✓' : '✗') : ''}`,
      ]
        .map((c) => c.padStart(18))
        .join(''),
    )
  }
  console.log('\nWritten: bench/results.json, bench/RESULTS.md')

  writeRaporResults(await runRaporBench({ samples: SAMPLES }))
  console.log('Written: the rapor section of bench/results.json and bench/RESULTS.md')
}

const count = (name: 'stall-cases' | 'stall-export' | 'stall-pulls') => {
  const n = Number(args[name].replace(/_/g, ''))
  if (!Number.isInteger(n) || n < 1) throw new Error(`bad --${name}`)
  return n
}
const stallOptions = {
  label: args['stall-label'],
  cases: count('stall-cases'),
  exported: count('stall-export'),
  pulls: count('stall-pulls'),
}
if (!args['stall-only']) await fullBench()
writeStallResults(await runStallBench(stallOptions))
console.log('Written: the stall section of bench/results.json and bench/RESULTS.md')
if (!args.keep) {
  try {
    rmdirSync(DATA) // only if nothing else is left in it
  } catch {
    // kept
  }
}
