import type { Knex } from 'knex'

// The central server's own tables. They work on PostgreSQL and on SQLite alike.

export async function up(knex: Knex): Promise<void> {
  // The centre's keys: its signing key for its own events, and the authority
  // key pair that anonymous identities are sealed to.
  await knex.schema.createTable('server_identity', (t) => {
    t.string('key').primary()
    t.text('value').notNullable()
  })
  await knex.schema.createTable('stations', (t) => {
    t.string('id').primary()
    t.string('code').notNullable().unique()
    t.string('name').notNullable()
    t.text('public_key').notNullable() // Ed25519 SPKI DER, base64
    t.string('provisional_code')
    t.boolean('central').notNullable().defaultTo(false)
    t.bigInteger('last_seq').notNullable().defaultTo(0)
    t.string('last_hash').notNullable()
    t.string('enrolled_at').notNullable()
  })
  await knex.schema.createTable('enrolment_codes', (t) => {
    t.string('code_hash').primary() // sha256 of the code; the code itself is shown once
    t.string('station_code').notNullable().unique()
    t.string('label').notNullable()
    t.string('created_at').notNullable()
    t.string('expires_at').notNullable()
    t.string('used_at')
    t.string('used_by')
  })
  await knex.schema.createTable('events', (t) => {
    t.bigIncrements('cursor').primary() // the global order pulls follow
    t.string('id').notNullable().unique()
    t.string('station_id').notNullable()
    t.bigInteger('seq').notNullable()
    t.string('case_id').notNullable()
    t.string('origin_station_id').notNullable() // the station the case was received at
    t.string('type').notNullable()
    t.text('payload').notNullable() // canonical JSON, exactly as hashed
    t.string('actor').notNullable()
    t.string('hlc').notNullable()
    t.string('prev_hash').notNullable()
    t.string('hash').notNullable()
    t.string('stored_at').notNullable()
    t.unique(['station_id', 'seq'])
    t.index(['origin_station_id', 'cursor'])
    t.index(['case_id'])
  })
  await knex.schema.createTable('batches', (t) => {
    t.string('id').primary()
    t.string('station_id').notNullable()
    t.bigInteger('from_seq').notNullable()
    t.bigInteger('to_seq').notNullable()
    t.string('content_hash').notNullable()
    t.string('source').notNullable() // push | file
    t.integer('stored').notNullable()
    t.string('received_at').notNullable()
  })
  // The public-status view of each case, folded from its transitions by clock.
  await knex.schema.createTable('cases', (t) => {
    t.string('id').primary()
    t.string('station_id').notNullable()
    t.string('tracking_number').notNullable().unique()
    t.string('status').notNullable()
    t.string('received_hlc').notNullable()
    t.string('last_hlc').notNullable()
    t.string('status_pin_hash')
    t.integer('conflicts').notNullable().defaultTo(0)
  })
  await knex.schema.createTable('conflicts', (t) => {
    t.string('event_id').primary()
    t.string('case_id').notNullable().index()
    t.string('found_at').notNullable()
  })
  await knex.schema.createTable('request_nonces', (t) => {
    t.string('nonce').primary()
    t.string('station_id').notNullable()
    t.bigInteger('expires_at').notNullable().index()
  })
  await knex.schema.createTable('attachments', (t) => {
    t.string('sha256').primary()
    t.string('station_id').notNullable()
    t.bigInteger('size').notNullable()
    t.bigInteger('received').notNullable().defaultTo(0)
    t.boolean('complete').notNullable().defaultTo(false)
    t.string('updated_at').notNullable()
  })
  await knex.schema.createTable('admin_tokens', (t) => {
    t.string('token_hash').primary()
    t.string('label').notNullable()
    t.string('created_at').notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'admin_tokens',
    'attachments',
    'request_nonces',
    'conflicts',
    'cases',
    'batches',
    'events',
    'enrolment_codes',
    'stations',
    'server_identity',
  ]) {
    await knex.schema.dropTable(table)
  }
}
