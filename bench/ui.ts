// `npm run bench:ui [-- --runs 10] [--root <checkout>] [--as current|baseline]`
//
// The first screen, as a clerk meets it: the web host of a checkout (its own
// `src/host/cli.ts` serving its own `out/renderer`, built beforehand) on
// loopback, headless Chromium with the browser tests' flags, a fresh browser
// context (so an empty cache) for each run. Each run measures, in the page's
// own clock:
//   (a) from navigation to a usable sign-in (the username field visible and enabled),
//   (b) from the click on "Masuk" to a usable intake form (its first field enabled),
//   (c) the JavaScript transferred before the sign-in was usable (encoded
//       bodies, so compressed when the host compressed it).
// Medians over the runs, after one warm-up run that is not counted (it warms
// the host, not the browser). `--as baseline --root <older checkout>` records
// the same figures for an older build beside the current ones. Adds its
// section to bench/results.json and bench/RESULTS.md and keeps the rest.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium, type Browser } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from '../tests/support/chromium'

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    root: { type: 'string', default: '.' },
    as: { type: 'string', default: 'current' },
  },
})
const RUNS = Number(args.runs)
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`bad --runs ${args.runs}`)
if (args.as !== 'current' && args.as !== 'baseline') throw new Error(`bad --as ${args.as}`)
const ROOT = resolve(args.root)
const TARGETS = { signInMs: 1000, intakeMs: 800, initialJsKB: 600 }
const PASSWORD = 'kata-sandi-bench-ui-1'

const SIGN_IN_FIELD = '[data-testid="signin-username"]'
const INTAKE_FIELD = '[data-testid="intake-channel"]'
const SUBMIT = '[data-testid="signin-submit"]'

/**
 * Runs in the page before its own scripts (Playwright injects it past the
 * page's CSP): notes, by `performance.now()` (ms since navigation), the
 * first moment each field is usable and the moment "Masuk" is clicked.
 */
function observe(fields: { signIn: string; intake: string; submit: string }): void {
  const marks: Record<string, number> = {}
  ;(window as unknown as { __benchMarks: Record<string, number> }).__benchMarks = marks
  const usable = (selector: string): boolean => {
    const el = document.querySelector(selector)
    if (!el) return false
    const box = el.getBoundingClientRect()
    const style = getComputedStyle(el)
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') return false
    const control = el.matches('input, textarea, button') ? el : el.querySelector('input, textarea')
    const disabled =
      el.classList.contains('is-disabled') ||
      el.querySelector('.is-disabled') !== null ||
      (control as HTMLInputElement | null)?.disabled === true
    return control !== null && !disabled
  }
  const check = () => {
    const now = performance.now()
    if (marks['signIn'] === undefined && usable(fields.signIn)) marks['signIn'] = now
    if (marks['intake'] === undefined && marks['submit'] !== undefined && usable(fields.intake)) {
      marks['intake'] = now
    }
  }
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
  })
  // Styles arriving late change visibility without a DOM mutation.
  const frame = () => {
    check()
    if (marks['intake'] === undefined) requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
  document.addEventListener(
    'click',
    (e) => {
      if (marks['submit'] === undefined && (e.target as Element).closest(fields.submit)) {
        marks['submit'] = performance.now()
      }
    },
    true,
  )
}

interface Transfer {
  files: number
  encodedKB: number
  decodedKB: number
}

interface Sample {
  signInMs: number
  intakeMs: number
  /** Scripts that had arrived when the sign-in was usable. */
  initialJs: Transfer
  initialCss: Transfer
  /** Scripts that arrived between the click and the usable intake form. */
  intakeJs: Transfer
}

