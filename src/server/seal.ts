import {
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
} from 'node:crypto'
import { SEAL_INFO, sealAad, type Identity, type SealedIdentity } from '../shared/seal'

/** Opens a sealed identity with the authority's private key (PKCS#8 DER, base64). */
export function openSealedIdentity(
  authorityPrivateKey: string,
  box: SealedIdentity,
  trackingNumber: string,
): Identity {
  const privateKey = createPrivateKey({
    key: Buffer.from(authorityPrivateKey, 'base64'),
    format: 'der',
    type: 'pkcs8',
  })
  const epk = Buffer.from(box.epk, 'base64')
  const shared = diffieHellman({
    privateKey,
    publicKey: createPublicKey({ key: epk, format: 'der', type: 'spki' }),
  })
  const key = Buffer.from(hkdfSync('sha256', shared, epk, SEAL_INFO, 32))
  const data = Buffer.from(box.ct, 'base64')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'))
  decipher.setAAD(Buffer.from(sealAad(trackingNumber)))
  decipher.setAuthTag(data.subarray(data.length - 16))
  const plain = Buffer.concat([
    decipher.update(data.subarray(0, data.length - 16)),
    decipher.final(),
  ])
  return JSON.parse(plain.toString('utf8')) as Identity
}
