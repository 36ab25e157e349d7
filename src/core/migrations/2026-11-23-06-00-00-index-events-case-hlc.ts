import type { Knex } from 'knex'

// A case's events in clock order, and its latest clock value, straight from
// the index: what a case page reads and what every pulled page asks first.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.dropIndex(['case_id'])
    t.index(['case_id', 'hlc'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.dropIndex(['case_id', 'hlc'])
    t.index(['case_id'])
  })
}
