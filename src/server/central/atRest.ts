import { createHash } from 'node:crypto'
import { open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Knex } from 'knex'
import type { ServerDb } from '../db'
import { dataAtRestOf, keyringOf, ServerKeyError, ServerKeyring } from './dataKey'

/*
 * What the centre seals with its data key, and where: one list, so the
 * writers, the readers, the upgrade of an older database and a key rotation agree.
 *
 * - every event payload (the log is the whole history: named complainants'
 *   identity and contact, confidential content, notes);
 * - the reason given for each identity opening (free text, may name people);
 * - the centre's private keys (its signing key, and the authority key that
 *   opens anonymous identities: readable beside the data, it would open them all);
 * - every attachment file.
 *
 * Left readable, on purpose: ids, hashes, sequence numbers, clocks, types,
 * actors (staff), tracking numbers, statuses, the public-status PIN hash.
 */

export const aad = {
  payload: (eventId: string) => `events.payload:${eventId}`,
  identityRead: (caseId: string) => `identity_reads.reason:${caseId}`,
  serverIdentity: (key: string) => `server_identity.value:${key}`,
  file: (sha256: string) => `attachment:${sha256}`,
}

/** The one way a payload is stored: its canonical JSON (as hashed), sealed for its row. */
export function sealPayload(db: Knex | Knex.Transaction, eventId: string, json: string): string {
  return keyringOf(db).seal(json, aad.payload(eventId))
}

/** The one way a stored payload is read: opened and parsed. */
export function openPayload(
  db: Knex | Knex.Transaction,
  row: { id: string; payload: string },
): Record<string, unknown> {
  return JSON.parse(keyringOf(db).open(row.payload, aad.payload(row.id))) as Record<string, unknown>
}

/** The reason stored for an identity opening, sealed for its case. */
export function sealIdentityReadReason(
  db: Knex | Knex.Transaction,
  caseId: string,
  reason: string,
) {
  return keyringOf(db).seal(reason, aad.identityRead(caseId))
}

/** An identity opening's reason as the custodian gave it (the oversight list reads it here). */
export function openIdentityReadReason(
  db: Knex | Knex.Transaction,
  row: { case_id: string; reason: string },
): string {
  return keyringOf(db).open(row.reason, aad.identityRead(row.case_id))
}

/** Where a complete attachment's sealed file lives. */
export const attachmentPath = (dataDir: string, sha256: string): string =>
  join(dataDir, 'attachments', sha256.slice(0, 2), sha256)

/** The server_identity values that are sealed. */
export const SEALED_IDENTITY_KEYS = ['signingPrivateKey', 'authorityPrivateKey'] as const

/** A value in server_identity that proves the key given is the key the database was sealed with. */
const KEY_CHECK = 'dataKeyCheck'
const KEY_CHECK_PLAIN = 'loket'

const PAGE = 1000

/** Seals a value under the current key, opening it first if another key sealed it. */
function resealed(keyring: ServerKeyring, value: string, where: string): string | null {
  const under = ServerKeyring.sealedUnder(value)
  if (under === keyring.currentId) return null
  return keyring.seal(under === null ? value : keyring.open(value, where), where)
}

/** One UPDATE … FROM a list of values; PostgreSQL and SQLite both read it. */
async function updateColumn(
  trx: Knex.Transaction,
  table: string,
  keyColumn: string,
  column: string,
  rows: { key: string | number; value: string }[],
): Promise<void> {
  if (rows.length === 0) return
  // Numeric keys are cast on the values' side, so the key's index still serves.
  const key = typeof rows[0]!.key === 'number' ? 'CAST(? AS BIGINT)' : '?'
  const values = rows.map(() => `(${key}, ?)`).join(', ')
  await trx.raw(
    `WITH v(k, val) AS (VALUES ${values})
     UPDATE ${table} SET ${column} = v.val FROM v WHERE ${table}.${keyColumn} = v.k`,
    rows.flatMap((r) => [r.key, r.value]),
  )
}

async function resealEvents(db: ServerDb, keyring: ServerKeyring): Promise<number> {
  let changed = 0
  let after = 0
  for (;;) {
    const rows = (await db('events')
      .where('cursor', '>', after)
      .orderBy('cursor')
      .limit(PAGE)
      .select('cursor', 'id', 'payload')) as { cursor: number; id: string; payload: string }[]
    if (rows.length === 0) return changed
    after = Number(rows.at(-1)!.cursor)
    const updates: { key: number; value: string }[] = []
    for (const r of rows) {
      const value = resealed(keyring, r.payload, aad.payload(r.id))
      if (value !== null) updates.push({ key: Number(r.cursor), value })
    }
    await db.transaction((trx) => updateColumn(trx, 'events', 'cursor', 'payload', updates))
    changed += updates.length
  }
}

/**
 * Seals the payloads an older version left readable: the case rows' backfill
 * (a migration, before start-up's resealAll) reads them through openPayload.
 */
export async function sealPayloads(db: Knex | Knex.Transaction): Promise<number> {
  return resealEvents(db, keyringOf(db))
}

async function resealIdentityReads(db: ServerDb, keyring: ServerKeyring): Promise<number> {
  const rows = (await db('identity_reads').select('id', 'case_id', 'reason')) as {
    id: number
    case_id: string
    reason: string
  }[]
  const updates: { key: number; value: string }[] = []
  for (const r of rows) {
    const value = resealed(keyring, r.reason, aad.identityRead(r.case_id))
    if (value !== null) updates.push({ key: r.id, value })
  }
  for (let i = 0; i < updates.length; i += PAGE) {
    await db.transaction((trx) =>
      updateColumn(trx, 'identity_reads', 'id', 'reason', updates.slice(i, i + PAGE)),
    )
  }
  return updates.length
}

