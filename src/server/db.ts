import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import knex, { type Knex } from 'knex'
import pg from 'pg'
import { bindDataAtRest, loadServerKeys, type KeyConfig } from './central/dataKey'
import { migrationSource } from './migrations'

export type ServerDb = Knex

// Sequences and cursors fit in a double long before they reach 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v))

/**
 * PostgreSQL when a URL is given, else SQLite in the data folder (the embedded
 * default); either way with the server data key bound to it (loaded, or made
 * on first start: see loadServerKeys).
 */
export function openServerDb(opts: KeyConfig & { databaseUrl?: string | undefined }): ServerDb {
  const atRest = { ...loadServerKeys(opts), dataDir: opts.dataDir }
  const db = openDatabase(opts)
  bindDataAtRest(db, atRest)
  return db
}

function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): ServerDb {
  if (opts.databaseUrl) {
    return knex({ client: 'pg', connection: opts.databaseUrl, pool: { min: 0, max: 10 } })
  }
  mkdirSync(opts.dataDir, { recursive: true })
  return knex({
    client: 'sqlite3',
    connection: { filename: join(opts.dataDir, 'central.sqlite') },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(
        conn: { exec(sql: string, cb: (err: Error | null) => void): void },
        done: (err: Error | null, conn: unknown) => void,
      ) {
        // secure_delete: a value re-sealed (an upgrade, a key rotation) leaves no old copy in free pages.
        conn.exec(
          'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;',
          (err) => done(err, conn),
        )
      },
    },
  })
}

export function isPostgres(db: ServerDb): boolean {
  return db.client.config.client === 'pg'
}

export async function migrateServer(db: ServerDb): Promise<void> {
  await db.migrate.latest({ migrationSource })
}
