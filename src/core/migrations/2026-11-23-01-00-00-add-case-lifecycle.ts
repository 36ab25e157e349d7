import type { Knex } from 'knex'

// Screening results and lifecycle state on the projection, and the periods in
// which a case waits for the complainant (the deadline clock pauses then).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('status_day') // local day of the last status change
    t.string('screening_conclusion')
    t.boolean('within_authority')
    t.boolean('supervisory')
    t.string('agency_code')
  })
  await knex.schema.createTable('case_pauses', (t) => {
    t.string('case_id').notNullable().references('cases.id').onDelete('CASCADE')
    t.string('from_day').notNullable()
    t.string('to_day')
    t.primary(['case_id', 'from_day'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_pauses')
  // SQLite's own DROP COLUMN: knex would rebuild the table, which breaks the FTS view.
  for (const column of [
    'agency_code',
    'supervisory',
    'within_authority',
    'screening_conclusion',
    'status_day',
  ]) {
    await knex.raw(`ALTER TABLE cases DROP COLUMN ${column}`)
  }
}
