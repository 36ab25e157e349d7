import type { Knex } from 'knex'

// Local accounts, their sessions, and the log of who read sensitive data.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.string('id').primary()
    t.string('username').notNullable().unique()
    t.string('display_name').notNullable()
    t.string('role').notNullable()
    t.string('password_hash').notNullable() // scrypt, parameters kept with the hash
    t.boolean('active').notNullable().defaultTo(true)
    t.integer('failed_attempts').notNullable().defaultTo(0)
    t.string('locked_until')
    t.string('created_at').notNullable()
  })
  await knex.schema.createTable('sessions', (t) => {
    t.string('token_hash').primary() // sha256 of the token; the token itself is never stored
    t.string('user_id').notNullable().references('users.id').onDelete('CASCADE')
    t.string('created_at').notNullable()
    t.string('last_seen').notNullable()
  })
  await knex.schema.createTable('audit_reads', (t) => {
    t.increments('id')
    t.string('user_id').notNullable()
    t.string('username').notNullable()
    t.string('action').notNullable()
    t.string('case_id').notNullable().index()
    t.string('what').notNullable()
    t.string('at').notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_reads')
  await knex.schema.dropTable('sessions')
  await knex.schema.dropTable('users')
}
