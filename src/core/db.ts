import knex, { type Knex } from 'knex'
import { migrationSource } from './migrations'

export type Db = Knex

/**
 * Opens the station database: WAL so readers never wait for the writer, foreign
 * keys on, and a busy timeout so a second process waits instead of failing.
 * One connection: SQLite has one writer anyway, and it keeps transactions simple.
 * secure_delete: what is deleted or replaced (a saved draft, an updated row) is
 * overwritten, not left readable in free space, and every byte left in the file
 * is live data the audit check can account for.
 */
export function openDatabase(filename: string): Db {
  return knex({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(
        conn: { exec(sql: string, cb: (err: Error | null) => void): void },
        done: (err: Error | null, conn: unknown) => void,
      ) {
        conn.exec(
          'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;',
          (err) => done(err, conn),
        )
      },
    },
  })
}

export async function migrateToLatest(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource })
}

/**
 * Inserts many rows in one statement with one parameter: the rows as a JSON
 * array of arrays, unpacked by SQLite's json_each. For bulk paths (pulled
 * events), where building and binding thousands of parameters costs more than
 * the insert itself. Column names come from code, never from input.
 */
export async function insertJsonRows(
  db: Knex | Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return
  const values = columns.map((_, i) => `value ->> ${i}`).join(', ')
  await db.raw(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM json_each(?)`, [
    JSON.stringify(rows),
  ])
}
