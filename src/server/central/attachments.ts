import { createHash } from 'node:crypto'
import {
  appendFile,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ATTACHMENT_MAX_BYTES } from '../../shared/domain'
import type { AttachmentState } from '../../shared/sync'
import { aad, attachmentPath } from './atRest'
import { dataAtRestOf, keyringOf } from './dataKey'
import { Refused } from './refused'
import type { ServerDb } from '../db'

// Attachments arrive content-addressed, in chunks appended at the offset the
// server reports, so an upload cut anywhere resumes where it stopped. The
// partial upload is plain (the hash is over the plain bytes) and lives apart,
// in uploads/, only while the upload goes on: on completion the file is
// checked, sealed with the server data key into attachments/ and the partial
// removed; one left idle longer than UPLOAD_IDLE_MS is removed by the sweep
// (the station then starts that file again).

/** How long a partial upload may wait for its next chunk before it is removed. */
export const UPLOAD_IDLE_MS = 3_600_000

const partPath = (dataDir: string, sha256: string) => join(dataDir, 'uploads', `${sha256}.part`)

export async function attachmentState(db: ServerDb, sha256: string): Promise<AttachmentState> {
  const row = (await db('attachments').where({ sha256 }).first('received', 'complete')) as
    { received: number; complete: boolean | number } | undefined
  return { sha256, received: Number(row?.received ?? 0), complete: Boolean(row?.complete) }
}

/** Checks a finished upload against its hash, then keeps it sealed under its final name. */
async function completeUpload(db: ServerDb, dataDir: string, sha256: string): Promise<void> {
  const part = partPath(dataDir, sha256)
  const plain = await readFile(part)
  if (createHash('sha256').update(plain).digest('hex') !== sha256) {
    await rm(part, { force: true })
    await db('attachments').where({ sha256 }).delete()
    throw new Refused(422, {
      code: 'attachment_hash',
      reason: 'the bytes do not match the SHA-256',
    })
  }
  const final = attachmentPath(dataDir, sha256)
  await mkdir(dirname(final), { recursive: true })
  // Sealed beside its final name, then renamed: a crash never leaves half a file there.
  const tmp = `${final}.${process.pid}.tmp`
  await writeFile(tmp, keyringOf(db).sealBytes(plain, aad.file(sha256)))
  await rename(tmp, final)
  await rm(part, { force: true })
}

export async function putChunk(
  db: ServerDb,
  dataDir: string,
  stationId: string,
  input: { sha256: string; offset: number; size: number; bytes: Buffer },
  now: Date,
): Promise<AttachmentState> {
  const { sha256, offset, size, bytes } = input
  if (size < 1 || size > ATTACHMENT_MAX_BYTES) {
    throw new Refused(413, { code: 'attachment_size', reason: 'the attachment is too large' })
  }
  const current = await attachmentState(db, sha256)
  if (current.complete) return current
  if (offset !== current.received) {
    throw new Refused(409, {
      code: 'offset',
      reason: `the server holds ${current.received} bytes; continue from there`,
    })
  }
  if (offset + bytes.length > size) {
    throw new Refused(422, {
      code: 'attachment_size',
      reason: 'the chunk runs past the declared size',
    })
  }
  const part = partPath(dataDir, sha256)
  await mkdir(dirname(part), { recursive: true })
  if (offset === 0) await rm(part, { force: true })
  else {
    // The file on disk is the truth: a crash after the append but before the row update
    // leaves more bytes than recorded; cut back to what the row says.
    const onDisk = await stat(part).catch(() => null)
    if (!onDisk || onDisk.size < offset) {
      await db('attachments').where({ sha256 }).update({ received: 0 })
      throw new Refused(409, { code: 'offset', reason: 'the partial upload was lost; start again' })
    }
    if (onDisk.size > offset) await truncate(part, offset)
  }
  await appendFile(part, bytes)
  const received = offset + bytes.length
  const complete = received === size
  if (complete) await completeUpload(db, dataDir, sha256)
  await db('attachments')
    .insert({
      sha256,
      station_id: stationId,
      size,
      received,
      complete,
      updated_at: now.toISOString(),
    })
    .onConflict('sha256')
    .merge(['received', 'complete', 'updated_at'])
  return { sha256, received, complete }
}

/**
 * A complete attachment's bytes (from the database's data folder), opened with
 * the server data key and checked against their hash. An anonymous
 * complainant's identity document is, even so, a box only the authority key opens.
 */
export async function readAttachment(db: ServerDb, sha256: string): Promise<Buffer> {
  const { keyring, dataDir } = dataAtRestOf(db)
  const bytes = keyring.openBytes(await readFile(attachmentPath(dataDir, sha256)), aad.file(sha256))
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
    throw new Error(`attachment ${sha256} does not match its hash`)
  }
  return bytes
}

/**
 * Removes the partial uploads that have waited longer than UPLOAD_IDLE_MS for
 * their next chunk (their rows go back to nothing received), and any partial
 * file no unfinished upload owns.
 */
export async function removeIdleUploads(
  db: ServerDb,
  dataDir: string,
  now: Date,
): Promise<{ removed: number }> {
  const cutoff = new Date(now.getTime() - UPLOAD_IDLE_MS).toISOString()
  const names = await readdir(join(dataDir, 'uploads')).catch(() => [] as string[])
  const live = new Set(
    (await db('attachments')
      .where({ complete: false })
      .where('updated_at', '>=', cutoff)
      .pluck('sha256')) as string[],
  )
  let removed = 0
  for (const name of names) {
    const sha256 = name.replace(/\.part$/, '')
    if (live.has(sha256)) continue
    await rm(join(dataDir, 'uploads', name), { force: true })
    removed++
  }
  await db('attachments').where({ complete: false }).where('updated_at', '<', cutoff).delete()
  return { removed }
}
