import type { ServerDb } from '../db'
import { resealAll, type Resealed } from './atRest'
import {
  bindDataAtRest,
  dataAtRestOf,
  newServerKey,
  ServerKeyError,
  ServerKeyring,
  writeKeyFile,
} from './dataKey'

/*
 * Rotating the server data key (`npm run server -- rotate-key`, with the
 * server stopped): a new key is put first in the key file (the old one stays
 * after it, so both open), everything is re-sealed under the new key, and the
 * old key is retired from the file once nothing is sealed under it. A run cut
 * short resumes: the file then already holds both keys, and what was re-sealed
 * stays so. Keys given in LOKET_SERVER_KEY cannot be written back: there the
 * admin puts the new key first, runs this, and removes the old one.
 */

export interface Rotation {
  /** The key everything is sealed under now. */
  current: string
  /** The keys nothing is sealed under any more, removed from the key file (or to be removed). */
  retired: string[]
  resealed: Resealed
  /** Where the keys are kept: the key file, or the variable the admin updates. */
  keyFile: string | null
}

export async function rotateServerKey(db: ServerDb): Promise<Rotation> {
  const { source, dataDir } = dataAtRestOf(db)
  let { keyring } = dataAtRestOf(db)
  const fileKeys = source.kind === 'file' ? [...source.keys] : null
  if (keyring.ids.length === 1) {
    if (source.kind === 'env' || fileKeys === null) {
      throw new ServerKeyError(
        'LOKET_SERVER_KEY memuat satu kunci. Buat kunci baru (npm run server -- new-key), taruh di depan kunci lama, dipisah koma, lalu jalankan rotate-key lagi. / ' +
          'LOKET_SERVER_KEY holds one key. Make a new one (npm run server -- new-key), put it before the old one, comma-separated, and run rotate-key again.',
      )
    }
    // The new key is written down before anything is sealed under it.
    fileKeys.unshift(newServerKey())
    writeKeyFile(source.path, fileKeys)
    keyring = new ServerKeyring(fileKeys.map((k) => Buffer.from(k, 'base64')))
    bindDataAtRest(db, { keyring, source: { ...source, keys: fileKeys }, dataDir })
  }
  const resealed = await resealAll(db)
  // A second pass must find nothing left under an old key, or the old key stays.
  const left = await resealAll(db)
  if (Object.values(left).some((n) => n > 0)) {
    throw new Error(
      `values were sealed under an old key during the rotation (${JSON.stringify(left)}): is a server still running? Stop it and run rotate-key again`,
    )
  }
  const retired = keyring.ids.slice(1)
  if (source.kind === 'file' && fileKeys !== null) {
    const kept = fileKeys.slice(0, 1)
    writeKeyFile(source.path, kept)
    keyring = new ServerKeyring(kept.map((k) => Buffer.from(k, 'base64')))
    bindDataAtRest(db, { keyring, source: { ...source, keys: kept }, dataDir })
  }
  return {
    current: keyring.currentId,
    retired,
    resealed,
    keyFile: source.kind === 'file' ? source.path : null,
  }
}
