import {
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
} from 'node:crypto'
import { attachmentAddedSchema } from '../../shared/events'
import {
  SEAL_DOCUMENT_INFO,
  SEAL_INFO,
  sealAad,
  sealDocumentAad,
  sealedIdentitySchema,
  unpackDocumentBox,
  type DocumentBoxParts,
  type Identity,
  type SealedIdentity,
} from '../../shared/seal'
import type { ServerDb } from '../db'
import { openPayload, sealIdentityReadReason } from './atRest'
import { attachmentState, readAttachment } from './attachments'
import type { CentralIdentity } from './centralIdentity'
import { Refused, unknownCase } from './refused'

// An anonymous complainant's identity, and any identity document sent with
// it, travel sealed to the centre's authority key; only the custodian, stating
// a reason, opens them, and the reading is logged first.

/** Opens a box sealed to the authority (shared/seal.ts) with its private key (PKCS#8 DER, base64). */
function openFromAuthority(
  authorityPrivateKey: string,
  box: DocumentBoxParts,
  info: string,
  aad: string,
): Buffer {
  const privateKey = createPrivateKey({
    key: Buffer.from(authorityPrivateKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  })
  const epk = Buffer.from(box.epk)
  const shared = diffieHellman({
    privateKey,
    publicKey: createPublicKey({ key: epk, format: 'der', type: 'spki' }),
  })
  const key = Buffer.from(hkdfSync('sha256', shared, epk, info, 32))
  const data = Buffer.from(box.ct)
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv))
  decipher.setAAD(Buffer.from(aad))
  decipher.setAuthTag(data.subarray(data.length - 16))
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()])
}

/** Opens a sealed identity with the authority's private key (PKCS#8 DER, base64). */
export function openSealedIdentity(
  authorityPrivateKey: string,
  box: SealedIdentity,
  trackingNumber: string,
): Identity {
  const parts = {
    epk: Buffer.from(box.epk, 'base64'),
    iv: Buffer.from(box.iv, 'base64'),
    ct: Buffer.from(box.ct, 'base64'),
  }
  const plain = openFromAuthority(authorityPrivateKey, parts, SEAL_INFO, sealAad(trackingNumber))
  return JSON.parse(plain.toString('utf8')) as Identity
}

/** Opens a sealed identity document, and checks it is the document its event names. */
export function openSealedDocument(
  authorityPrivateKey: string,
  box: Buffer,
  trackingNumber: string,
  sha256: string,
): Buffer {
  const parts = unpackDocumentBox(box)
  if (!parts) throw new Error('not a sealed identity document')
  const plain = openFromAuthority(
    authorityPrivateKey,
    parts,
    SEAL_DOCUMENT_INFO,
    sealDocumentAad(trackingNumber, sha256),
  )
  if (createHash('sha256').update(plain).digest('hex') !== sha256) {
    throw new Error('the sealed identity document does not match its hash')
  }
  return plain
}

export interface IdentityDocument {
  /** The plain document's SHA-256. */
  sha256: string
  name: string
  mime: string
  size: number
  /** The document, base64; null while the station has not finished sending it. */
  contentBase64: string | null
}

/** A case's sealed identity documents, as its events describe them. */
async function sealedDocumentsOf(db: ServerDb, caseId: string) {
  const rows = (await db('events')
    .where({ case_id: caseId, type: 'attachment.added' })
    .orderBy('cursor')
    .select('id', 'payload')) as { id: string; payload: string }[]
  return rows.flatMap((r) => {
    const p = attachmentAddedSchema.safeParse(openPayload(db, r))
    return p.success && p.data.sealedDocument ? [p.data] : []
  })
}

/**
 * Opens a case's sealed identity and identity documents for the custodian,
 * after logging the reading (who, why, when).
 */
export async function readSealedIdentity(
  db: ServerDb,
  identity: CentralIdentity,
  caseId: string,
  custodian: string,
  reason: string,
  now: Date,
): Promise<Identity & { documents: IdentityDocument[] }> {
  const row = (await db('events')
    .where({ case_id: caseId, type: 'case.received' })
    .first('id', 'payload')) as { id: string; payload: string } | undefined
  if (!row) throw unknownCase()
  const p = openPayload(db, row) as { trackingNumber: string; sealedIdentity?: unknown }
  const box = sealedIdentitySchema.safeParse(p.sealedIdentity)
  const documents = await sealedDocumentsOf(db, caseId)
  if (!box.success && documents.length === 0) {
    throw new Refused(404, {
      code: 'no_sealed_identity',
      reason: 'this case holds no sealed identity',
    })
  }
  await db('identity_reads').insert({
    case_id: caseId,
    admin: custodian,
    reason: sealIdentityReadReason(db, caseId, reason),
    at: now.toISOString(),
  })
  const key = identity.authorityPrivateKey
  const opened: IdentityDocument[] = []
  for (const d of documents) {
    const held = (await attachmentState(db, d.sha256)).complete
    const content = held
      ? openSealedDocument(
          key,
          await readAttachment(db, d.sha256),
          p.trackingNumber,
          d.sealedDocument!.sha256,
        ).toString('base64')
      : null
    opened.push({
      sha256: d.sealedDocument!.sha256,
      name: d.name,
      mime: d.mime,
      size: d.sealedDocument!.size,
      contentBase64: content,
    })
  }
  return {
    ...(box.success ? openSealedIdentity(key, box.data, p.trackingNumber) : {}),
    documents: opened,
  }
}
