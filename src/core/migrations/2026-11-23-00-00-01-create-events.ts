import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('events', (t) => {
    t.string('id').primary() // UUIDv7: time-ordered
    t.string('station_id').notNullable()
    t.integer('seq').notNullable() // per-station sequence, gap-free
    t.string('case_id').notNullable()
    t.string('type').notNullable()
    t.text('payload').notNullable() // canonical JSON
    t.string('actor').notNullable()
    t.string('hlc').notNullable()
    t.string('prev_hash').notNullable()
    t.string('hash').notNullable()
    t.unique(['station_id', 'seq'])
    t.index(['case_id'])
    t.index(['hlc'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('events')
}
