import type { Knex } from 'knex'

// Anonymous complaints whose own text seems to name the complainant: their
// events wait at the station until a person has looked and confirmed.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('privacy_holds', (t) => {
    t.string('case_id').primary()
    t.string('mentions').notNullable() // JSON list of what was found: name, nik, phone (never the values)
    t.string('created_at').notNullable()
    t.string('confirmed_by')
    t.string('confirmed_at')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('privacy_holds')
}
