import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, defineConfig } from '@playwright/test'

// The browser: CHROMIUM_PATH when set, else Debian's, else one Playwright downloaded.
// Without one the run stops at once with one sentence, not a stack trace.
function chromiumPath(): string {
  const chosen = process.env['CHROMIUM_PATH']
  const found = chosen
    ? [chosen].find((p) => existsSync(p))
    : ['/usr/bin/chromium', chromium.executablePath()].find((p) => existsSync(p))
  if (found) return found
  console.error(
    `${chosen ? `CHROMIUM_PATH is ${chosen}, but there is no browser there. ` : ''}` +
      'The browser tests need Chromium: install it with `apt-get install chromium`, or with ' +
      '`npx playwright install chromium` where the network allows, or set CHROMIUM_PATH to a Chromium executable.',
  )
  process.exit(1)
}

// A fresh station for every run: the host serves the built renderer on loopback.
const dataDir = mkdtempSync(join(tmpdir(), 'loket-browser-'))
// LOKET_E2E_PORT lets two checkouts run their browser tests side by side.
const port = Number(process.env['LOKET_E2E_PORT'] ?? 5199)

export default defineConfig({
  testDir: 'tests/browser',
  timeout: 60_000,
  // A PDF rendered on a busy machine can take more than the default 5 s to appear.
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 900 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'desk',
      dependencies: ['setup'],
      // Specs pick their role; a supervisor by default.
      use: { storageState: 'test-results/.auth/supervisor.json' },
    },
  ],
  webServer: {
    command: `npx tsx src/host/cli.ts --port ${port} --data ${dataDir}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    // The browser station's data key is behind a passphrase, given here as it would be at a terminal.
    env: { LOKET_DATA_PASSPHRASE: 'kata sandi data peramban' },
  },
})
