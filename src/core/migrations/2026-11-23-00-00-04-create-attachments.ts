import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  // Content-addressed blobs on disk under attachments/; this table knows them.
  await knex.schema.createTable('attachments', (t) => {
    t.string('sha256').primary()
    t.string('mime').notNullable()
    t.integer('size').notNullable()
    t.string('created_at').notNullable()
  })
  // Which case refers to which blob, as projected from attachment.added events.
  await knex.schema.createTable('case_attachments', (t) => {
    t.string('case_id').notNullable().references('cases.id').onDelete('CASCADE')
    t.string('sha256').notNullable().references('attachments.sha256')
    t.string('kind').notNullable()
    t.text('name').notNullable()
    t.string('added_at').notNullable()
    t.primary(['case_id', 'sha256'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_attachments')
  await knex.schema.dropTable('attachments')
}
