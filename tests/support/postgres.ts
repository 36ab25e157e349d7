import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

// Vitest global setup: a throwaway PostgreSQL cluster for the whole run, on a
// free loopback port in a temp folder. Tests create their own databases in it.

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string
  }
}

function pgBin(): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : []
  for (const v of versions) {
    if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin')
  }
  throw new Error(
    'PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)',
  )
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
): Promise<{ url: string; stop(): void }> {
  const bin = pgBin()
  const dir = mkdtempSync(join(tmpdir(), 'loket-pg-'))
  const data = join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  // initdb refuses to run as root: run the server as the postgres user then.
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], {
          stdio: 'pipe',
        })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' })
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    chownSync(dir, uid, gid)
  }
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ])
  const port = await freePort()
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    // Tests need no durability; a benchmark measures with it, as production runs.
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${opts.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'}`,
    'start',
  ])
  return {
    url: `postgres://postgres@127.0.0.1:${port}`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const pg = await startPostgres()
  project.provide('pgUrl', pg.url)
  return pg.stop
}
