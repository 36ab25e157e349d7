import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  scrypt,
} from 'node:crypto'
import type { Knex } from 'knex'

/*
 * Personal data at rest. The station has one random 256-bit data key. It never
 * lies on disk as it is: a key protector wraps it (the OS key store in
 * Electron, a passphrase in the web host and tests) and the wrapped record is
 * kept in the settings table.
 *
 * Values are sealed with AES-256-GCM under a key derived from the data key.
 * The nonce is synthetic: an HMAC of the associated data and the plaintext
 * (the SIV construction). So the same value in the same place always seals to
 * the same bytes, which lets the audit check compare a rebuilt projection with
 * the stored one byte for byte, and lets an upgrade run twice harmlessly. The
 * associated data names the place (table, column, row), so a sealed value
 * moved to another row or column does not open.
 */

export const SEALED_PREFIX = 'e1.'
const FILE_MAGIC = Buffer.from('LKE1')
const SCRYPT_DEFAULT = { N: 2 ** 17, r: 8, p: 1 }

/** Opening the data key failed: wrong passphrase, another key store, or a damaged record. */
export class DataKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataKeyError'
  }
}

export type WrappedKey =
  | {
      kind: 'passphrase'
      kdf: 'scrypt'
      N: number
      r: number
      p: number
      salt: string
      box: string
    }
  | { kind: 'os'; box: string }

export interface KeyProtector {
  readonly kind: WrappedKey['kind']
  wrap(dataKey: Buffer): Promise<WrappedKey>
  /** The data key, or a DataKeyError. */
  unwrap(record: WrappedKey): Promise<Buffer>
}

function aesSeal(key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', key, iv)
  c.setAAD(aad)
  return Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()])
}

function aesOpen(key: Buffer, box: Buffer, aad: Buffer): Buffer {
  if (box.length < 28) throw new Error('too short')
  const d = createDecipheriv('aes-256-gcm', key, box.subarray(0, 12))
  d.setAAD(aad)
  d.setAuthTag(box.subarray(box.length - 16))
  return Buffer.concat([d.update(box.subarray(12, box.length - 16)), d.final()])
}

function scryptKey(
  passphrase: string,
  salt: Buffer,
  cost: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFKC'),
      salt,
      32,
      { ...cost, maxmem: 256 * cost.N * cost.r + 32 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  )
}

export const PASSPHRASE_MIN_LENGTH = 10

/**
 * A passphrase protector (scrypt, then AES-GCM around the data key). The cost
 * applies when a key is first wrapped; opening uses the cost stored with it.
 * Tests pass a small cost to stay fast.
 */
export function passphraseProtector(
  passphrase: string,
  cost: { N: number; r: number; p: number } = SCRYPT_DEFAULT,
): KeyProtector {
  const aad = Buffer.from('loket data key v1')
  return {
    kind: 'passphrase',
    async wrap(dataKey) {
      if (passphrase.length < PASSPHRASE_MIN_LENGTH) {
        throw new DataKeyError(
          `Kata sandi data terlalu pendek: paling sedikit ${PASSPHRASE_MIN_LENGTH} karakter.`,
        )
      }
      const salt = randomBytes(16)
      const kek = await scryptKey(passphrase, salt, cost)
      const box = aesSeal(kek, dataKey, aad)
      kek.fill(0)
      return {
        kind: 'passphrase',
        kdf: 'scrypt',
        ...cost,
        salt: salt.toString('base64'),
        box: box.toString('base64'),
      }
    },
    async unwrap(record) {
      if (record.kind !== 'passphrase') throw new DataKeyError('Bukan kunci berkata sandi.')
      const kek = await scryptKey(passphrase, Buffer.from(record.salt, 'base64'), record)
      try {
        return aesOpen(kek, Buffer.from(record.box, 'base64'), aad)
      } catch {
        throw new DataKeyError(
          'Kata sandi data salah: data stasiun ini tidak dapat dibuka dengannya.',
        )
      } finally {
        kek.fill(0)
      }
    },
  }
}

/** The OS key store as Electron's safeStorage offers it: strings in, opaque bytes out. */
export interface OsKeyBox {
  encryptString(plain: string): Promise<Buffer>
  decryptString(box: Buffer): Promise<string>
}

export function osProtector(box: OsKeyBox): KeyProtector {
  return {
    kind: 'os',
    async wrap(dataKey) {
      const sealed = await box.encryptString(dataKey.toString('base64'))
      return { kind: 'os', box: sealed.toString('base64') }
    },
    async unwrap(record) {
      if (record.kind !== 'os') throw new DataKeyError('Bukan kunci penyimpanan sistem.')
      try {
        const key = Buffer.from(
          await box.decryptString(Buffer.from(record.box, 'base64')),
          'base64',
        )
        if (key.length !== 32) throw new Error('length')
        return key
      } catch {
        throw new DataKeyError(
          'Kunci data tidak dapat dibuka oleh penyimpanan kunci sistem di komputer ini.',
        )
      }
    },
  }
}

