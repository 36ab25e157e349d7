import type { Knex } from 'knex'

// A follow-up's note is in its event (sealed) and is read from there; the
// projection's copy was read by nothing, cost a second seal for every pulled
// note, and was one more place a note lay on disk.
export async function up(knex: Knex): Promise<void> {
  // SQLite's own DROP COLUMN (knex would rebuild the table).
  await knex.raw('ALTER TABLE followups DROP COLUMN note')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("ALTER TABLE followups ADD COLUMN note text NOT NULL DEFAULT ''")
}