/** Sums resource entries by kind and time window (ms since navigation). */
function transfers({ kind, from, to }: { kind: 'js' | 'css'; from: number; to: number }): {
  files: number
  encoded: number
  decoded: number
} {
  const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[]
  const picked = entries.filter(
    (e) =>
      new URL(e.name).pathname.endsWith(`.${kind}`) && e.responseEnd > from && e.responseEnd <= to,
  )
  return {
    files: picked.length,
    encoded: picked.reduce((s, e) => s + e.encodedBodySize, 0),
    decoded: picked.reduce((s, e) => s + e.decodedBodySize, 0),
  }
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10
const toTransfer = (t: { files: number; encoded: number; decoded: number }): Transfer => ({
  files: t.files,
  encodedKB: kb(t.encoded),
  decodedKB: kb(t.decoded),
})

async function oneRun(browser: Browser, base: string): Promise<Sample> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  })
  try {
    // tsx keeps function names by wrapping named inner functions in `__name(…)`,
    // a helper the page does not have: an identity stands in for it there.
    await context.addInitScript({ content: 'globalThis.__name ??= (f) => f' })
    await context.addInitScript(observe, {
      signIn: SIGN_IN_FIELD,
      intake: INTAKE_FIELD,
      submit: SUBMIT,
    })
    const page = await context.newPage()
    await page.goto(`${base}/`, { waitUntil: 'commit' })
    const marks = () =>
      page.evaluate(
        () => (window as unknown as { __benchMarks: Record<string, number> }).__benchMarks,
      )
    await page.waitForFunction(
      () => (window as unknown as { __benchMarks: Record<string, number> }).__benchMarks['signIn'],
      undefined,
      { timeout: 60_000, polling: 50 },
    )
    const signedOut = await marks()
    // Element Plus puts an input's test id on the <input> itself.
    await page.locator(SIGN_IN_FIELD).fill('clerk')
    await page.locator('[data-testid="signin-password"]').fill(PASSWORD)
    await page.locator(SUBMIT).click()
    await page.waitForFunction(
      () => (window as unknown as { __benchMarks: Record<string, number> }).__benchMarks['intake'],
      undefined,
      { timeout: 60_000, polling: 50 },
    )
    const m = await marks()
    const signIn = signedOut['signIn'] as number
    const submit = m['submit'] as number
    const intake = m['intake'] as number
    const [initialJs, initialCss, intakeJs] = await Promise.all([
      page.evaluate(transfers, { kind: 'js' as const, from: -1, to: signIn }),
      page.evaluate(transfers, { kind: 'css' as const, from: -1, to: signIn }),
      page.evaluate(transfers, { kind: 'js' as const, from: submit, to: intake }),
    ])
    return {
      signInMs: Math.round(signIn),
      intakeMs: Math.round(intake - submit),
      initialJs: toTransfer(initialJs),
      initialCss: toTransfer(initialCss),
      intakeJs: toTransfer(intakeJs),
    }
  } finally {
    await context.close()
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  await new Promise((r) => server.close(r))
  return port
}

async function startHost(dataDir: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'src/host/cli.ts',
      '--port',
      String(port),
      '--data',
      dataDir,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LOKET_DATA_PASSPHRASE: 'kata sandi data bench' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the web host in ${ROOT} stopped (${child.exitCode})`)
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return { base, child }
    if (Date.now() > deadline) throw new Error('the web host did not answer within 2 minutes')
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** A fresh station with its admin and one front-desk clerk, who lands on intake. */
async function setUpStation(base: string): Promise<void> {
  const call = async (method: string, body: unknown, cookie = '') => {
    const res = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
      body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${method}: ${res.status} ${await res.text()}`)
    return res
  }
  const setup = await call('auth.setup', {
    stationName: 'Inspektorat Bench',
    username: 'admin',
    displayName: 'Admin Bench',
    password: PASSWORD,
    timeZone: 'Asia/Jakarta',
  })
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  await call(
    'user.save',
    {
      username: 'clerk',
      displayName: 'Petugas Loket',
      role: 'frontdesk',
      active: true,
      password: PASSWORD,
    },
    cookie,
  )
}

function commitOf(root: string): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: root }).toString().trim()
  } catch {
    return 'unknown'
  }
}

interface UiRun {
  date: string
  commit: string
  machine: string
  chromium: string
  loadAverage: number[]
  runs: number
  median: {
    signInMs: number
    intakeMs: number
    initialJsKB: number
    initialJsRawKB: number
    initialCssKB: number
    intakeJsKB: number
  }
  samples: Sample[]
}

