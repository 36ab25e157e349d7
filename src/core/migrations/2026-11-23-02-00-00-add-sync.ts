import type { Knex } from 'knex'

// What sync needs on the station: merged-order conflicts (a projection),
// receipt PINs (kept beside the log: the log carries only their hash), and
// which attachments have reached the server.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_conflicts', (t) => {
    t.string('event_id').primary()
    t.string('case_id').notNullable().references('cases.id').onDelete('CASCADE').index()
    t.string('found_status').notNullable()
  })
  await knex.schema.alterTable('cases', (t) => {
    t.integer('conflicts').notNullable().defaultTo(0)
  })
  await knex.schema.createTable('receipt_pins', (t) => {
    t.string('case_id').primary()
    t.string('pin').notNullable()
  })
  await knex.schema.alterTable('attachments', (t) => {
    t.boolean('uploaded').notNullable().defaultTo(false)
  })
}

export async function down(knex: Knex): Promise<void> {
  // Raw DROP COLUMN: knex would rebuild the table, which the FTS view depends on.
  await knex.raw('ALTER TABLE attachments DROP COLUMN uploaded')
  await knex.schema.dropTable('receipt_pins')
  await knex.raw('ALTER TABLE cases DROP COLUMN conflicts')
  await knex.schema.dropTable('case_conflicts')
}
