import type { Knex } from 'knex'
import type {
  CaseByNumber,
  ConsoleCaseItem,
  ConsoleCaseListQuery,
  ConsoleCasePage,
} from '../../shared/console'
import type { CaseStatus, Channel, Kind } from '../../shared/domain'
import { parseTrackingNumber } from '../../shared/trackingNumber'
import { isPostgres, type ServerDb } from '../db'
import { Refused, unknownCase } from './refused'
import { applySlice, isOverdue, overdueSql, stationByCode, todaysByZone } from './slices'

// The console's list of cases across stations: keyset pages, newest first,
// over the maintained rows, with filters and full-text search (PostgreSQL's
// full-text search on PostgreSQL, FTS5 on SQLite). A search walks its index in
// the order cases reached the centre (newest first) and stops at the page
// size instead of ranking every match: ranking a common word over a million
// rows is what makes search slow. A confidential case's content is in no
// column and no index, so words never find it; its tracking number does.

type Cursor = { k: 'd'; at: string; pk: number } | { k: 's'; pk: number }

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url')

function decodeCursor(s: string | undefined, search: boolean): Cursor | null {
  if (!s) return null
  let c: Cursor | null = null
  try {
    c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor
  } catch {
    // refused below
  }
  const fits = search
    ? c?.k === 's' && Number.isInteger(c.pk)
    : c?.k === 'd' && typeof c.at === 'string' && Number.isInteger(c.pk)
  if (!fits) {
    throw new Refused(400, {
      code: 'cursor',
      reason: 'the cursor does not belong to this list; start again from the first page',
    })
  }
  return c
}

/** The words of a search, each matched whole but the last, which may be partly typed. */
export function searchWords(q: string): string[] {
  return q
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12)
}

/** Narrows `cases as c` to the rows whose text holds every word (the last as a prefix). */
function matchWords(db: ServerDb, q: Knex.QueryBuilder, words: string[]): void {
  if (isPostgres(db)) {
    // Words hold only letters and digits, so the query text needs no escaping.
    const query = words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ')
    q.whereRaw(`c.search @@ to_tsquery('simple', ?)`, [query])
  } else {
    const query = words
      .map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? '*' : ''}`)
      .join(' ')
    q.join('cases_fts as f', 'f.rowid', 'c.pk').whereRaw('cases_fts MATCH ?', [query])
  }
}

interface Row {
  pk: number
  id: string
  tracking_number: string
  station_code: string
  received_at: string
  received_day: string
  zone: string | null
  channel: Channel
  kind: Kind
  status: CaseStatus
  subject: string | null
  category: string | null
  agency_code: string | null
  anonymous: boolean | number
  confidential: boolean | number
  due_day: string | null
}

export async function listConsoleCases(
  db: ServerDb,
  query: ConsoleCaseListQuery,
  now: Date,
): Promise<ConsoleCasePage> {
  const limit = query.limit ?? 50
  if (query.from && query.to && query.from > query.to) {
    throw new Refused(400, {
      code: 'day_order',
      reason: `the first day (${query.from}) comes after the last (${query.to})`,
    })
  }
  // A tracking number is looked up by its printed form, however it was typed.
  const parsed = query.q ? parseTrackingNumber(query.q) : null
  const trackingNumber = parsed?.ok ? parsed.value.normalized : null
  const words = query.q && !trackingNumber ? searchWords(query.q) : []
  const search = words.length > 0
  const cursor = decodeCursor(query.cursor, search)
  const station = query.station ? await stationByCode(db, query.station) : null

  const q = db('cases as c')
    .join('stations as s', 's.id', 'c.station_id')
    .whereNotNull('c.received_day')
    .select(
      'c.pk',
      'c.id',
      'c.tracking_number',
      's.code as station_code',
      'c.received_at',
      'c.received_day',
      'c.zone',
      'c.channel',
      'c.kind',
      'c.status',
      'c.subject',
      'c.category',
      'c.agency_code',
      'c.anonymous',
      'c.confidential',
      'c.due_day',
    )
    .limit(limit + 1)
  applySlice(q, {
    stationId: station?.id,
    fromDay: query.from,
    toDay: query.to,
    category: query.category,
    agency: query.agency,
    channel: query.channel,
    kind: query.kind,
  })
  if (query.status) q.where('c.status', query.status)
  if (query.overdue !== undefined) {
    const overdue = overdueSql(now)
    if (query.overdue) q.whereRaw(overdue.sql, overdue.bindings)
    else q.whereRaw(`NOT ${overdue.sql}`, overdue.bindings)
  }
  if (search) {
    matchWords(db, q, words)
    q.orderBy('c.pk', 'desc')
    if (cursor) q.where('c.pk', '<', cursor.pk)
  } else {
    if (trackingNumber) q.where('c.tracking_number', trackingNumber)
    else if (query.q) q.whereRaw('1 = 0') // neither a number nor any word: nothing matches
    q.orderBy([
      { column: 'c.received_at', order: 'desc' },
      { column: 'c.pk', order: 'desc' },
    ])
    if (cursor?.k === 'd') q.whereRaw('(c.received_at, c.pk) < (?, ?)', [cursor.at, cursor.pk])
  }
  const rows = (await q) as Row[]
  const todays = todaysByZone(now)
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => itemOf(r, todays)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor(
            search
              ? { k: 's', pk: Number(last.pk) }
              : { k: 'd', at: last.received_at, pk: Number(last.pk) },
          )
        : null,
  }
}

function itemOf(r: Row, todays: ReturnType<typeof todaysByZone>): ConsoleCaseItem {
  return {
    id: r.id,
    trackingNumber: r.tracking_number,
    stationCode: r.station_code,
    receivedDay: r.received_day,
    channel: r.channel,
    kind: r.kind,
    status: r.status,
    subject: r.confidential ? null : r.subject,
    category: r.confidential ? null : r.category,
    agencyCode: r.agency_code,
    anonymous: Boolean(r.anonymous),
    confidential: Boolean(r.confidential),
    dueDay: r.due_day,
    overdue: isOverdue(r, todays),
  }
}

/** A case's id from its tracking number, read as people type it. */
export async function caseByNumber(db: ServerDb, typed: string): Promise<CaseByNumber> {
  const parsed = parseTrackingNumber(typed)
  if (!parsed.ok) {
    throw new Refused(400, {
      code: 'tracking_number',
      reason:
        parsed.reason === 'check'
          ? 'the tracking number’s check character does not match; a character was mistyped'
          : 'this is not a tracking number (STATION-YYMMDD-NNNN-C)',
    })
  }
  const row = (await db('cases')
    .where({ tracking_number: parsed.value.normalized })
    .first('id', 'tracking_number')) as { id: string; tracking_number: string } | undefined
  if (!row) throw unknownCase()
  return { id: row.id, trackingNumber: row.tracking_number }
}
