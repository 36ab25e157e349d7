import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { migrateToLatest, openDatabase, type Db } from '../../src/core/db'
import { migrations, migrationSource } from '../../src/core/migrations'
import { tempDir } from '../helpers'

describe('migrations', () => {
  let db: Db
  const dir = tempDir()
  afterEach(async () => {
    await db?.destroy()
  })
  afterAll(() => dir.remove())

  it('are named YYYY-MM-DD-HH-mm-ss-verb-noun and listed in order', () => {
    const names = migrations.map(([n]) => n)
    for (const n of names)
      expect(n).toMatch(/^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[a-z]+(-[a-z]+)+$/)
    expect([...names].sort()).toEqual(names)
  })

  it('create every table, run once, and roll back cleanly', async () => {
    db = openDatabase(join(dir.path, 'm.sqlite'))
    await migrateToLatest(db)
    await migrateToLatest(db)
    const tables = (await db.raw(
      `SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'knex%' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'cases_fts_%' ORDER BY name`,
    )) as { name: string }[]
    expect(tables.map((t) => t.name)).toEqual([
      'agencies',
      'attachments',
      'audit_reads',
      'case_attachments',
      'case_conflicts',
      'case_pauses',
      'cases',
      'cases_fts',
      'categories',
      'counters',
      'drafts',
      'events',
      'exposures',
      'followups',
      'holidays',
      'privacy_holds',
      'rapor_facts',
      'receipt_pins',
      'sessions',
      'settings',
      'users',
    ])
    const done = (await db('knex_migrations').count({ n: '*' }).first()) as { n: number }
    expect(done.n).toBe(migrations.length)

    await db.migrate.rollback({ migrationSource }, true)
    const left = (await db.raw(
      `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'knex%' AND name NOT LIKE 'sqlite%'`,
    )) as unknown[]
    expect(left).toEqual([])
  })

  it('sets WAL, foreign keys and a busy timeout on the connection', async () => {
    db = openDatabase(join(dir.path, 'p.sqlite'))
    const [mode] = (await db.raw('PRAGMA journal_mode')) as { journal_mode: string }[]
    const [fk] = (await db.raw('PRAGMA foreign_keys')) as { foreign_keys: number }[]
    const [bt] = (await db.raw('PRAGMA busy_timeout')) as { timeout: number }[]
    expect(mode?.journal_mode).toBe('wal')
    const [sd] = (await db.raw('PRAGMA secure_delete')) as { secure_delete: number }[]
    expect(sd?.secure_delete).toBe(1)
    expect(fk?.foreign_keys).toBe(1)
    expect(bt?.timeout).toBe(5000)
  })
})
