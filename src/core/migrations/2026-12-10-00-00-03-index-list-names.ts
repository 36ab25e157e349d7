import type { Knex } from 'knex'

// The search index finds a case by the names of its list entries too: the
// reported agency's name from the directory and the category's from the list,
// beside the free text. Events keep codes; the names come from the lists, so
// renaming an entry re-indexes its cases (services/lists.ts). As before, a
// confidential case is indexed by its tracking number alone.
const NEW_COLUMNS = 'tracking_number, subject, description, reported, location, category'
const OLD_COLUMNS = 'tracking_number, subject, description, reported, location'

const agencyName = (p: string) =>
  `coalesce((SELECT name FROM agencies WHERE code = ${p}.reported_agency_code), '')`
const categoryName = (p: string) =>
  `coalesce((SELECT name FROM categories WHERE code = ${p}.category_code), '')`

function expressions(p: string, withNames: boolean): string[] {
  const hide = (expr: string) => `CASE WHEN ${p}.confidential THEN '' ELSE ${expr} END`
  const reported = [
    ...(withNames ? [agencyName(p)] : []),
    `coalesce(${p}.reported_agency,'')`,
    `coalesce(${p}.reported_person,'')`,
    `coalesce(${p}.reported_position,'')`,
  ].join(` || ' ' || `)
  return [
    `${p}.tracking_number`,
    hide(`${p}.subject`),
    hide(`${p}.description`),
    hide(reported),
    hide(`coalesce(${p}.location,'')`),
    ...(withNames ? [hide(`${categoryName(p)} || ' ' || coalesce(${p}.category,'')`)] : []),
  ]
}

async function dropIndex(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS cases_fts_au')
  await knex.raw('DROP TRIGGER IF EXISTS cases_fts_ad')
  await knex.raw('DROP TRIGGER IF EXISTS cases_fts_ai')
  await knex.raw('DROP TABLE IF EXISTS cases_fts')
  await knex.raw('DROP VIEW IF EXISTS cases_fts_source')
}

async function createIndex(knex: Knex, withNames: boolean): Promise<void> {
  const columns = withNames ? NEW_COLUMNS : OLD_COLUMNS
  const names = columns.split(', ')
  const view = expressions('cases', withNames).map((e, i) => `${e} AS ${names[i]}`)
  await knex.raw(`CREATE VIEW cases_fts_source AS SELECT pk, ${view.join(', ')} FROM cases`)
  await knex.raw(`CREATE VIRTUAL TABLE cases_fts USING fts5(
    ${columns},
    content='cases_fts_source', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'
  )`)
  const row = (p: string) => expressions(p, withNames).join(', ')
  await knex.raw(`CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN
    INSERT INTO cases_fts(rowid, ${columns}) VALUES (new.pk, ${row('new')});
  END`)
  await knex.raw(`CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN
    INSERT INTO cases_fts(cases_fts, rowid, ${columns}) VALUES ('delete', old.pk, ${row('old')});
  END`)
  const watched = [
    'tracking_number',
    'subject',
    'description',
    'reported_agency',
    'reported_person',
    'reported_position',
    'location',
    'confidential',
    ...(withNames ? ['reported_agency_code', 'category', 'category_code'] : []),
  ]
  await knex.raw(`CREATE TRIGGER cases_fts_au AFTER UPDATE OF ${watched.join(', ')} ON cases BEGIN
    INSERT INTO cases_fts(cases_fts, rowid, ${columns}) VALUES ('delete', old.pk, ${row('old')});
    INSERT INTO cases_fts(rowid, ${columns}) VALUES (new.pk, ${row('new')});
  END`)
  await knex.raw(`INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')`)
}

export async function up(knex: Knex): Promise<void> {
  await dropIndex(knex)
  await createIndex(knex, true)
}

export async function down(knex: Knex): Promise<void> {
  await dropIndex(knex)
  await createIndex(knex, false)
}
