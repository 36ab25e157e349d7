import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  // The cases projection: what lists and searches read. Rebuildable from events.
  await knex.schema.createTable('cases', (t) => {
    t.increments('pk') // rowid for FTS and keyset pages
    t.string('id').notNullable().unique()
    t.string('tracking_number').notNullable().unique()
    t.string('station_id').notNullable()
    t.string('status').notNullable()
    t.string('channel').notNullable()
    t.string('kind').notNullable()
    t.string('received_at').notNullable()
    t.string('received_by').notNullable()
    t.text('subject').notNullable()
    t.text('description').notNullable()
    t.string('category')
    t.text('location')
    t.string('incident_date')
    t.text('reported_agency')
    t.text('reported_person')
    t.text('reported_position')
    t.text('complainant') // JSON; null for anonymous complaints
    t.boolean('anonymous').notNullable()
    t.boolean('confidential').notNullable()
    t.integer('attachments_count').notNullable().defaultTo(0)
    t.string('updated_at').notNullable()
    t.index(['received_at', 'pk'])
    t.index(['status', 'received_at', 'pk'])
    t.index(['channel', 'received_at', 'pk'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('cases')
}
