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
