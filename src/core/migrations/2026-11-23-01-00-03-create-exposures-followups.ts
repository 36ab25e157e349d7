import type { Knex } from 'knex'

// Projections of exposure meetings and follow-up steps, for the case page and
// the minutes; the events remain the record.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('exposures', (t) => {
    t.string('id').primary()
    t.string('case_id').notNullable().references('cases.id').onDelete('CASCADE')
    t.string('day').notNullable()
    t.string('decision').notNullable()
    t.text('payload').notNullable()
    t.index(['case_id'])
  })
  await knex.schema.createTable('followups', (t) => {
    t.string('event_id').primary()
    t.string('case_id').notNullable().references('cases.id').onDelete('CASCADE')
    t.string('kind').notNullable()
    t.string('day').notNullable()
    t.string('agency_code')
    t.text('letter_number')
    t.text('note').notNullable()
    t.index(['case_id'])
  })
  await knex.schema.alterTable('cases', (t) => {
    t.string('last_response_day')
  })
}

export async function down(knex: Knex): Promise<void> {
  // SQLite's own DROP COLUMN: knex would rebuild the table, which breaks the FTS view.
  await knex.raw('ALTER TABLE cases DROP COLUMN last_response_day')
  await knex.schema.dropTable('followups')
  await knex.schema.dropTable('exposures')
}
