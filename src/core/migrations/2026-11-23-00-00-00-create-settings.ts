import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('settings', (t) => {
    t.string('key').primary()
    t.text('value').notNullable()
  })
  // Named counters: per-station event sequence, per-day tracking sequence.
  await knex.schema.createTable('counters', (t) => {
    t.string('name').primary()
    t.integer('value').notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('counters')
  await knex.schema.dropTable('settings')
}
