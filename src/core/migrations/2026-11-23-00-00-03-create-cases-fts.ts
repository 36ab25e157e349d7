import type { Knex } from 'knex'

// External-content FTS5 index over the cases projection, kept in step by triggers.
// Its content is a view, so that the FTS 'rebuild' command can read the
// combined "reported" column that the triggers compute.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE VIEW cases_fts_source AS SELECT pk,
    tracking_number, subject, description,
    coalesce(reported_agency,'') || ' ' || coalesce(reported_person,'') || ' ' || coalesce(reported_position,'') AS reported,
    coalesce(location,'') AS location
    FROM cases`)
  await knex.raw(`CREATE VIRTUAL TABLE cases_fts USING fts5(
    tracking_number, subject, description, reported, location,
    content='cases_fts_source', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'
  )`)
  const row = (p: string) =>
    `${p}.tracking_number, ${p}.subject, ${p}.description,
     coalesce(${p}.reported_agency,'') || ' ' || coalesce(${p}.reported_person,'') || ' ' || coalesce(${p}.reported_position,''),
     coalesce(${p}.location,'')`
  await knex.raw(`CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN
    INSERT INTO cases_fts(rowid, tracking_number, subject, description, reported, location)
    VALUES (new.pk, ${row('new')});
  END`)
  await knex.raw(`CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN
    INSERT INTO cases_fts(cases_fts, rowid, tracking_number, subject, description, reported, location)
    VALUES ('delete', old.pk, ${row('old')});
  END`)
  await knex.raw(`CREATE TRIGGER cases_fts_au AFTER UPDATE OF tracking_number, subject, description,
      reported_agency, reported_person, reported_position, location ON cases BEGIN
    INSERT INTO cases_fts(cases_fts, rowid, tracking_number, subject, description, reported, location)
    VALUES ('delete', old.pk, ${row('old')});
    INSERT INTO cases_fts(rowid, tracking_number, subject, description, reported, location)
    VALUES (new.pk, ${row('new')});
  END`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER cases_fts_au')
  await knex.raw('DROP TRIGGER cases_fts_ad')
  await knex.raw('DROP TRIGGER cases_fts_ai')
  await knex.raw('DROP TABLE cases_fts')
  await knex.raw('DROP VIEW cases_fts_source')
}
