import { createHash } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Knex } from 'knex'
import type { AttachmentMimeType } from '../../shared/domain'
import type { AttachmentAddedPayload, CaseReceivedPayload } from '../../shared/events'
import type { Intake } from '../../shared/schemas'
import { IDENTITY_FIELDS, SEAL_ALG, type Identity, type IdentityField } from '../../shared/seal'
import type { ApiIssue } from '../../shared/api'
import { aad } from '../atRest'
import { cipherOf } from '../crypto/dataKey'
import { sealDocument, sealIdentity } from '../crypto/seal'
import { DomainError } from '../errors'
import { syncKey } from '../sync/keys'
import { blobPath, readAttachment } from './attachments'
import { readSetting } from './settings'

/*
 * An anonymous complainant's identity is sealed to the central authority at
 * intake: the identity fields (into the case.received event) and any identity
 * document, an attachment of kind `ktp` (into a box kept as its own
 * attachment). The station keeps only the boxes; no role here opens them.
 * Before enrolment the authority's key is unknown, so either is refused
 * (the complaint itself can be recorded without them).
 */

const identityGiven = (input: Intake): IdentityField[] =>
  IDENTITY_FIELDS.filter((f) => input.complainant[f] !== undefined)

const identityDocuments = (input: Intake) =>
  input.attachments.flatMap((a, i) => (a.kind === 'ktp' ? [{ ...a, index: i }] : []))

/**
 * The authority's key for an anonymous intake that carries an identity, or a
 * refusal naming each field and document that cannot be sealed yet; null when
 * there is nothing to seal.
 */
export async function authorityKeyFor(
  trx: Knex.Transaction,
  input: Intake,
): Promise<string | null> {
  if (!input.anonymous) return null
  const fields = identityGiven(input)
  const documents = identityDocuments(input)
  if (fields.length === 0 && documents.length === 0) return null
  const key = await readSetting(trx, syncKey.authorityPublicKey)
  if (key) return key
  const issues: ApiIssue[] = [
    ...fields.map((f) => ({ path: `complainant.${f}`, message: 'error.sealNeedsEnrolment' })),
    ...documents.map((d) => ({
      path: `attachments.${d.index}`,
      message: 'error.sealDocumentNeedsEnrolment',
    })),
  ]
  throw new DomainError(
    'invalid_input',
    fields.length > 0 ? 'error.sealNeedsEnrolment' : 'error.sealDocumentNeedsEnrolment',
    issues,
  )
}

/** What the log keeps of the complainant: for an anonymous one, the box and `directlyAffected`. */
export function complainantFor(
  input: Intake,
  authorityKey: string | null,
  trackingNumber: string,
): Pick<CaseReceivedPayload, 'complainant' | 'sealedIdentity'> {
  if (!input.anonymous) return { complainant: input.complainant }
  const complainant = {
    ...Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, undefined])),
    directlyAffected: input.complainant.directlyAffected,
  } as Intake['complainant']
  const fields = identityGiven(input)
  if (fields.length === 0 || !authorityKey) return { complainant }
  const identity: Identity = Object.fromEntries(fields.map((f) => [f, input.complainant[f]]))
  return { complainant, sealedIdentity: sealIdentity(authorityKey, identity, trackingNumber) }
}

const EXTENSIONS: Record<AttachmentMimeType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
}

/**
 * Seals each identity document of an anonymous intake to the authority: the
 * box is kept content-addressed by its own hash (on disk, sealed with the data
 * key like every file) and the attachment event names the box, the plain
 * document's hash and size, and a name that says nothing of the person. The
 * boxes' files are listed in `written`, so a refused intake removes them.
 * Returns the events' payloads by the plain documents' hashes.
 */
export async function sealIdentityDocuments(
  trx: Knex.Transaction,
  dataDir: string,
  input: Intake,
  authorityKey: string | null,
  trackingNumber: string,
  stored: ReadonlyMap<string, { mime: string; size: number }>,
  now: Date,
  written: string[],
): Promise<Map<string, AttachmentAddedPayload>> {
  const sealed = new Map<string, AttachmentAddedPayload>()
  if (!input.anonymous || !authorityKey) return sealed
  for (const doc of identityDocuments(input)) {
    if (sealed.has(doc.sha256)) continue
    const plain = await readAttachment(trx, dataDir, doc.sha256)
    const box = sealDocument(authorityKey, plain, trackingNumber, doc.sha256)
    const sha256 = createHash('sha256').update(box).digest('hex')
    const path = blobPath(dataDir, sha256)
    await mkdir(dirname(path), { recursive: true })
    const tmp = `${path}.${process.pid}.tmp`
    await writeFile(tmp, cipherOf(trx).sealBytes(box, aad.file(sha256)))
    await rename(tmp, path)
    written.push(path)
    const mime = stored.get(doc.sha256)!.mime
    await trx('attachments').insert({
      sha256,
      mime,
      size: box.length,
      created_at: now.toISOString(),
    })
    const n = sealed.size + 1
    sealed.set(doc.sha256, {
      sha256,
      kind: 'ktp',
      name: `ktp${n > 1 ? `-${n}` : ''}.${EXTENSIONS[mime as AttachmentMimeType] ?? 'bin'}`,
      mime,
      size: box.length,
      sealedDocument: { alg: SEAL_ALG, sha256: doc.sha256, size: plain.length },
    })
  }
  return sealed
}

/** Removes the box files of an intake that was refused (their rows went with it). */
export async function removeWritten(written: string[]): Promise<void> {
  for (const path of written) await rm(path, { force: true })
}
