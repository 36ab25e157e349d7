import {
  createCipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto'
import {
  SEAL_ALG,
  SEAL_DOCUMENT_INFO,
  SEAL_INFO,
  packDocumentBox,
  sealAad,
  sealDocumentAad,
  type DocumentBoxParts,
  type Identity,
  type SealedIdentity,
} from '../../shared/seal'

/** Seals bytes to the authority's X25519 public key (SPKI DER, base64); see shared/seal.ts. */
function sealTo(
  authorityPublicKey: string,
  plain: Buffer,
  info: string,
  aad: string,
): DocumentBoxParts {
  const authority = createPublicKey({
    key: Buffer.from(authorityPublicKey, 'base64'),
    format: 'der',
    type: 'spki',
  })
  const eph = generateKeyPairSync('x25519')
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: authority })
  const epk = eph.publicKey.export({ format: 'der', type: 'spki' })
  const key = Buffer.from(hkdfSync('sha256', shared, epk, info, 32))
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(aad))
  const ct = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()])
  key.fill(0)
  shared.fill(0)
  return { epk, iv, ct }
}

/** Seals an identity to the authority's X25519 public key (SPKI DER, base64). */
export function sealIdentity(
  authorityPublicKey: string,
  identity: Identity,
  trackingNumber: string,
): SealedIdentity {
  const box = sealTo(
    authorityPublicKey,
    Buffer.from(JSON.stringify(identity), 'utf8'),
    SEAL_INFO,
    sealAad(trackingNumber),
  )
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64')
  return { alg: SEAL_ALG, epk: b64(box.epk), iv: b64(box.iv), ct: b64(box.ct) }
}

/** Seals an identity document (its plain bytes and their SHA-256) to the authority's key. */
export function sealDocument(
  authorityPublicKey: string,
  plain: Buffer,
  trackingNumber: string,
  sha256: string,
): Buffer {
  const box = sealTo(
    authorityPublicKey,
    plain,
    SEAL_DOCUMENT_INFO,
    sealDocumentAad(trackingNumber, sha256),
  )
  return Buffer.from(packDocumentBox(box))
}
