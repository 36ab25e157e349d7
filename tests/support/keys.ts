import type { Knex } from 'knex'
import { aad, SIGNING_KEY_AAD } from '../../src/core/atRest'
import { cipherOf, passphraseProtector } from '../../src/core/crypto/dataKey'

/** The test stations' data key protector: a passphrase with a small scrypt cost, to stay fast. */
export const TEST_PASSPHRASE = 'kata sandi data uji'
export const TEST_KEYS = passphraseProtector(TEST_PASSPHRASE, { N: 2 ** 10, r: 8, p: 1 })

/** The station's Ed25519 signing key (PKCS#8 DER, base64), as tests sign with it. */
export async function signingKeyOf(db: Knex): Promise<string> {
  const row = (await db('settings').where({ key: 'sync.privateKey' }).first('value')) as
    { value: string } | undefined
  if (!row) throw new Error('the station is not enrolled')
  return cipherOf(db).open(row.value, SIGNING_KEY_AAD)
}

/** The receipt PIN of a case, as printed on its receipt. */
export async function receiptPinOf(db: Knex, caseId: string): Promise<string> {
  const row = (await db('receipt_pins').where({ case_id: caseId }).first('pin')) as { pin: string }
  return cipherOf(db).open(row.pin, aad.receiptPin(caseId))
}

/** An event's payload as the station wrote it, opened. */
export function openPayload(db: Knex, row: { id: string; payload: string }): unknown {
  return JSON.parse(cipherOf(db).open(row.payload, aad.event(row.id)))
}
