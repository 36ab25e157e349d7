import type { Knex } from 'knex'

// The maintained per-case rows the console's lists, search and rapor read
// (filled for existing cases by the next migration): each case's receipt
// facts, what the case fold makes of its events, and its report-card facts.
// A confidential case's content (subject, description, category, reported
// agency) never enters a column here, so no index or plain column holds it.
// Also: a station's region, last sync and app version; the log of attachment
// reads; who resolved a conflict, when and why.

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg'
  // A number per case, in the order cases reach the centre: the search index's
  // row id and the tie-break of keyset pages.
  if (pg) {
    await knex.raw('ALTER TABLE cases ADD COLUMN pk BIGSERIAL')
    await knex.raw('CREATE UNIQUE INDEX cases_pk_unique ON cases (pk)')
  } else {
    // SQLite cannot add a key column in place, and a table's implicit rowid may
    // change on VACUUM: the table is made again with an INTEGER PRIMARY KEY.
    await knex.raw(`CREATE TABLE cases_next (
      pk integer PRIMARY KEY AUTOINCREMENT,
      id varchar(255) NOT NULL UNIQUE,
      station_id varchar(255) NOT NULL,
      tracking_number varchar(255) NOT NULL UNIQUE,
      status varchar(255) NOT NULL,
      received_hlc varchar(255) NOT NULL,
      last_hlc varchar(255) NOT NULL,
      status_pin_hash varchar(255),
      conflicts integer NOT NULL DEFAULT 0,
      folded_hlc varchar(255),
      time_zone varchar(40)
    )`)
    await knex.raw(`INSERT INTO cases_next (id, station_id, tracking_number, status, received_hlc,
        last_hlc, status_pin_hash, conflicts, folded_hlc, time_zone)
      SELECT id, station_id, tracking_number, status, received_hlc, last_hlc, status_pin_hash,
        conflicts, folded_hlc, time_zone FROM cases ORDER BY rowid`)
    await knex.raw('DROP TABLE cases')
    await knex.raw('ALTER TABLE cases_next RENAME TO cases')
  }
  await knex.schema.alterTable('cases', (t) => {
    t.string('received_at', 40)
    t.string('received_day', 10)
    t.string('zone', 40)
    t.string('channel', 20)
    t.string('kind', 30)
    t.text('category')
    t.text('reported_agency')
    t.boolean('anonymous')
    t.boolean('confidential')
    t.text('subject')
    t.text('description')
    t.string('status_day', 10)
    t.string('agency_code', 64)
    t.string('category_code', 64)
    t.string('reported_agency_code', 64)
    t.string('screening_conclusion', 20)
    t.boolean('within_authority')
    t.boolean('supervisory')
    t.text('assignee')
    t.text('pauses').notNullable().defaultTo('[]')
    t.string('last_response_day', 10)
    t.integer('attachments_count').notNullable().defaultTo(0)
    t.string('updated_at', 40)
    t.string('due_day', 10)
    t.integer('calendar_days')
    t.integer('working_days')
    t.boolean('within_deadline')
  })
  await knex.schema.alterTable('cases', (t) => {
    t.index(['received_at', 'pk'], 'cases_received_at_pk')
    t.index(['station_id', 'received_at'], 'cases_station_received')
    t.index(['received_day'], 'cases_received_day')
    t.index(['status', 'due_day'], 'cases_status_due')
    t.index(['agency_code'], 'cases_agency')
    t.index(['category'], 'cases_category')
  })
  if (pg) {
    // `simple`: no stemming or stop words, which suits Indonesian well enough.
    await knex.raw(`ALTER TABLE cases ADD COLUMN search tsvector GENERATED ALWAYS AS (
      to_tsvector('simple', coalesce(tracking_number, '') || ' ' || coalesce(subject, '') || ' ' ||
        coalesce(description, ''))) STORED`)
    await knex.raw('CREATE INDEX cases_search ON cases USING GIN (search)')
  } else {
    await knex.raw(`CREATE VIRTUAL TABLE cases_fts USING fts5(
      tracking_number, subject, description,
      content='cases', content_rowid='pk', tokenize='unicode61 remove_diacritics 2')`)
    await knex.raw(`CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN
      INSERT INTO cases_fts(rowid, tracking_number, subject, description)
        VALUES (new.pk, new.tracking_number, new.subject, new.description);
    END`)
    await knex.raw(`CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN
      INSERT INTO cases_fts(cases_fts, rowid, tracking_number, subject, description)
        VALUES ('delete', old.pk, old.tracking_number, old.subject, old.description);
    END`)
    // The index starts with what the rows hold now (tracking numbers); the backfill's
    // updates then keep it in step through the triggers.
    await knex.raw(`INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')`)
    await knex.raw(`CREATE TRIGGER cases_fts_au AFTER UPDATE OF tracking_number, subject, description
      ON cases BEGIN
      INSERT INTO cases_fts(cases_fts, rowid, tracking_number, subject, description)
        VALUES ('delete', old.pk, old.tracking_number, old.subject, old.description);
      INSERT INTO cases_fts(rowid, tracking_number, subject, description)
        VALUES (new.pk, new.tracking_number, new.subject, new.description);
    END`)
  }

  await knex.schema.alterTable('stations', (t) => {
    t.string('region', 120).nullable()
    t.string('last_sync_at', 40).nullable()
    t.string('app_version', 40).nullable()
  })
  await knex.schema.alterTable('conflicts', (t) => {
    t.string('resolved_at', 40).nullable()
    t.string('resolved_by', 200).nullable()
    t.string('resolution', 20).nullable()
    t.text('resolution_reason').nullable()
    t.string('resolution_event_id', 64).nullable()
  })
  await knex.schema.createTable('attachment_reads', (t) => {
    t.increments('id')
    t.string('case_id').notNullable().index()
    t.string('sha256', 64).notNullable()
    t.string('actor', 200).notNullable()
    t.string('at', 40).notNullable()
  })
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg'
  await knex.schema.dropTable('attachment_reads')
  await knex.schema.alterTable('conflicts', (t) => {
    for (const c of [
      'resolved_at',
      'resolved_by',
      'resolution',
      'resolution_reason',
      'resolution_event_id',
    ])
      t.dropColumn(c)
  })
  await knex.schema.alterTable('stations', (t) => {
    for (const c of ['region', 'last_sync_at', 'app_version']) t.dropColumn(c)
  })
  if (pg) {
    await knex.raw('DROP INDEX cases_search')
    await knex.raw('ALTER TABLE cases DROP COLUMN search')
  } else {
    for (const trigger of ['cases_fts_ai', 'cases_fts_ad', 'cases_fts_au']) {
      await knex.raw(`DROP TRIGGER ${trigger}`)
    }
    await knex.raw('DROP TABLE cases_fts')
  }
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['received_at', 'pk'], 'cases_received_at_pk')
    t.dropIndex(['station_id', 'received_at'], 'cases_station_received')
    t.dropIndex(['received_day'], 'cases_received_day')
    t.dropIndex(['status', 'due_day'], 'cases_status_due')
    t.dropIndex(['agency_code'], 'cases_agency')
    t.dropIndex(['category'], 'cases_category')
  })
  await knex.schema.alterTable('cases', (t) => {
    for (const c of [
      'received_at',
      'received_day',
      'zone',
      'channel',
      'kind',
      'category',
      'reported_agency',
      'anonymous',
      'confidential',
      'subject',
      'description',
      'status_day',
      'agency_code',
      'category_code',
      'reported_agency_code',
      'screening_conclusion',
      'within_authority',
      'supervisory',
      'assignee',
      'pauses',
      'last_response_day',
      'attachments_count',
      'updated_at',
      'due_day',
      'calendar_days',
      'working_days',
      'within_deadline',
    ])
      t.dropColumn(c)
  })
  if (pg) {
    await knex.raw('DROP INDEX cases_pk_unique')
    await knex.raw('ALTER TABLE cases DROP COLUMN pk')
  }
}
