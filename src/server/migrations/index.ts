import type { Knex } from 'knex'
import * as createCentral from './2026-11-23-02-00-00-create-central'
import * as createIdentityReads from './2026-11-23-03-00-00-create-identity-reads'
import * as addFoldedHlc from './2026-11-23-05-00-00-add-folded-hlc'
import * as addTimeZones from './2026-12-02-00-00-00-add-time-zones'
import * as addCaseRows from './2026-12-03-00-00-00-add-case-rows'
import * as backfillCaseRows from './2026-12-03-00-00-01-backfill-case-rows'

export interface Migration {
  up(knex: Knex): Promise<void>
  down(knex: Knex): Promise<void>
}

// Listed in code so a bundled server finds them.
export const migrations: ReadonlyArray<readonly [string, Migration]> = [
  ['2026-11-23-02-00-00-create-central', createCentral],
  ['2026-11-23-03-00-00-create-identity-reads', createIdentityReads],
  ['2026-11-23-05-00-00-add-folded-hlc', addFoldedHlc],
  ['2026-12-02-00-00-00-add-time-zones', addTimeZones],
  ['2026-12-03-00-00-00-add-case-rows', addCaseRows],
  ['2026-12-03-00-00-01-backfill-case-rows', backfillCaseRows],
]

export const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
}
