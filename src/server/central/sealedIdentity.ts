import {
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
} from 'node:crypto'
import {
  SEAL_INFO,
  sealAad,
  sealedIdentitySchema,
  type Identity,
  type SealedIdentity,
} from '../../shared/seal'
import type { ServerDb } from '../db'
import type { CentralIdentity } from './centralIdentity'
import { Refused, unknownCase } from './refused'

// An anonymous complainant's identity travels sealed to the centre's authority
// key; only a central admin who states a reason may open it, and the reading
// is logged first.

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

/** Opens a case's sealed identity for a central admin, after logging the reading. */
export async function readSealedIdentity(
  db: ServerDb,
  identity: CentralIdentity,
  caseId: string,
  admin: string,
  reason: string,
  now: Date,
): Promise<Identity> {
  const row = (await db('events')
    .where({ case_id: caseId, type: 'case.received' })
    .first('payload')) as { payload: string } | undefined
  if (!row) throw unknownCase()
  const p = JSON.parse(row.payload) as { trackingNumber: string; sealedIdentity?: unknown }
  const box = sealedIdentitySchema.safeParse(p.sealedIdentity)
  if (!box.success) {
    throw new Refused(404, {
      code: 'no_sealed_identity',
      reason: 'this case holds no sealed identity',
    })
  }
  await db('identity_reads').insert({ case_id: caseId, admin, reason, at: now.toISOString() })
  return openSealedIdentity(identity.authorityPrivateKey, box.data, p.trackingNumber)
}
