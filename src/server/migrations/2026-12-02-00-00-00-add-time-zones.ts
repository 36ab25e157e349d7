import type { Knex } from 'knex'

// A station's zone (sent at enrolment) and each case's zone (from its
// case.received event, else its station's): the centre counts a case's days
// there. Stations and cases from before zones have none and count in WIB.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stations', (t) => {
    t.string('time_zone', 40).nullable()
  })
  await knex.schema.alterTable('cases', (t) => {
    t.string('time_zone', 40).nullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('time_zone')
  })
  await knex.schema.alterTable('stations', (t) => {
    t.dropColumn('time_zone')
  })
}