async function main(): Promise<UiRun> {
  if (!existsSync(join(ROOT, 'out/renderer/index.html'))) {
    throw new Error(
      `${ROOT}/out/renderer has no build: run \`npx electron-vite build\` there first`,
    )
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'loket-bench-ui-'))
  let host: ChildProcess | undefined
  let browser: Browser | undefined
  try {
    const started = await startHost(dataDir)
    host = started.child
    await setUpStation(started.base)
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
    await oneRun(browser, started.base)
    const samples: Sample[] = []
    const load: number[] = []
    for (let i = 0; i < RUNS; i++) {
      load.push(loadavg()[0] as number)
      const s = await oneRun(browser, started.base)
      samples.push(s)
      console.log(
        `run ${i + 1}: sign-in ${s.signInMs} ms, intake ${s.intakeMs} ms, initial JS ${s.initialJs.encodedKB} KB (${s.initialJs.decodedKB} KB raw, ${s.initialJs.files} files)`,
      )
    }
    return {
      date: new Date().toISOString(),
      commit: commitOf(ROOT),
      machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
      chromium: browser.version(),
      loadAverage: [Math.min(...load), Math.max(...load)].map((x) => Math.round(x * 10) / 10),
      runs: RUNS,
      median: {
        signInMs: median(samples.map((s) => s.signInMs)),
        intakeMs: median(samples.map((s) => s.intakeMs)),
        initialJsKB: median(samples.map((s) => s.initialJs.encodedKB)),
        initialJsRawKB: median(samples.map((s) => s.initialJs.decodedKB)),
        initialCssKB: median(samples.map((s) => s.initialCss.encodedKB)),
        intakeJsKB: median(samples.map((s) => s.intakeJs.encodedKB)),
      },
      samples,
    }
  } finally {
    await browser?.close()
    host?.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const START = '<!-- ui bench -->'
const END = '<!-- /ui bench -->'

function section(ui: { current?: UiRun; baseline?: UiRun }): string {
  const pass = (ok: boolean) => (ok ? 'pass' : 'FAIL')
  const runs = (['baseline', 'current'] as const).flatMap((k) =>
    ui[k] ? [[k, ui[k]] as const] : [],
  )
  const col = (f: (r: UiRun) => string) => runs.map(([, r]) => f(r)).join(' | ')
  const cur = ui.current
  return [
    START,
    '',
    '## First screen (`npm run bench:ui`)',
    '',
    `Headless Chromium with the browser tests' flags, 1366×768, the web host on loopback serving the built renderer; a fresh browser context (empty cache) for each run, after one warm-up run that is not counted. Times in the page's own clock: (a) from navigation to the username field visible and enabled; (b) from the click on "Masuk" to the intake form's first field enabled (this includes the password check, scrypt, at the host); (c) the scripts that had arrived when the sign-in was usable, as sent (encoded body). Medians; every run's figures are in \`results.json\`. The machine is shared: the load average during the runs is given.`,
    '',
    `| median | ${runs.map(([k, r]) => `${k === 'baseline' ? 'before' : 'after'} (${r.commit})`).join(' | ')} |`,
    `| --- | ${runs.map(() => '---:').join(' | ')} |`,
    `| (a) navigation → usable sign-in | ${col((r) => `${r.median.signInMs} ms`)} |`,
    `| (b) sign-in → usable intake form | ${col((r) => `${r.median.intakeMs} ms`)} |`,
    `| (c) initial JS, as sent | ${col((r) => `${r.median.initialJsKB} KB`)} |`,
    `| initial JS, uncompressed | ${col((r) => `${r.median.initialJsRawKB} KB`)} |`,
    `| initial CSS, as sent | ${col((r) => `${r.median.initialCssKB} KB`)} |`,
    `| JS fetched for the intake form after sign-in | ${col((r) => `${r.median.intakeJsKB} KB`)} |`,
    `| runs | ${col((r) => String(r.runs))} |`,
    `| written | ${col((r) => r.date)} |`,
    `| machine | ${col((r) => r.machine)} |`,
    `| Chromium | ${col((r) => r.chromium)} |`,
    `| load average (1 min) during the runs | ${col((r) => r.loadAverage.join('–'))} |`,
    '',
    ...(cur
      ? [
          '| target | value | limit | result |',
          '| --- | ---: | ---: | --- |',
          `| sign-in usable | ${cur.median.signInMs} ms | ≤ ${TARGETS.signInMs} ms | ${pass(cur.median.signInMs <= TARGETS.signInMs)} |`,
          `| intake usable after sign-in | ${cur.median.intakeMs} ms | ≤ ${TARGETS.intakeMs} ms | ${pass(cur.median.intakeMs <= TARGETS.intakeMs)} |`,
          `| initial JS, compressed | ${cur.median.initialJsKB} KB | ≤ ${TARGETS.initialJsKB} KB | ${pass(cur.median.initialJsKB <= TARGETS.initialJsKB)} |`,
          '',
        ]
      : []),
    END,
  ].join('\n')
}

function write(run: UiRun): void {
  const jsonPath = 'bench/results.json'
  const json = existsSync(jsonPath)
    ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>)
    : {}
  const ui: { current?: UiRun; baseline?: UiRun; targets: typeof TARGETS } = {
    ...((json['ui'] as { current?: UiRun; baseline?: UiRun } | undefined) ?? {}),
    targets: TARGETS,
  }
  ui[args.as as 'current' | 'baseline'] = run
  json['ui'] = ui
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`)

  const mdPath = 'bench/RESULTS.md'
  const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmark results\n'
  const text = section(ui)
  const start = md.indexOf(START)
  const end = md.indexOf(END)
  // Its own place, before the rapor section, whose writer keeps only what precedes it.
  const rapor = md.indexOf('<!-- rapor bench -->')
  const next =
    start >= 0 && end > start
      ? md.slice(0, start) + text + md.slice(end + END.length)
      : rapor >= 0
        ? `${md.slice(0, rapor)}${text}\n\n${md.slice(rapor)}`
        : `${md.trimEnd()}\n\n${text}\n`
  writeFileSync(mdPath, next)
}

const run = await main()
write(run)
console.log(
  `\nMedians over ${run.runs} runs: sign-in ${run.median.signInMs} ms, intake ${run.median.intakeMs} ms, initial JS ${run.median.initialJsKB} KB as sent.`,
)
console.log(`Written: the ${args.as} figures in bench/results.json and bench/RESULTS.md`)
