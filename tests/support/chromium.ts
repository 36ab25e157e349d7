import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

// One Chromium for the browser tests and `npm run bench:ui`: the same program
// and the same flags, so the benchmark measures what the tests see.

/** Headless Chromium's flags: no sandbox (root in CI), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

// The browser: CHROMIUM_PATH when set, else Debian's, else one Playwright downloaded.
// Without one the run stops at once with one sentence, not a stack trace.
export function chromiumPath(): string {
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
