import type { Knex } from 'knex'

// The category list an admin keeps, as the agency directory: intake picks a
// category from it (or types one under "Lainnya"), and the rapor names it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('categories', (t) => {
    t.string('code').primary()
    t.text('name').notNullable()
    t.boolean('active').notNullable().defaultTo(true)
    t.string('updated_at').notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('categories')
}
