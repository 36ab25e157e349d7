import {
  createCipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto'
import { SEAL_ALG, SEAL_INFO, sealAad, type Identity, type SealedIdentity } from '../../shared/seal'

/** Seals an identity to the authority's X25519 public key (SPKI DER, base64). */
export function sealIdentity(
  authorityPublicKey: string,
  identity: Identity,
  trackingNumber: string,
): SealedIdentity {
  const authority = createPublicKey({
    key: Buffer.from(authorityPublicKey, 'base64'),
    format: 'der',
    type: 'spki',
  })
  const eph = generateKeyPairSync('x25519')
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: authority })
  const epk = eph.publicKey.export({ format: 'der', type: 'spki' })
  const key = Buffer.from(hkdfSync('sha256', shared, epk, SEAL_INFO, 32))
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(sealAad(trackingNumber)))
  const ct = Buffer.concat([
    cipher.update(JSON.stringify(identity), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ])
  key.fill(0)
  shared.fill(0)
  return {
    alg: SEAL_ALG,
    epk: epk.toString('base64'),
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
  }
}
