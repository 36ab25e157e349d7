import { createHash } from 'node:crypto'
import type { Knex } from 'knex'

/**
 * A SHA-256 over every row of each table (SQLite or PostgreSQL), rows in a
 * stable order, by table name: what a refused call must leave exactly as it
 * was. Row counts alone would miss an UPDATE in place; a mismatch names the table.
 */
export async function databaseFingerprint(
  db: Knex,
  opts: { except?: string[] } = {},
): Promise<Record<string, string>> {
  const pg = db.client.dialect === 'postgresql'
  const tables = pg
    ? ((
        await db.raw(
          `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
        )
      ).rows as { name: string }[])
    : ((await db.raw(
        // Every table, SQLite's own (sqlite_sequence) and the search index's shadow tables too.
        `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`,
      )) as { name: string }[])
  const hashes: Record<string, string> = {}
  for (const { name } of tables) {
    if (opts.except?.includes(name)) continue
    const rows = (await db.select('*').from(name)) as Record<string, unknown>[]
    // Rows sorted by their own serialisation: an order that does not depend on where they are stored.
    const lines = rows.map((row) => JSON.stringify(row)).sort()
    hashes[name] = createHash('sha256')
      .update(`${rows.length}\n${lines.join('\n')}`)
      .digest('hex')
  }
  return hashes
}
