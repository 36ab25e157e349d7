import { createHash, createPublicKey, verify } from 'node:crypto'

export const sha256hex = (data: string | Buffer): string =>
  createHash('sha256').update(data).digest('hex')

/** Whether an Ed25519 signature (base64) over the material matches the SPKI key (base64 DER). */
export function verifySignature(
  publicKeyB64: string,
  material: string,
  signatureB64: string,
): boolean {
  try {
    const key = createPublicKey({
      key: Buffer.from(publicKeyB64, 'base64'),
      format: 'der',
      type: 'spki',
    })
    return verify(null, Buffer.from(material), key, Buffer.from(signatureB64, 'base64'))
  } catch {
    return false
  }
}