/**
 * Seals and opens values with the station's data key. The keys are private
 * fields (#), which nothing that prints the object (a log, an error) shows.
 */
export class DataCipher {
  readonly #dataKey: Buffer
  readonly #enc: Buffer
  readonly #siv: Buffer
  readonly #idx: Buffer

  constructor(dataKey: Buffer) {
    if (dataKey.length !== 32) throw new DataKeyError('Kunci data rusak.')
    this.#dataKey = Buffer.from(dataKey)
    const sub = (info: string) => Buffer.from(hkdfSync('sha256', dataKey, 'loket', info, 32))
    this.#enc = sub('loket data enc v1')
    this.#siv = sub('loket data siv v1')
    this.#idx = sub('loket blind index v1')
  }

  /**
   * A copy of the data key, for the station's own worker threads, which get
   * it by message and make their own cipher (see workers/pool.ts). It is
   * never written anywhere.
   */
  dataKeyCopy(): Uint8Array {
    return new Uint8Array(this.#dataKey)
  }

  private sealRaw(plain: Buffer, aad: string): Buffer {
    const a = Buffer.from(aad)
    const iv = createHmac('sha256', this.#siv)
      .update(a)
      .update(Buffer.from([0]))
      .update(plain)
      .digest()
      .subarray(0, 12)
    const c = createCipheriv('aes-256-gcm', this.#enc, iv)
    c.setAAD(a)
    return Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()])
  }

  private openRaw(box: Buffer, aad: string): Buffer {
    try {
      return aesOpen(this.#enc, box, Buffer.from(aad))
    } catch {
      throw new Error(`sealed value at ${aad} does not open: damaged or moved`)
    }
  }

  seal(plain: string, aad: string): string {
    return SEALED_PREFIX + this.sealRaw(Buffer.from(plain, 'utf8'), aad).toString('base64')
  }

  open(sealed: string, aad: string): string {
    if (!sealed.startsWith(SEALED_PREFIX)) {
      throw new Error(`value at ${aad} is not sealed`)
    }
    return this.openRaw(Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64'), aad).toString(
      'utf8',
    )
  }

  sealOrNull(plain: string | null | undefined, aad: string): string | null {
    return plain === null || plain === undefined ? null : this.seal(plain, aad)
  }

  /** A file's bytes: magic, then the sealed box. */
  sealBytes(plain: Buffer, aad: string): Buffer {
    return Buffer.concat([FILE_MAGIC, this.sealRaw(plain, aad)])
  }

  openBytes(box: Buffer, aad: string): Buffer {
    if (!box.subarray(0, 4).equals(FILE_MAGIC)) throw new Error(`file ${aad} is not sealed`)
    return this.openRaw(box.subarray(4), aad)
  }

  static isSealedFile(bytes: Buffer): boolean {
    return bytes.subarray(0, 4).equals(FILE_MAGIC)
  }

  /**
   * A blind index: lets the station find cases by the same NIK or telephone
   * number without keeping the number readable.
   */
  index(kind: string, value: string): string {
    return createHmac('sha256', this.#idx)
      .update(`${kind}\0${value.replace(/\s+/g, '')}`)
      .digest('base64')
      .slice(0, 22)
  }
}

// The cipher belongs to an open database. A knex transaction shares its
// parent's config object, so the cipher is found from either.
const ciphers = new WeakMap<object, DataCipher>()

export function bindCipher(db: Knex, cipher: DataCipher): void {
  ciphers.set(db.client.config as object, cipher)
}

export function cipherOf(db: Knex | Knex.Transaction): DataCipher {
  const c = ciphers.get(db.client.config as object)
  if (!c) throw new Error('the station data key is not open')
  return c
}

const KEYS_SETTING = 'crypto.keys'

/**
 * Opens the data key of a station database, creating it on first start.
 * A data folder protected by one kind of protector (the OS key store) does
 * not open with another (a passphrase).
 */
export async function openDataKey(
  db: Knex,
  protector: KeyProtector,
  opts: { create?: boolean } = {},
): Promise<DataCipher> {
  const row = (await db('settings').where({ key: KEYS_SETTING }).first('value')) as
    { value: string } | undefined
  const records = (row ? JSON.parse(row.value) : {}) as Partial<Record<string, WrappedKey>>
  const mine = records[protector.kind]
  if (mine) return new DataCipher(await protector.unwrap(mine))
  if (Object.keys(records).length > 0) {
    throw new DataKeyError(
      protector.kind === 'passphrase'
        ? 'Data stasiun ini dilindungi penyimpanan kunci sistem: buka dengan aplikasi desktop Loket di komputer yang sama.'
        : 'Data stasiun ini dilindungi kata sandi data: buka dengan mode peramban (npm run web) dan kata sandinya.',
    )
  }
  if (opts.create === false) throw new DataKeyError('Data stasiun ini belum mempunyai kunci data.')
  const key = randomBytes(32)
  const record = await protector.wrap(key)
  await db('settings')
    .insert({ key: KEYS_SETTING, value: JSON.stringify({ [protector.kind]: record }) })
    .onConflict('key')
    .merge()
  return new DataCipher(key)
}
