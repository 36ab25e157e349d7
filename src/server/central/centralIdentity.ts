import { generateKeyPairSync, randomBytes } from 'node:crypto'
import type { Knex } from 'knex'
import { GENESIS_HASH } from '../../shared/events'
import { uuidv7FromBytes } from '../../shared/ids'
import type { ServerDb } from '../db'

// The centre's own identity: a station id with its own chain for the
// decisions it records, its Ed25519 signing key, and the X25519 authority key
// pair whose public half every station receives at enrolment.

export interface CentralIdentity {
  centralStationId: string
  signingPrivateKey: string
  authorityPublicKey: string
  authorityPrivateKey: string
}

async function readIdentity(db: Knex | Knex.Transaction): Promise<Map<string, string>> {
  const rows = (await db('server_identity').select('key', 'value')) as {
    key: string
    value: string
  }[]
  return new Map(rows.map((r) => [r.key, r.value]))
}

/** Creates the centre's keys on first start; afterwards reads them. */
export async function ensureCentralIdentity(db: ServerDb, now: Date): Promise<CentralIdentity> {
  return db.transaction(async (trx) => {
    const m = await readIdentity(trx)
    if (!m.has('centralStationId')) {
      const der = (
        k: { export(o: { format: 'der'; type: 'spki' | 'pkcs8' }): Buffer },
        type: 'spki' | 'pkcs8',
      ) => k.export({ format: 'der', type }).toString('base64')
      const signing = generateKeyPairSync('ed25519')
      const authority = generateKeyPairSync('x25519')
      const id = uuidv7FromBytes(now.getTime(), randomBytes(16))
      const values = {
        centralStationId: id,
        signingPrivateKey: der(signing.privateKey, 'pkcs8'),
        authorityPublicKey: der(authority.publicKey, 'spki'),
        authorityPrivateKey: der(authority.privateKey, 'pkcs8'),
      }
      await trx('server_identity').insert(
        Object.entries(values).map(([key, value]) => ({ key, value })),
      )
      await trx('stations').insert({
        id,
        code: 'PUSAT',
        name: 'Pusat',
        public_key: der(signing.publicKey, 'spki'),
        provisional_code: null,
        central: true,
        last_seq: 0,
        last_hash: GENESIS_HASH,
        enrolled_at: now.toISOString(),
      })
      return values
    }
    return {
      centralStationId: m.get('centralStationId')!,
      signingPrivateKey: m.get('signingPrivateKey')!,
      authorityPublicKey: m.get('authorityPublicKey')!,
      authorityPrivateKey: m.get('authorityPrivateKey')!,
    }
  })
}
