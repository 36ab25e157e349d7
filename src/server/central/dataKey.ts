import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Knex } from 'knex'

/*
 * The centre's data key. What the centre holds of people (every event
 * payload, identity-read reasons, its own private keys, every attachment file)
 * is sealed with AES-256-GCM under subkeys derived (HKDF-SHA256) from a
 * 256-bit server key that never lies in the database. The nonce is synthetic,
 * an HMAC of the place and the value (SIV), so one value in one place always
 * seals to the same bytes: a resent event stores what was stored, and
 * re-sealing is idempotent. The associated data names the place, so a sealed
 * value moved to another row does not open.
 *
 * Several keys may be given: the first seals, every one opens. Each sealed
 * value carries the id of the key that sealed it, which is what lets a
 * rotation re-seal under a new key while values under the old one still open.
 */

const VALUE_PREFIX = 's1.'
const FILE_MAGIC = Buffer.from('LKS1')
const FILE_HEAD = FILE_MAGIC.length + 4

/** The key is missing, malformed, or not the one the database was sealed with. */
export class ServerKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ServerKeyError'
  }
}

interface Key {
  id: string
  enc: Buffer
  siv: Buffer
}

/** A key's public name: 8 hex digits that tell keys apart without revealing them. */
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('loket server key id').digest('hex').slice(0, 8)
}

export class ServerKeyring {
  private readonly keys: Key[]

  constructor(raw: Buffer[]) {
    if (raw.length === 0) throw new ServerKeyError('no server data key given')
    this.keys = raw.map((k) => {
      const sub = (info: string) => Buffer.from(hkdfSync('sha256', k, 'loket-server', info, 32))
      return { id: keyIdOf(k), enc: sub('loket server enc v1'), siv: sub('loket server siv v1') }
    })
  }

  /** The key that seals. */
  get currentId(): string {
    return this.keys[0]!.id
  }

  get ids(): string[] {
    return this.keys.map((k) => k.id)
  }

  private key(id: string, where: string): Key {
    const k = this.keys.find((x) => x.id === id)
    if (!k) {
      throw new ServerKeyError(
        `${where} is sealed under key ${id}, which is not among the keys given (${this.ids.join(', ')})`,
      )
    }
    return k
  }

  private sealRaw(plain: Buffer, aad: string): Buffer {
    const k = this.keys[0]!
    const a = Buffer.from(aad)
    const iv = createHmac('sha256', k.siv)
      .update(a)
      .update(Buffer.from([0]))
      .update(plain)
      .digest()
      .subarray(0, 12)
    const c = createCipheriv('aes-256-gcm', k.enc, iv)
    c.setAAD(a)
    return Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()])
  }

  private openRaw(k: Key, box: Buffer, aad: string): Buffer {
    try {
      if (box.length < 28) throw new Error('short')
      const d = createDecipheriv('aes-256-gcm', k.enc, box.subarray(0, 12))
      d.setAAD(Buffer.from(aad))
      d.setAuthTag(box.subarray(box.length - 16))
      return Buffer.concat([d.update(box.subarray(12, box.length - 16)), d.final()])
    } catch {
      throw new ServerKeyError(`the sealed value at ${aad} does not open: damaged or moved`)
    }
  }

  seal(plain: string, aad: string): string {
    const box = this.sealRaw(Buffer.from(plain, 'utf8'), aad).toString('base64')
    return `${VALUE_PREFIX}${this.currentId}.${box}`
  }

  open(sealed: string, aad: string): string {
    const id = ServerKeyring.sealedUnder(sealed)
    if (id === null) throw new ServerKeyError(`the value at ${aad} is not sealed`)
    const box = Buffer.from(sealed.slice(VALUE_PREFIX.length + 9), 'base64')
    return this.openRaw(this.key(id, aad), box, aad).toString('utf8')
  }

  /** The id of the key a value was sealed under; null for a value not sealed. */
  static sealedUnder(value: string): string | null {
    return value.startsWith(VALUE_PREFIX) && value[VALUE_PREFIX.length + 8] === '.'
      ? value.slice(VALUE_PREFIX.length, VALUE_PREFIX.length + 8)
      : null
  }

  /** A file's bytes: magic, the key's id, then the sealed box. */
  sealBytes(plain: Buffer, aad: string): Buffer {
    return Buffer.concat([FILE_MAGIC, Buffer.from(this.currentId, 'hex'), this.sealRaw(plain, aad)])
  }

  openBytes(sealed: Buffer, aad: string): Buffer {
    const id = ServerKeyring.fileSealedUnder(sealed)
    if (id === null) throw new ServerKeyError(`the file ${aad} is not sealed`)
    return this.openRaw(this.key(id, aad), sealed.subarray(FILE_HEAD), aad)
  }

  /** The id of the key a file was sealed under (its first bytes suffice); null for a plain file. */
  static fileSealedUnder(head: Buffer): string | null {
    return head.length >= FILE_HEAD && head.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC)
      ? head.subarray(FILE_MAGIC.length, FILE_HEAD).toString('hex')
      : null
  }
}

