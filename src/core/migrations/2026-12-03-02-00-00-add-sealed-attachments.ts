import type { Knex } from 'knex'

// An anonymous complainant's identity document is kept only as a box sealed
// to the central authority: the projection marks it, so the case page says so
// instead of offering a document the station cannot open.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('case_attachments', (t) => {
    t.boolean('sealed').notNullable().defaultTo(false)
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE case_attachments DROP COLUMN sealed')
}
