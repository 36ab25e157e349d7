import type { Knex } from 'knex'

// Small knex helpers the centre's services share.

/** Rows per statement: keeps a statement's bound values well under SQLite's limit. */
export const INSERT_CHUNK = 1000

/** Inserts rows in chunks, leaving out those whose `key` is already stored. */
export async function insertIgnoring(
  trx: Knex.Transaction,
  table: string,
  rows: Record<string, unknown>[],
  key: string,
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await trx(table)
      .insert(rows.slice(i, i + INSERT_CHUNK))
      .onConflict(key)
      .ignore()
  }
}

/** A unique-key violation, on PostgreSQL or SQLite. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number }
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT'
}
