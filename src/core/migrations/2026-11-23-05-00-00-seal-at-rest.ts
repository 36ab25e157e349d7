import type { Knex } from 'knex'

// Personal data at rest is sealed with the station's data key (see atRest.ts).
// What the database itself must change for that:
// - blind indexes, so related cases are still found by NIK and telephone;
// - the search index leaves out a confidential case's content: an FTS index
//   keeps its words readable, so only the tracking number of such a case is
//   indexed. The sealing of existing rows runs at start-up, once the key is open.
const FTS_COLUMNS = 'tracking_number, subject, description, reported, location'

function source(p: string, confidentialOut: boolean): string {
  const hide = (expr: string) =>
    confidentialOut ? `CASE WHEN ${p}.confidential THEN '' ELSE ${expr} END` : expr
  return `${p}.tracking_number, ${hide(`${p}.subject`)}, ${hide(`${p}.description`)},
    ${hide(`coalesce(${p}.reported_agency,'') || ' ' || coalesce(${p}.reported_person,'') || ' ' || coalesce(${p}.reported_position,'')`)},
    ${hide(`coalesce(${p}.location,'')`)}`
}

async function dropIndex(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS cases_fts_au')
  await knex.raw('DROP TRIGGER IF EXISTS cases_fts_ad')
  await knex.raw('DROP TRIGGER IF EXISTS cases_fts_ai')
  await knex.raw('DROP TABLE IF EXISTS cases_fts')
  await knex.raw('DROP VIEW IF EXISTS cases_fts_source')
}

async function recreateIndex(knex: Knex, confidentialOut: boolean): Promise<void> {
  await dropIndex(knex)
  const c = (expr: string, name: string) =>
    confidentialOut
      ? `CASE WHEN confidential THEN '' ELSE ${expr} END AS ${name}`
      : `${expr} AS ${name}`
  await knex.raw(`CREATE VIEW cases_fts_source AS SELECT pk, tracking_number,
    ${c('subject', 'subject')}, ${c('description', 'description')},
    ${c(`coalesce(reported_agency,'') || ' ' || coalesce(reported_person,'') || ' ' || coalesce(reported_position,'')`, 'reported')},
    ${c(`coalesce(location,'')`, 'location')}
    FROM cases`)
  await knex.raw(`CREATE VIRTUAL TABLE cases_fts USING fts5(
    ${FTS_COLUMNS},
    content='cases_fts_source', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'
  )`)
  await knex.raw(`CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN
    INSERT INTO cases_fts(rowid, ${FTS_COLUMNS}) VALUES (new.pk, ${source('new', confidentialOut)});
  END`)
  await knex.raw(`CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN
    INSERT INTO cases_fts(cases_fts, rowid, ${FTS_COLUMNS})
    VALUES ('delete', old.pk, ${source('old', confidentialOut)});
  END`)
  await knex.raw(`CREATE TRIGGER cases_fts_au AFTER UPDATE OF tracking_number, subject, description,
      reported_agency, reported_person, reported_position, location, confidential ON cases BEGIN
    INSERT INTO cases_fts(cases_fts, rowid, ${FTS_COLUMNS})
    VALUES ('delete', old.pk, ${source('old', confidentialOut)});
    INSERT INTO cases_fts(rowid, ${FTS_COLUMNS}) VALUES (new.pk, ${source('new', confidentialOut)});
  END`)
  await knex.raw(`INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')`)
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.string('complainant_nik_ix')
    t.string('complainant_phone_ix')
    t.index(['complainant_nik_ix'])
    t.index(['complainant_phone_ix'])
  })
  await recreateIndex(knex, true)
}

export async function down(knex: Knex): Promise<void> {
  // SQLite drops a column by copying the table, which a view over it forbids.
  await dropIndex(knex)
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['complainant_nik_ix'])
    t.dropIndex(['complainant_phone_ix'])
    t.dropColumn('complainant_nik_ix')
    t.dropColumn('complainant_phone_ix')
  })
  await recreateIndex(knex, false)
}
