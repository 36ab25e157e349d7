import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { appendFile, mkdir, rename, rm, stat, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import { ATTACHMENT_MAX_BYTES } from '../../shared/domain'
import type { AttachmentState } from '../../shared/sync'
import { Refused } from './refused'
import type { ServerDb } from '../db'

// Attachments arrive content-addressed, in chunks appended at the offset the
// server reports, so an upload cut anywhere resumes where it stopped.

function paths(dataDir: string, sha256: string) {
  const dir = join(dataDir, 'attachments', sha256.slice(0, 2))
  return { dir, final: join(dir, sha256), part: join(dir, `${sha256}.part`) }
}

export async function attachmentState(db: ServerDb, sha256: string): Promise<AttachmentState> {
  const row = (await db('attachments').where({ sha256 }).first('received', 'complete')) as
    { received: number; complete: boolean | number } | undefined
  return { sha256, received: Number(row?.received ?? 0), complete: Boolean(row?.complete) }
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
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
  const p = paths(dataDir, sha256)
  await mkdir(p.dir, { recursive: true })
  if (offset === 0) await rm(p.part, { force: true })
  else {
    // The file on disk is the truth: a crash after the append but before the row update
    // leaves more bytes than recorded; cut back to what the row says.
    const onDisk = await stat(p.part).catch(() => null)
    if (!onDisk || onDisk.size < offset) {
      await db('attachments').where({ sha256 }).update({ received: 0 })
      throw new Refused(409, { code: 'offset', reason: 'the partial upload was lost; start again' })
    }
    if (onDisk.size > offset) await truncate(p.part, offset)
  }
  await appendFile(p.part, bytes)
  const received = offset + bytes.length
  let complete = false
  if (received === size) {
    if ((await sha256OfFile(p.part)) !== sha256) {
      await rm(p.part, { force: true })
      await db('attachments').where({ sha256 }).delete()
      throw new Refused(422, {
        code: 'attachment_hash',
        reason: 'the bytes do not match the SHA-256',
      })
    }
    await rename(p.part, p.final)
    complete = true
  }
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
