import type { Knex } from 'knex'
import { EVENT_COLUMNS } from '../../src/core/eventLog'
import { aad, sealCaseColumns } from '../../src/core/atRest'
import { cipherOf, type DataCipher } from '../../src/core/crypto/dataKey'
import { CaseGenerator } from './generator'
import {
  CASE_COLUMNS,
  PAUSE_COLUMNS,
  type SeedChunk,
  type SeedOptions,
  type SqlValue,
} from './rows'

interface RawStatement {
  run(params: SqlValue[], cb: (err: Error | null) => void): unknown
  finalize(cb: (err: Error | null) => void): unknown
}
interface RawConnection {
  exec(sql: string, cb: (err: Error | null) => void): unknown
  all(sql: string, params: SqlValue[], cb: (err: Error | null, rows: unknown[]) => void): unknown
  prepare(sql: string, params: SqlValue[], cb: (err: Error | null) => void): RawStatement
}
interface PoolClient {
  acquireConnection(): Promise<RawConnection>
  releaseConnection(conn: RawConnection): Promise<unknown>
}

function exec(conn: RawConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.exec(sql, (err) => (err ? reject(err) : resolve())))
}

function all<T>(conn: RawConnection, sql: string, params: SqlValue[] = []): Promise<T[]> {
  return new Promise((resolve, reject) =>
    conn.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
  )
}

/**
 * Inserts a chunk's rows with one statement: the rows go in as a single JSON
 * text that SQLite unpacks with json_each. Binding one string costs the main
 * thread (which generates the rows) far less than binding every value, and the
 * unpacking happens on the driver's worker thread.
 */
class JsonInsert {
  private readonly statement: RawStatement
  private error: Error | null = null

  constructor(conn: RawConnection, table: string, columns: readonly string[]) {
    const values = columns.map((_, i) => `value ->> ${i}`).join(', ')
    this.statement = conn.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM json_each(?)`,
      [],
      (err) => {
        if (err) this.error = err
      },
    )
  }

  insert(rows: SqlValue[][]): Promise<void> {
    if (this.error) return Promise.reject(this.error)
    if (rows.length === 0) return Promise.resolve()
    return new Promise((resolve, reject) =>
      this.statement.run([JSON.stringify(rows)], (err) => (err ? reject(err) : resolve())),
    )
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.statement.finalize((err) => (err ? reject(err) : resolve())),
    )
  }
}

const col = (name: (typeof CASE_COLUMNS)[number]) => CASE_COLUMNS.indexOf(name)
const EV_ID = EVENT_COLUMNS.indexOf('id')
const EV_PAYLOAD = EVENT_COLUMNS.indexOf('payload')

/** Seals a generated chunk the way the station writes its rows (see src/core/atRest.ts). */
function sealChunk(cipher: DataCipher, chunk: SeedChunk): void {
  for (const e of chunk.events) {
    e[EV_PAYLOAD] = cipher.seal(String(e[EV_PAYLOAD]), aad.event(String(e[EV_ID])))
  }
  for (const c of chunk.cases) {
    const id = String(c[col('id')])
    const row = Object.fromEntries(CASE_COLUMNS.map((name, i) => [name, c[i]]))
    const sealed = sealCaseColumns(cipher, id, Boolean(c[col('confidential')]), row)
    CASE_COLUMNS.forEach((name, i) => (c[i] = sealed[name] as SqlValue))
  }
}

/**
 * Seeds N cases into a migrated station database that has no events yet:
 * events with their hash chain, the cases projection (with the lifecycle state
 * the events lead to), case pauses, the FTS index and the day counters for
 * tracking numbers. One transaction: it all lands or nothing does.
 */
export async function seedCases(
  db: Knex,
  options: SeedOptions,
): Promise<{ rows: number; ms: number }> {
  const started = performance.now()
  const pool = db.client as unknown as PoolClient
  const conn = await pool.acquireConnection()
  try {
    const [{ n } = { n: 0 }] = await all<{ n: number }>(conn, 'SELECT count(*) AS n FROM events')
    if (n > 0) throw new Error('seedCases needs a station without events')
    const [{ cache_size: cacheSize } = { cache_size: -2000 }] = await all<{ cache_size: number }>(
      conn,
      'PRAGMA cache_size',
    )
    // The FTS triggers as the database defines them, to set aside and put back verbatim.
    const triggers = await all<{ name: string; sql: string }>(
      conn,
      `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases' AND sql LIKE '%cases_fts%'`,
    )
    await exec(conn, 'PRAGMA cache_size = -262144') // 256 MiB while loading
    const generator = new CaseGenerator(options)
    const cipher = cipherOf(db)
    const cases = new JsonInsert(conn, 'cases', CASE_COLUMNS)
    const events = new JsonInsert(conn, 'events', EVENT_COLUMNS)
    const pauses = new JsonInsert(conn, 'case_pauses', PAUSE_COLUMNS)
    let inFlight: Promise<void>[] = []
    await exec(conn, 'BEGIN IMMEDIATE')
    try {
      // Pauses are written by another statement than their cases, possibly first.
      await exec(conn, 'PRAGMA defer_foreign_keys = ON')
      for (const t of triggers) await exec(conn, `DROP TRIGGER ${t.name}`)
      for (;;) {
        // Generate the next chunk while the previous one is being written.
        const chunk = generator.nextChunk()
        const results = await Promise.allSettled(inFlight)
        const failed = results.find((x) => x.status === 'rejected')
        if (failed) throw (failed as PromiseRejectedResult).reason
        if (!chunk) break
        sealChunk(cipher, chunk)
        inFlight = [
          cases.insert(chunk.cases),
          events.insert(chunk.events),
          pauses.insert(chunk.pauses),
        ]
        if (chunk.done > 0) options.onProgress?.(chunk.done)
      }
      await Promise.all([cases.close(), events.close(), pauses.close()])
      await exec(conn, `INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')`)
      for (const t of triggers) await exec(conn, t.sql)
      // The station's own tracking numbers continue after the seeded ones.
      const counters = [...generator.dayCounters]
      for (let i = 0; i < counters.length; i += 400) {
        const batch = counters.slice(i, i + 400)
        await all(
          conn,
          `INSERT INTO counters(name, value) VALUES ${batch.map(() => '(?, ?)').join(',')}
           ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)`,
          batch.flatMap(([day, value]) => [`tracking:${day}`, value]),
        )
      }
      await exec(conn, 'COMMIT')
    } catch (err) {
      await Promise.allSettled(inFlight)
      await exec(conn, 'ROLLBACK').catch(() => {})
      throw err
    } finally {
      await exec(conn, `PRAGMA cache_size = ${Number(cacheSize)}`)
    }
    await exec(conn, 'PRAGMA wal_checkpoint(TRUNCATE)')
  } finally {
    await pool.releaseConnection(conn)
  }
  return { rows: options.count, ms: performance.now() - started }
}
