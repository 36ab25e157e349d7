import { randomInt, randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import type { Settings } from '../../shared/api'
import { TRACKING_ALPHABET } from '../../shared/trackingNumber'
import { isStationZone, suggestZone, zoneOr, type StationZone } from '../../shared/timeZone'
import type { Db } from '../db'

const DEFAULTS = { stationName: 'Loket Pengaduan', lastReceivedBy: '', locale: 'id' } as const

async function read(db: Db | Knex.Transaction, key: string): Promise<string | undefined> {
  const row = (await db('settings').where({ key }).first('value')) as { value: string } | undefined
  return row?.value
}

async function write(db: Db | Knex.Transaction, key: string, value: string): Promise<void> {
  await db('settings').insert({ key, value }).onConflict('key').merge()
}

/**
 * The station's identity, created on first start. The code goes into tracking
 * numbers; until the central server issues one at enrolment it is a random
 * provisional code of letters, which keeps numbers unique in practice.
 */
export async function ensureStationIdentity(
  db: Db,
): Promise<{ stationId: string; stationCode: string }> {
  return db.transaction(async (trx) => {
    let stationId = await read(trx, 'stationId')
    let stationCode = await read(trx, 'stationCode')
    if (!stationId) {
      stationId = randomUUID()
      await write(trx, 'stationId', stationId)
    }
    if (!stationCode) {
      const letters = TRACKING_ALPHABET.replace(/[0-9]/g, '')
      stationCode = Array.from({ length: 4 }, () => letters[randomInt(letters.length)]).join('')
      await write(trx, 'stationCode', stationCode)
    }
    return { stationId, stationCode }
  })
}

/**
 * The code new tracking numbers carry: provisional until enrolment, then the
 * one the centre issued. Read where it is used (in the intake's transaction),
 * so a code issued a moment ago is the one the next case gets.
 */
export async function readStationCode(db: Db | Knex.Transaction): Promise<string> {
  const code = await read(db, 'stationCode')
  if (!code) throw new Error('the station has no code (ensureStationIdentity runs at start)')
  return code
}

/** The zone this computer's own settings suggest (see shared/timeZone.ts). */
export function osZone(): StationZone {
  return suggestZone(
    Intl.DateTimeFormat().resolvedOptions().timeZone,
    -new Date().getTimezoneOffset(),
  )
}

/**
 * The station's time zone, in which it counts its days. Set on first start
 * (from the computer's zone, or the one given), shown at setup, changed by an
 * admin; a station from before zones keeps the zone its OS had, as it counted in.
 */
export async function ensureStationZone(
  db: Db,
  initial: StationZone = osZone(),
): Promise<StationZone> {
  const stored = await read(db, 'timeZone')
  if (isStationZone(stored)) return stored
  await write(db, 'timeZone', initial)
  return initial
}

export async function stationZone(db: Db | Knex.Transaction): Promise<StationZone> {
  return zoneOr(await read(db, 'timeZone'))
}

export async function getSettings(db: Db): Promise<Settings> {
  const rows = (await db('settings').select('key', 'value')) as { key: string; value: string }[]
  const m = new Map(rows.map((r) => [r.key, r.value]))
  return {
    stationCode: m.get('stationCode') ?? '',
    stationName: m.get('stationName') ?? DEFAULTS.stationName,
    lastReceivedBy: m.get('lastReceivedBy') ?? DEFAULTS.lastReceivedBy,
    locale: m.get('locale') === 'en' ? 'en' : 'id',
    timeZone: zoneOr(m.get('timeZone')),
  }
}

export async function updateSettings(
  db: Db,
  patch: {
    stationName?: string | undefined
    lastReceivedBy?: string | undefined
    locale?: 'id' | 'en' | undefined
    timeZone?: StationZone | undefined
  },
): Promise<Settings> {
  await db.transaction(async (trx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) await write(trx, key, value)
    }
  })
  return getSettings(db)
}

export { read as readSetting, write as writeSetting }
