import type { Knex } from 'knex'

// The report card's figures per case: derived from the cases projection by
// core (services/rapor.ts), which rebuilds them whenever the holiday calendar
// or the deadline tiers change, so a rapor never recomputes working days for
// every case. Empty text ('') stands for "none".
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rapor_facts', (t) => {
    t.integer('case_pk').primary() // cases.pk
    t.string('month').notNullable() // local month of receipt, YYYY-MM
    t.string('status').notNullable()
    t.string('kind').notNullable()
    t.string('channel').notNullable()
    t.string('category').notNullable()
    t.string('agency').notNullable()
    t.integer('confidential').notNullable()
    t.string('due_day').notNullable() // completed and open cases with a running clock; else ''
    t.integer('calendar_days').notNullable()
    t.integer('working_days').notNullable()
    t.integer('within').notNullable() // completed within the deadline: 1
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rapor_facts')
}
