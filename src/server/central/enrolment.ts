import { createPublicKey, randomInt } from 'node:crypto'
import { GENESIS_HASH } from '../../shared/events'
import type { EnrolRequest, EnrolResponse } from '../../shared/sync'
import {
  TRACKING_ALPHABET,
  invalidStationCodeCharacters,
  isValidStationCode,
} from '../../shared/trackingNumber'
import type { ServerDb } from '../db'
import type { CentralIdentity } from './centralIdentity'
import { sha256hex } from './crypto'
import { Refused } from './refused'

// Enrolment: an admin issues a one-time code for one station (kept only as a
// hash, valid for a week); the station trades it for its station code and the
// centre's keys, and its public key is recorded.

const CODE_GROUP = 4
const ENROLMENT_DAYS = 7

function randomCode(groups: number): string {
  const letters = TRACKING_ALPHABET
  return Array.from({ length: groups }, () =>
    Array.from({ length: CODE_GROUP }, () => letters[randomInt(letters.length)]).join(''),
  ).join('-')
}

// Said in words, because "SPG" looks like a fine code until one knows S is left out.
const CODE_LETTERS = TRACKING_ALPHABET.replace(/\d/g, '').split('').join(' ')
const LEFT_OUT = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((c) => !TRACKING_ALPHABET.includes(c))

/** Why a station code is refused, in Indonesian and English; null when it is valid. */
export function stationCodeProblem(code: string): string | null {
  if (isValidStationCode(code)) return null
  const bad = invalidStationCodeCharacters(code)
    .map((c) => (c.trim() === '' ? `"${c}"` : c))
    .join(', ')
  const rule =
    `Kode stasiun terdiri atas 2–6 karakter: angka 0–9 dan huruf ${CODE_LETTERS} ` +
    `(huruf ${LEFT_OUT.join(', ')} tidak dipakai karena mirip angka).`
  const ruleEn =
    `A station code has 2–6 characters: the digits 0–9 and the letters ${CODE_LETTERS} ` +
    `(${LEFT_OUT.join(', ')} are left out because they look like digits).`
  const id = bad
    ? `Kode stasiun "${code}" memuat karakter yang tidak boleh: ${bad}. ${rule}`
    : `Kode stasiun "${code}" terdiri atas ${code.length} karakter. ${rule}`
  const en = bad
    ? `Station code "${code}" contains characters that are not allowed: ${bad}. ${ruleEn}`
    : `Station code "${code}" has ${code.length} characters. ${ruleEn}`
  return `${id} / ${en}`
}

function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '')
}

/** A one-time code for one station; only its hash is kept. */
export async function createEnrolmentCode(
  db: ServerDb,
  opts: { label: string; stationCode?: string | undefined },
  now: Date,
): Promise<{ code: string; stationCode: string; expiresAt: string }> {
  const taken = async (c: string) =>
    (await db('stations').where({ code: c }).first('id')) !== undefined ||
    (await db('enrolment_codes').where({ station_code: c }).first('code_hash')) !== undefined
  let stationCode = opts.stationCode?.toUpperCase()
  if (stationCode !== undefined) {
    const problem = stationCodeProblem(stationCode)
    if (problem) throw new Refused(400, { code: 'station_code', reason: problem })
    if (await taken(stationCode)) {
      throw new Refused(409, {
        code: 'station_code',
        reason: `station code ${stationCode} is taken`,
      })
    }
  } else {
    do stationCode = randomCode(1)
    while (await taken(stationCode))
  }
  const code = randomCode(3)
  const expiresAt = new Date(now.getTime() + ENROLMENT_DAYS * 86_400_000).toISOString()
  await db('enrolment_codes').insert({
    code_hash: sha256hex(normaliseCode(code)),
    station_code: stationCode,
    label: opts.label,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    used_at: null,
    used_by: null,
  })
  return { code, stationCode, expiresAt }
}

export async function enrol(
  db: ServerDb,
  identity: CentralIdentity,
  req: EnrolRequest,
  now: Date,
): Promise<EnrolResponse> {
  try {
    createPublicKey({ key: Buffer.from(req.publicKey, 'base64'), format: 'der', type: 'spki' })
  } catch {
    throw new Refused(400, {
      code: 'public_key',
      reason: 'the public key is not an Ed25519 SPKI key',
    })
  }
  return db.transaction(async (trx) => {
    const row = (await trx('enrolment_codes')
      .where({ code_hash: sha256hex(normaliseCode(req.code)) })
      .first()) as
      | {
          code_hash: string
          station_code: string
          label: string
          expires_at: string
          used_at: string | null
        }
      | undefined
    if (!row || row.used_at !== null || row.expires_at < now.toISOString()) {
      throw new Refused(403, {
        code: 'enrolment_code',
        reason: 'the enrolment code is unknown, already used or expired',
      })
    }
    if ((await trx('stations').where({ id: req.stationId }).first('id')) !== undefined) {
      throw new Refused(409, { code: 'station_exists', reason: 'this station is already enrolled' })
    }
    await trx('enrolment_codes')
      .where({ code_hash: row.code_hash })
      .update({ used_at: now.toISOString(), used_by: req.stationId })
    await trx('stations').insert({
      id: req.stationId,
      code: row.station_code,
      name: req.stationName,
      public_key: req.publicKey,
      provisional_code: req.provisionalCode,
      time_zone: req.timeZone ?? null,
      central: false,
      last_seq: 0,
      last_hash: GENESIS_HASH,
      enrolled_at: now.toISOString(),
    })
    return {
      stationId: req.stationId,
      stationCode: row.station_code,
      authorityPublicKey: identity.authorityPublicKey,
      centralStationId: identity.centralStationId,
      serverTime: now.toISOString(),
    }
  })
}
