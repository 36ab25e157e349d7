import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { SIGNING_KEY_AAD } from '../atRest'
import { cipherOf, type DataCipher } from '../crypto/dataKey'
import type { Db } from '../db'
import { DomainError } from '../errors'
import { readSetting } from '../services/settings'
import { syncKey } from './keys'

/**
 * A new Ed25519 key pair for enrolment: the public half (SPKI DER, base64) for
 * the centre, the private half (PKCS#8 DER, base64) sealed like personal data,
 * so a copied file cannot sign as this station.
 */
export function newStationKeys(cipher: DataCipher): {
  publicKey: string
  sealedPrivateKey: string
} {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    sealedPrivateKey: cipher.seal(
      privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      SIGNING_KEY_AAD,
    ),
  }
}

/**
 * Every signature sync makes (requests, batches, batch files) with the
 * station's key: read from settings, opened and parsed once, then kept.
 */
export class StationSigner {
  private key: KeyObject | null = null

  constructor(private readonly db: Db) {}

  /** The signature (base64) over the material; before enrolment there is no key to sign with. */
  async sign(material: string): Promise<string> {
    return sign(null, Buffer.from(material), await this.privateKey()).toString('base64')
  }

  private async privateKey(): Promise<KeyObject> {
    if (this.key) return this.key
    const sealed = await readSetting(this.db, syncKey.privateKey)
    // A missing key is not remembered: enrolment adds it later.
    if (sealed === undefined) throw new DomainError('conflict', 'error.sync_not_enrolled')
    this.key = createPrivateKey({
      key: Buffer.from(cipherOf(this.db).open(sealed, SIGNING_KEY_AAD), 'base64'),
      format: 'der',
      type: 'pkcs8',
    })
    return this.key
  }
}