/** A new random key, as written in a key file or LOKET_SERVER_KEY. */
export function newServerKey(): string {
  return randomBytes(32).toString('base64')
}

/** The keys in a key file or variable: base64, one per line or separated by commas; `#` starts a comment. */
export function parseKeys(text: string, where: string): Buffer[] {
  const words = text
    .split('\n')
    .map((line) => line.replace(/#.*/, ''))
    .join(',')
    .split(/[\s,]+/)
    .filter((w) => w !== '')
  return words.map((w, i) => {
    const key = Buffer.from(w, 'base64')
    if (!/^[A-Za-z0-9+/]{43}=$/.test(w) || key.length !== 32) {
      throw new ServerKeyError(
        `Kunci ke-${i + 1} di ${where} bukan kunci 32 bita dalam base64 / key ${i + 1} in ${where} is not a 32-byte base64 key (make one with: npm run server -- new-key)`,
      )
    }
    return key
  })
}

const KEY_FILE_HEADER = `# Kunci data server Loket. Simpan terpisah dari cadangan basis data; tanpa kunci ini data pusat tidak terbaca.
# Loket server data key. Keep it apart from the database's backups; without it the centre's data cannot be read.
# The first key seals; any after it only open (during a rotation: npm run server -- rotate-key).
`

const keyFileText = (keys: string[]) => KEY_FILE_HEADER + keys.map((k) => `${k}\n`).join('')

/** Rewrites a key file whole (0600) by rename, so a crash leaves the old one or the new one. */
export function writeKeyFile(path: string, keys: string[]): void {
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, keyFileText(keys), { mode: 0o600 })
  renameSync(tmp, path)
}

export type KeySource =
  { kind: 'env' } | { kind: 'file'; path: string; created: boolean; keys: string[] }

export interface KeyConfig {
  dataDir: string
  serverKey?: string | undefined
  serverKeyFile?: string | undefined
}

/** The default key file of the embedded set-up, in the data folder. */
export const defaultKeyFile = (dataDir: string): string => join(dataDir, 'server.key')

/**
 * The server's keys: from LOKET_SERVER_KEY, from LOKET_SERVER_KEY_FILE, or,
 * with neither, from the data folder's `server.key`, created (0600) on first
 * start so the embedded default starts with one command.
 */
export function loadServerKeys(opts: KeyConfig): { keyring: ServerKeyring; source: KeySource } {
  if (opts.serverKey !== undefined && opts.serverKeyFile !== undefined) {
    throw new ServerKeyError(
      'LOKET_SERVER_KEY dan LOKET_SERVER_KEY_FILE keduanya diisi; pakai salah satu / both LOKET_SERVER_KEY and LOKET_SERVER_KEY_FILE are set; use one',
    )
  }
  if (opts.serverKey !== undefined) {
    return {
      keyring: new ServerKeyring(parseKeys(opts.serverKey, 'LOKET_SERVER_KEY')),
      source: { kind: 'env' },
    }
  }
  const path = opts.serverKeyFile ?? defaultKeyFile(opts.dataDir)
  let text: string | null = null
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  if (text === null) {
    if (opts.serverKeyFile !== undefined) {
      throw new ServerKeyError(
        `Berkas kunci ${path} tidak ada / the key file ${path} does not exist`,
      )
    }
    const key = newServerKey()
    mkdirSync(dirname(path), { recursive: true })
    try {
      // Never over another process's key created a moment ago.
      writeFileSync(path, keyFileText([key]), { mode: 0o600, flag: 'wx' })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadServerKeys(opts)
      throw err
    }
    return {
      keyring: new ServerKeyring(parseKeys(key, path)),
      source: { kind: 'file', path, created: true, keys: [key] },
    }
  }
  const keys = parseKeys(text, path)
  return {
    keyring: new ServerKeyring(keys),
    source: { kind: 'file', path, created: false, keys: keys.map((k) => k.toString('base64')) },
  }
}

/** The keys, the data folder and where the keys came from, bound to an open database. */
export interface DataAtRest {
  keyring: ServerKeyring
  source: KeySource
  dataDir: string
}

// Kept on the database's config object, which its transactions share and
// which knex's own copies of the database (the migrator's) copy, so a service
// or a migration that has the database, or a transaction of it, has its keys.
const DATA_AT_REST = Symbol('loket data at rest')

export function bindDataAtRest(db: Knex, atRest: DataAtRest): void {
  ;(db.client.config as Record<symbol, unknown>)[DATA_AT_REST] = atRest
}

export function dataAtRestOf(db: Knex | Knex.Transaction): DataAtRest {
  const a = (db.client.config as Record<symbol, DataAtRest | undefined>)[DATA_AT_REST]
  if (!a) throw new Error('the server data key is not open for this database')
  return a
}

export const keyringOf = (db: Knex | Knex.Transaction): ServerKeyring => dataAtRestOf(db).keyring
