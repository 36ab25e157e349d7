import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { StoredAttachment } from '../../shared/api'
import {
  ATTACHMENT_MAX_BYTES,
  type AttachmentKind,
  type AttachmentMimeType,
} from '../../shared/domain'
import { aad } from '../atRest'
import { cipherOf, DataCipher } from '../crypto/dataKey'
import type { Knex } from 'knex'
import type { Db } from '../db'
import { DomainError } from '../errors'

/** The type comes from the bytes, never from the file name a person chose. */
export function sniffMime(bytes: Uint8Array): AttachmentMimeType | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b)
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf' // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  return null
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export function decodeBase64Strict(s: string): Buffer {
  const compact = s.replace(/\s+/g, '')
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new DomainError('invalid_input', 'validation.invalid', [
      { path: 'contentBase64', message: 'validation.invalid' },
    ])
  }
  return Buffer.from(compact, 'base64')
}

export function blobPath(dataDir: string, sha256: string): string {
  return join(dataDir, 'attachments', sha256.slice(0, 2), sha256)
}

/**
 * Puts and the orphan sweep on one database take turns, so that the sweep
 * never removes a file that a put has just found in place and is recording.
 */
const turns = new WeakMap<Db, Promise<unknown>>()
function inTurn<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const run = (turns.get(db) ?? Promise.resolve()).then(fn)
  turns.set(
    db,
    run.catch(() => undefined),
  )
  return run
}

export async function putAttachment(
  db: Db,
  dataDir: string,
  input: { name: string; kind: AttachmentKind; contentBase64: string },
  now: Date,
): Promise<StoredAttachment> {
  const bytes = decodeBase64Strict(input.contentBase64)
  const maxMb = ATTACHMENT_MAX_BYTES / (1024 * 1024)
  if (bytes.length > ATTACHMENT_MAX_BYTES)
    throw new DomainError('too_large', `error.too_large|max=${maxMb}`)
  if (bytes.length === 0) throw new DomainError('unsupported_type')
  const mime = sniffMime(bytes)
  if (!mime) throw new DomainError('unsupported_type')
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const path = blobPath(dataDir, sha256)
  // Sealed with the data key: the same bytes always seal the same way, so the
  // size tells whether the file is already complete.
  const sealed = cipherOf(db).sealBytes(bytes, aad.file(sha256))
  await inTurn(db, async () => {
    const exists = await stat(path).then(
      (s) => s.size === sealed.length,
      () => false,
    )
    if (!exists) {
      await mkdir(join(dataDir, 'attachments', sha256.slice(0, 2)), { recursive: true })
      // Write then rename, so a crash never leaves a half file under its final name.
      const tmp = `${path}.${process.pid}.tmp`
      await writeFile(tmp, sealed)
      await rename(tmp, path)
    }
    // A put of a file already kept starts its grace period again (see removeOrphanAttachments).
    await db('attachments')
      .insert({ sha256, mime, size: bytes.length, created_at: now.toISOString() })
      .onConflict('sha256')
      .merge(['created_at'])
  })
  return { sha256, mime, size: bytes.length, name: input.name, kind: input.kind }
}

/** An attachment's bytes, opened with the data key and checked against their hash. */
export async function readAttachment(db: Db, dataDir: string, sha256: string): Promise<Buffer> {
  const box = await readFile(blobPath(dataDir, sha256))
  const bytes = cipherOf(db).openBytes(box, aad.file(sha256))
  if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
    throw new Error(`attachment ${sha256} does not match its hash`)
  }
  return bytes
}

/** Seals an attachment file that an older version left readable. */
export async function sealAttachmentFile(
  cipher: DataCipher,
  dataDir: string,
  sha256: string,
): Promise<boolean> {
  const path = blobPath(dataDir, sha256)
  const bytes = await readFile(path).catch(() => null)
  if (!bytes || DataCipher.isSealedFile(bytes)) return false
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, cipher.sealBytes(bytes, aad.file(sha256)))
  await rename(tmp, path)
  return true
}

/**
 * How long an attachment that no case and no draft refers to is kept: long
 * enough for a clerk whose save was refused to correct the form and save again.
 */
export const ORPHAN_GRACE_MS = 24 * 3_600_000

const SHA256 = /^[0-9a-f]{64}$/

/** Every attachment hash a draft refers to, wherever the form keeps it. */
function draftReferences(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) draftReferences(v, into)
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'sha256' && typeof v === 'string' && SHA256.test(v)) into.add(v)
      else draftReferences(v, into)
    }
  }
}

/** Every attachment hash the drafts refer to; a draft that cannot be opened throws. */
async function referencedByDrafts(trx: Knex.Transaction): Promise<Set<string>> {
  const inDrafts = new Set<string>()
  const cipher = cipherOf(trx)
  const drafts = (await trx('drafts').select('id', 'data')) as { id: string; data: string }[]
  for (const d of drafts) {
    draftReferences(JSON.parse(cipher.open(d.data, aad.draft(d.id))), inDrafts)
  }
  return inDrafts
}

/**
 * Removes attachments (row and sealed file) that no case and no draft refers
 * to and that were put more than the grace period before `now`: the leftovers
 * of saves that were refused and never made good. A draft that cannot be
 * opened stops the sweep, since what it refers to is unknown.
 */
export async function removeOrphanAttachments(
  db: Db,
  dataDir: string,
  now: Date,
): Promise<{ removed: number }> {
  return inTurn(db, async () => {
    const cutoff = new Date(now.getTime() - ORPHAN_GRACE_MS).toISOString()
    const orphans = await db.transaction(async (trx) => {
      const inDrafts = await referencedByDrafts(trx)
      const old = (await trx('attachments')
        .where('created_at', '<', cutoff)
        .whereNotIn('sha256', trx('case_attachments').select('sha256'))
        .pluck('sha256')) as string[]
      const gone = old.filter((sha256) => !inDrafts.has(sha256))
      for (let i = 0; i < gone.length; i += 500) {
        await trx('attachments')
          .whereIn('sha256', gone.slice(i, i + 500))
          .delete()
      }
      return gone
    })
    // Files go once their rows are gone for good; a file already missing is no matter.
    for (const sha256 of orphans) await rm(blobPath(dataDir, sha256), { force: true })
    return { removed: orphans.length }
  })
}

/**
 * Removes at once (row and file) the given attachments that no case and no
 * draft refers to: the plain copies an anonymous identity document was sealed from.
 */
export async function discardUnreferenced(db: Db, dataDir: string, shas: string[]): Promise<void> {
  await inTurn(db, async () => {
    const gone = await db.transaction(async (trx) => {
      const inDrafts = await referencedByDrafts(trx)
      const used = new Set(
        (await trx('case_attachments').whereIn('sha256', shas).pluck('sha256')) as string[],
      )
      const unused = shas.filter((sha256) => !used.has(sha256) && !inDrafts.has(sha256))
      await trx('attachments').whereIn('sha256', unused).delete()
      return unused
    })
    for (const sha256 of gone) await rm(blobPath(dataDir, sha256), { force: true })
  })
}
