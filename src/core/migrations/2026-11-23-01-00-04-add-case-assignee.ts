import type { Knex } from 'knex'

// The auditor handling a case, named at screening: the key of "my cases".
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('assignee')
    t.index(['assignee', 'status'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['assignee', 'status'])
  })
  // SQLite's own DROP COLUMN: knex would rebuild the table, which breaks the FTS view.
  await knex.raw('ALTER TABLE cases DROP COLUMN assignee')
}
