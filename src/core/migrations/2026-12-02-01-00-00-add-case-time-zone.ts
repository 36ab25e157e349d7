import type { Knex } from 'knex'

// The zone a case's days are counted in, from its case.received event. Cases
// from before zones have none and count in the station's zone.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('time_zone', 40).nullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  // SQLite's own DROP COLUMN (knex would rebuild the table under the FTS view).
  await knex.raw('ALTER TABLE cases DROP COLUMN time_zone')
}
