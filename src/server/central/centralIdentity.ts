import { generateKeyPairSync, randomBytes } from 'node:crypto'
import type { Knex } from 'knex'
import { GENESIS_HASH } from '../../shared/events'
import { uuidv7FromBytes } from '../../shared/ids'
import type { ServerDb } from '../db'
import { aad, prepareDataAtRest, SEALED_IDENTITY_KEYS } from './atRest'
import { keyringOf } from './dataKey'

// The centre's own identity: a station id with its own chain for the
// decisions it records, its Ed25519 signing key, and the X25519 authority key
// pair whose public half every station receives at enrolment. The private
// keys are kept sealed with the server data key.

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

const isSealed = (key: string): boolean => (SEALED_IDENTITY_KEYS as readonly string[]).includes(key)

/**
 * Creates the centre's keys on first start; afterwards reads them. First the
 * server data key is checked against the database (and what an older version
 * left readable is sealed): every way of opening the centre passes here.
 */
export async function ensureCentralIdentity(db: ServerDb, now: Date): Promise<CentralIdentity> {
  await prepareDataAtRest(db)
  const keyring = keyringOf(db)
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
        Object.entries(values).map(([key, value]) => ({
          key,
          value: isSealed(key) ? keyring.seal(value, aad.serverIdentity(key)) : value,
        })),
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
    const opened = (key: (typeof SEALED_IDENTITY_KEYS)[number]) =>
      keyring.open(m.get(key)!, aad.serverIdentity(key))
    return {
      centralStationId: m.get('centralStationId')!,
      signingPrivateKey: opened('signingPrivateKey'),
      authorityPublicKey: m.get('authorityPublicKey')!,
      authorityPrivateKey: opened('authorityPrivateKey'),
    }
  })
}
