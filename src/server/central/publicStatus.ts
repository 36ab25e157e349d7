import { timingSafeEqual } from 'node:crypto'
import type { CaseStatus } from '../../shared/domain'
import { parseHlc } from '../../shared/hlc'
import { statusPinMaterial, type PublicStatus } from '../../shared/sync'
import { dayInZone, zoneOr } from '../../shared/timeZone'
import { parseTrackingNumber } from '../../shared/trackingNumber'
import type { ServerDb } from '../db'
import { sha256hex } from './crypto'
import { Refused } from './refused'

// Public status: the tracking number and the receipt PIN in, the status and the
// day of the last change out, nothing else.

export function statusPinHash(trackingNumber: string, pin: string): string {
  return sha256hex(statusPinMaterial(trackingNumber, pin))
}

export async function publicStatus(
  db: ServerDb,
  trackingNumber: string,
  pin: string,
): Promise<PublicStatus> {
  const notFound = new Refused(404, {
    code: 'not_found',
    reason: 'no complaint matches this tracking number and PIN',
  })
  const parsed = parseTrackingNumber(trackingNumber)
  if (!parsed.ok) throw notFound
  const number = parsed.value.normalized
  const row = (await db('cases')
    .where({ tracking_number: number })
    .first('status', 'last_hlc', 'status_pin_hash', 'time_zone')) as
    | {
        status: CaseStatus
        last_hlc: string
        status_pin_hash: string | null
        time_zone: string | null
      }
    | undefined
  const expected = Buffer.from(row?.status_pin_hash ?? '0'.repeat(64), 'hex')
  const given = Buffer.from(statusPinHash(number, pin), 'hex')
  if (!row || !row.status_pin_hash || !timingSafeEqual(expected, given)) throw notFound
  // The day of the last change in the case's own zone, as its receipt prints days.
  const lastUpdate = dayInZone(parseHlc(row.last_hlc).wall, zoneOr(row.time_zone))
  return { trackingNumber: number, status: row.status, lastUpdate }
}