async function resealServerIdentity(db: ServerDb, keyring: ServerKeyring): Promise<number> {
  const rows = (await db('server_identity')
    .whereIn('key', [...SEALED_IDENTITY_KEYS, KEY_CHECK])
    .select('key', 'value')) as { key: string; value: string }[]
  const updates: { key: string; value: string }[] = []
  for (const r of rows) {
    const value = resealed(keyring, r.value, aad.serverIdentity(r.key))
    if (value !== null) updates.push({ key: r.key, value })
  }
  await db.transaction((trx) => updateColumn(trx, 'server_identity', 'key', 'value', updates))
  return updates.length
}

/** Which key sealed a file, from its first bytes; null when it is plain. */
async function fileSealedUnder(path: string): Promise<string | null> {
  const f = await open(path, 'r')
  try {
    const head = Buffer.alloc(8)
    const { bytesRead } = await f.read(head, 0, 8, 0)
    return ServerKeyring.fileSealedUnder(head.subarray(0, bytesRead))
  } finally {
    await f.close()
  }
}

async function resealFiles(db: ServerDb, keyring: ServerKeyring, dataDir: string): Promise<number> {
  const shas = (await db('attachments').where({ complete: true }).pluck('sha256')) as string[]
  let changed = 0
  for (const sha256 of shas) {
    const path = attachmentPath(dataDir, sha256)
    const under = await fileSealedUnder(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return keyring.currentId
      throw err
    })
    if (under === keyring.currentId) continue
    const stored = await readFile(path)
    const plain = under === null ? stored : keyring.openBytes(stored, aad.file(sha256))
    if (createHash('sha256').update(plain).digest('hex') !== sha256) {
      throw new Error(`attachment ${sha256} does not match its hash; left as it is`)
    }
    // Written beside it, then renamed over it: a crash leaves the old file or the new one.
    const tmp = `${path}.${process.pid}.tmp`
    await writeFile(tmp, keyring.sealBytes(plain, aad.file(sha256)))
    await rename(tmp, path)
    changed++
  }
  return changed
}

/**
 * Versions before sealing kept partial uploads, plain, beside the files; they
 * go, and those uploads start again (the stations resume from nothing).
 */
async function removeLegacyPartials(db: ServerDb, dataDir: string): Promise<void> {
  const root = join(dataDir, 'attachments')
  const dirs = await readdir(root).catch(() => [] as string[])
  for (const dir of dirs) {
    const names = await readdir(join(root, dir)).catch(() => [] as string[])
    for (const name of names.filter((n) => n.endsWith('.part'))) {
      await rm(join(root, dir, name), { force: true })
    }
  }
  await db('attachments').where({ complete: false }).delete()
}

export interface Resealed {
  events: number
  identityReads: number
  keys: number
  files: number
}

/**
 * Seals under the current key every value and file that is not: those an
 * older version left readable, and those an older key sealed (a rotation).
 * In pages, each its own transaction, so it can be stopped and run again.
 */
export async function resealAll(db: ServerDb): Promise<Resealed> {
  const { keyring, dataDir } = dataAtRestOf(db)
  const done = {
    events: await resealEvents(db, keyring),
    identityReads: await resealIdentityReads(db, keyring),
    keys: await resealServerIdentity(db, keyring),
    files: await resealFiles(db, keyring, dataDir),
  }
  // SQLite: the old pages leave the WAL too (secure_delete has cleared them in the file).
  if (db.client.config.client !== 'pg' && done.events + done.identityReads + done.keys > 0) {
    await db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
  }
  return done
}

/**
 * Checks that the key given is the one this database was sealed with, and
 * refuses to start otherwise (a second server with a key of its own would seal
 * what the first cannot open). A database without the check (new, or from a
 * version before sealing) has whatever is readable sealed first.
 */
export async function prepareDataAtRest(db: ServerDb): Promise<void> {
  const { keyring, source } = dataAtRestOf(db)
  const read = async () =>
    (
      (await db('server_identity').where({ key: KEY_CHECK }).first('value')) as
        { value: string } | undefined
    )?.value
  let check = await read()
  if (check === undefined) {
    await removeLegacyPartials(db, dataAtRestOf(db).dataDir)
    await resealAll(db)
    await db('server_identity')
      .insert({
        key: KEY_CHECK,
        value: keyring.seal(KEY_CHECK_PLAIN, aad.serverIdentity(KEY_CHECK)),
      })
      .onConflict('key')
      .ignore()
    check = (await read())!
  }
  try {
    if (keyring.open(check, aad.serverIdentity(KEY_CHECK)) === KEY_CHECK_PLAIN) return
  } catch (err) {
    if (!(err instanceof ServerKeyError)) throw err
  }
  const where = source.kind === 'env' ? 'LOKET_SERVER_KEY' : source.path
  throw new ServerKeyError(
    `Kunci data server (${keyring.ids.join(', ')}, dari ${where}) tidak membuka basis data ini, yang disegel dengan kunci ${ServerKeyring.sealedUnder(check) ?? '?'}. ` +
      `Pakai kunci yang sama di setiap proses server. / The server data key (${keyring.ids.join(', ')}, from ${where}) does not open this database, which is sealed under key ${ServerKeyring.sealedUnder(check) ?? '?'}. Give every server process the same key.`,
  )
}
