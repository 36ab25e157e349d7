import type { Knex } from 'knex'
import type { ServerDb } from '../db'
import { Refused } from './refused'

/** A row of `stations`: an enrolled station, or the centre itself (`central`). */
export interface StationRow {
  id: string
  code: string
  public_key: string
  last_seq: number
  last_hash: string
  central: boolean | number
}

/** The enrolled station (never the centre) with this id, or a 403. */
export async function enrolledStation(
  db: ServerDb | Knex.Transaction,
  stationId: string,
): Promise<StationRow> {
  const row = (await db('stations').where({ id: stationId, central: false }).first()) as
    StationRow | undefined
  if (!row)
    throw new Refused(403, { code: 'unknown_station', reason: 'this station is not enrolled' })
  return row
}
