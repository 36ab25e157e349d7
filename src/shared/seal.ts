import { z } from 'zod'

// Sealing an anonymous complainant's identity to the central authority: an
// ephemeral X25519 key agrees a secret with the authority's key, HKDF-SHA256
// turns it into an AES-256-GCM key, and the identity is encrypted with the
// tracking number as associated data (a box cannot be moved to another case).
// The station keeps only the box; only the centre's private key opens it.

export const SEAL_ALG = 'X25519-HKDF-SHA256-AES-256-GCM'
export const SEAL_INFO = 'loket-identity/1'

export function sealAad(trackingNumber: string): string {
  return `${SEAL_INFO}\n${trackingNumber}`
}

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/)

export const sealedIdentitySchema = z.strictObject({
  alg: z.literal(SEAL_ALG),
  /** The ephemeral public key, SPKI DER in base64. */
  epk: b64.max(200),
  iv: b64.max(40),
  /** Ciphertext followed by the 16-byte GCM tag. */
  ct: b64.max(20_000),
})
export type SealedIdentity = z.infer<typeof sealedIdentitySchema>

/** The identity fields that are sealed; `directlyAffected` is not identifying and stays readable. */
export const IDENTITY_FIELDS = ['name', 'nik', 'phone', 'email', 'address'] as const
export type IdentityField = (typeof IDENTITY_FIELDS)[number]
export type Identity = Partial<Record<IdentityField, string>>

// An anonymous complainant's identity document (an attachment of kind `ktp`)
// is sealed the same way at intake, as bytes: the associated data binds the
// tracking number and the SHA-256 of the plain document, so a box opens only
// for its case and only to the document its event names. The station keeps the
// box alone; the centre stores it as it is, and only the custodian's identity
// route opens it.

export const SEAL_DOCUMENT_INFO = 'loket-identity-document/1'

export function sealDocumentAad(trackingNumber: string, sha256: string): string {
  return `${SEAL_DOCUMENT_INFO}\n${trackingNumber}\n${sha256}`
}

/** What an `attachment.added` event says of a sealed document: the plain one's hash and size. */
export const sealedDocumentSchema = z.strictObject({
  alg: z.literal(SEAL_ALG),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.int().min(1),
})
export type SealedDocument = z.infer<typeof sealedDocumentSchema>

/** A box's bytes: 'LKA1', the ephemeral key's length (one byte) and key, the 12-byte IV, then ciphertext and tag. */
const DOCUMENT_MAGIC = [0x4c, 0x4b, 0x41, 0x31]

export interface DocumentBoxParts {
  /** The ephemeral public key, SPKI DER. */
  epk: Uint8Array
  iv: Uint8Array
  /** Ciphertext followed by the 16-byte GCM tag. */
  ct: Uint8Array
}

export function packDocumentBox(p: DocumentBoxParts): Uint8Array {
  if (p.epk.length > 255 || p.iv.length !== 12) throw new Error('bad document box parts')
  const out = new Uint8Array(5 + p.epk.length + 12 + p.ct.length)
  out.set(DOCUMENT_MAGIC, 0)
  out[4] = p.epk.length
  out.set(p.epk, 5)
  out.set(p.iv, 5 + p.epk.length)
  out.set(p.ct, 17 + p.epk.length)
  return out
}

/** The parts of a document box, or null for bytes that are not one. */
export function unpackDocumentBox(box: Uint8Array): DocumentBoxParts | null {
  if (box.length < 5 || DOCUMENT_MAGIC.some((b, i) => box[i] !== b)) return null
  const n = box[4]!
  if (box.length < 5 + n + 12 + 16) return null
  return {
    epk: box.subarray(5, 5 + n),
    iv: box.subarray(5 + n, 17 + n),
    ct: box.subarray(17 + n),
  }
}
