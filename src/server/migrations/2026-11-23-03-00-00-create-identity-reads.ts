import type { Knex } from 'knex'

// Every opening of a sealed identity at the centre: who, why, when.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('identity_reads', (t) => {
    t.increments('id')
    t.string('case_id').notNullable().index()
    t.string('admin').notNullable()
    t.text('reason').notNullable()
    t.string('at').notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('identity_reads')
}
