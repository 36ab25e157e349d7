import type { Knex } from 'knex'

// Reference data an admin maintains: the agency directory (OPD) that screening
// decides authority against, and the holiday calendar deadlines count with.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agencies', (t) => {
    t.string('code').primary()
    t.text('name').notNullable()
    t.text('level').notNullable() // kabupaten, provinsi, pusat, lain
    t.boolean('active').notNullable().defaultTo(true)
    t.string('updated_at').notNullable()
  })
  await knex.schema.createTable('holidays', (t) => {
    t.string('day').primary()
    t.text('name').notNullable()
    t.string('kind').notNullable() // national, cuti_bersama, local
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('holidays')
  await knex.schema.dropTable('agencies')
}
