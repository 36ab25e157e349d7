import type { Knex } from 'knex'

// The list entries a case was recorded under (or mapped to later): the
// category's code and the reported agency's. The free text stays beside them.
// Older cases have none until an admin maps their text.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('category_code', 20).nullable()
    t.string('reported_agency_code', 20).nullable()
    t.index(['category_code'])
    t.index(['reported_agency_code'])
  })
}

export async function down(knex: Knex): Promise<void> {
  // SQLite's own DROP COLUMN (knex would rebuild the table under the FTS view).
  await knex.raw('DROP INDEX cases_category_code_index')
  await knex.raw('DROP INDEX cases_reported_agency_code_index')
  await knex.raw('ALTER TABLE cases DROP COLUMN reported_agency_code')
  await knex.raw('ALTER TABLE cases DROP COLUMN category_code')
}
