import type { Knex } from 'knex'
import type { Category } from '../../shared/api'
import type { Db } from '../db'
import { DomainError } from '../errors'

// The two lists a case is recorded against: the agency directory (reported and
// handling agencies) and the category list, both kept by the admin. Events
// carry their codes; names come from here, on every read, so a corrected name
// shows everywhere at once.

export type ListTable = 'agencies' | 'categories'
type Conn = Db | Knex.Transaction

export async function listCategories(db: Db, includeInactive: boolean): Promise<Category[]> {
  const q = db('categories').orderBy('name').select('code', 'name', 'active')
  if (!includeInactive) q.where({ active: true })
  const rows = (await q) as Array<Omit<Category, 'active'> & { active: number | boolean }>
  return rows.map((r) => ({ ...r, active: Boolean(r.active) }))
}

export async function saveCategory(db: Db, c: Category, now: Date): Promise<Category> {
  await db.transaction((trx) =>
    withReindex(trx, 'categories', c.code, c.name, async () => {
      await trx('categories')
        .insert({ ...c, updated_at: now.toISOString() })
        .onConflict('code')
        .merge()
    }),
  )
  return c
}

/** The column of `cases` that holds a code of the list. */
const CASE_COLUMN: Record<ListTable, string> = {
  agencies: 'reported_agency_code',
  categories: 'category_code',
}

// The search index's columns, as its migration defines them (2026-12-10-00-00-03).
const SEARCH_COLUMNS = 'tracking_number, subject, description, reported, location, category'

/**
 * Runs `change` (which writes an entry of a list), re-indexing the cases under
 * the entry when its name changes: the index holds the names its source view
 * reads from the lists, and an external-content index forgets a row only when
 * given the very words it indexed, so they are taken out before the change and
 * put back after it.
 */
export async function withReindex(
  trx: Knex.Transaction,
  table: ListTable,
  code: string,
  name: string,
  change: () => Promise<void>,
): Promise<void> {
  const before = (await trx(table).where({ code }).first('name')) as { name: string } | undefined
  if (before?.name === name) return change()
  const under = `SELECT pk FROM cases WHERE ${CASE_COLUMN[table]} = ?`
  await trx.raw(
    `INSERT INTO cases_fts(cases_fts, rowid, ${SEARCH_COLUMNS})
     SELECT 'delete', pk, ${SEARCH_COLUMNS} FROM cases_fts_source WHERE pk IN (${under})`,
    [code],
  )
  await change()
  await trx.raw(
    `INSERT INTO cases_fts(rowid, ${SEARCH_COLUMNS})
     SELECT pk, ${SEARCH_COLUMNS} FROM cases_fts_source WHERE pk IN (${under})`,
    [code],
  )
}

/**
 * Refuses a code its list does not hold (or holds as no longer in use, when
 * `active` is asked), with the message at the field it came from; nothing is written.
 */
export async function requireEntry(
  conn: Conn,
  table: ListTable,
  code: string,
  path: string,
  opts: { active: boolean },
): Promise<void> {
  const q = conn(table).where({ code })
  if (opts.active) q.where({ active: true })
  if (!(await q.first('code'))) {
    throw new DomainError('invalid_input', 'error.invalid_input', [
      { path, message: 'validation.unknownCode' },
    ])
  }
}

export interface ListNames {
  agencies: ReadonlyMap<string, string>
  categories: ReadonlyMap<string, string>
}

/** Every entry's name by its code, inactive ones too (old cases still name them). */
export async function listNames(conn: Conn): Promise<ListNames> {
  const [agencies, categories] = (await Promise.all([
    conn('agencies').select('code', 'name'),
    conn('categories').select('code', 'name'),
  ])) as Array<Array<{ code: string; name: string }>>
  return {
    agencies: new Map((agencies ?? []).map((r) => [r.code, r.name])),
    categories: new Map((categories ?? []).map((r) => [r.code, r.name])),
  }
}

/** What to show for a code and its free text: the entry's name, else the text. */
export function shownName(
  names: ReadonlyMap<string, string>,
  code: string | null,
  text: string | null,
): string | null {
  return (code !== null ? (names.get(code) ?? code) : null) ?? text
}

/**
 * A slice by category: the rapor's key for it, which is the list's code, or the
 * free text of cases without one (a text that reads like a code counts with it).
 */
export function whereCategory(q: Knex.QueryBuilder, key: string, alias: string): void {
  q.where((w) =>
    w
      .where(`${alias}.category_code`, key)
      .orWhere((t) => t.whereNull(`${alias}.category_code`).where(`${alias}.category`, key)),
  )
}
