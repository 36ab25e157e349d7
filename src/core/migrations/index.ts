import type { Knex } from 'knex'
import * as createSettings from './2026-11-23-00-00-00-create-settings'
import * as createEvents from './2026-11-23-00-00-01-create-events'
import * as createCases from './2026-11-23-00-00-02-create-cases'
import * as createCasesFts from './2026-11-23-00-00-03-create-cases-fts'
import * as createAttachments from './2026-11-23-00-00-04-create-attachments'
import * as createDrafts from './2026-11-23-00-00-05-create-drafts'
import * as addCaseLifecycle from './2026-11-23-01-00-00-add-case-lifecycle'
import * as createDirectory from './2026-11-23-01-00-01-create-directory'
import * as seedDirectory from './2026-11-23-01-00-02-seed-directory'
import * as createExposuresFollowups from './2026-11-23-01-00-03-create-exposures-followups'
import * as addCaseAssignee from './2026-11-23-01-00-04-add-case-assignee'
import * as addSync from './2026-11-23-02-00-00-add-sync'
import * as createAccounts from './2026-11-23-02-00-01-create-accounts'
import * as createPrivacyHolds from './2026-11-23-04-00-00-create-privacy-holds'
import * as createRaporFacts from './2026-11-23-03-00-00-create-rapor-facts'
import * as sealAtRest from './2026-11-23-05-00-00-seal-at-rest'
import * as indexEventsCaseHlc from './2026-11-23-06-00-00-index-events-case-hlc'
import * as dropFollowupNote from './2026-11-23-07-00-00-drop-followup-note'
import * as addCaseTimeZone from './2026-12-02-01-00-00-add-case-time-zone'
import * as correctHolidayLabels from './2026-12-02-00-00-00-correct-holiday-labels'
import * as addSealedAttachments from './2026-12-03-02-00-00-add-sealed-attachments'
import * as createCategories from './2026-12-10-00-00-00-create-categories'
import * as seedCategories from './2026-12-10-00-00-01-seed-categories'
import * as addCaseListCodes from './2026-12-10-00-00-02-add-case-list-codes'
import * as indexListNames from './2026-12-10-00-00-03-index-list-names'

export interface Migration {
  up(knex: Knex): Promise<void>
  down(knex: Knex): Promise<void>
}

// Listed in code, not read from a folder, so the bundled Electron main process finds them.
export const migrations: ReadonlyArray<readonly [string, Migration]> = [
  ['2026-11-23-00-00-00-create-settings', createSettings],
  ['2026-11-23-00-00-01-create-events', createEvents],
  ['2026-11-23-00-00-02-create-cases', createCases],
  ['2026-11-23-00-00-03-create-cases-fts', createCasesFts],
  ['2026-11-23-00-00-04-create-attachments', createAttachments],
  ['2026-11-23-00-00-05-create-drafts', createDrafts],
  ['2026-11-23-01-00-00-add-case-lifecycle', addCaseLifecycle],
  ['2026-11-23-01-00-01-create-directory', createDirectory],
  ['2026-11-23-01-00-02-seed-directory', seedDirectory],
  ['2026-11-23-01-00-03-create-exposures-followups', createExposuresFollowups],
  ['2026-11-23-01-00-04-add-case-assignee', addCaseAssignee],
  ['2026-11-23-02-00-00-add-sync', addSync],
  ['2026-11-23-02-00-01-create-accounts', createAccounts],
  ['2026-11-23-03-00-00-create-rapor-facts', createRaporFacts],
  ['2026-11-23-04-00-00-create-privacy-holds', createPrivacyHolds],
  ['2026-11-23-05-00-00-seal-at-rest', sealAtRest],
  ['2026-11-23-06-00-00-index-events-case-hlc', indexEventsCaseHlc],
  ['2026-11-23-07-00-00-drop-followup-note', dropFollowupNote],
  ['2026-12-02-00-00-00-correct-holiday-labels', correctHolidayLabels],
  ['2026-12-02-01-00-00-add-case-time-zone', addCaseTimeZone],
  ['2026-12-03-02-00-00-add-sealed-attachments', addSealedAttachments],
  ['2026-12-10-00-00-00-create-categories', createCategories],
  ['2026-12-10-00-00-01-seed-categories', seedCategories],
  ['2026-12-10-00-00-02-add-case-list-codes', addCaseListCodes],
  ['2026-12-10-00-00-03-index-list-names', indexListNames],
]

export const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
}
