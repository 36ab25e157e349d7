import { randomBytes } from 'node:crypto'
import type { CaseStatus } from '../../shared/domain'
import { formatHlc, parseHlc, tick, type Hlc } from '../../shared/hlc'
import { uuidv7FromBytes } from '../../shared/ids'
import { TRANSITIONS, canTransition } from '../../shared/lifecycle'
import { eventHashMaterial, type CentralDecision, type WireEvent } from '../../shared/sync'
import { ZONE_ABBREVIATIONS, dayInZone, zoneOr } from '../../shared/timeZone'
import type { ServerDb } from '../db'
import type { CentralIdentity } from './centralIdentity'
import { sha256hex } from './crypto'
import { storeEvents } from './eventStore'
import { Refused, unknownCase } from './refused'
import type { StationRow } from './stations'

// Central decisions: the centre writes its own events, on its own chain, on a station's case.

export async function recordDecision(
  db: ServerDb,
  identity: CentralIdentity,
  caseId: string,
  decision: CentralDecision,
  actor: string,
  now: Date,
): Promise<WireEvent> {
  return db.transaction(async (trx) => {
    const c = (await trx('cases')
      .where({ id: caseId })
      .first('status', 'station_id', 'received_hlc', 'time_zone')) as
      | { status: CaseStatus; station_id: string; received_hlc: string; time_zone: string | null }
      | undefined
    if (!c) throw unknownCase()
    // Dated between the case's receipt and today, both in the case's own zone, as at the station.
    const zone = zoneOr(c.time_zone)
    const received = dayInZone(parseHlc(c.received_hlc).wall, zone)
    const today = dayInZone(now, zone)
    if (decision.day < received || decision.day > today) {
      throw new Refused(400, {
        code: 'day',
        reason: `the day must be between the day the case was received (${received}) and today (${today}, ${ZONE_ABBREVIATIONS[zone]})`,
      })
    }
    const central = (await trx('stations')
      .where({ id: identity.centralStationId })
      .forUpdate()
      .first()) as StationRow
    // The centre's clock passes every event it has seen on the case, and its own last one.
    const seen = (await trx('events')
      .where({ case_id: caseId })
      .orWhere({ station_id: identity.centralStationId })
      .max({ hlc: 'hlc' })
      .first()) as { hlc: string | null }
    const last: Hlc = seen.hlc ? parseHlc(seen.hlc) : { wall: 0, logical: 0 }
    const hlc = formatHlc(tick(last, now.getTime()), identity.centralStationId)
    let payload: Record<string, unknown>
    if (decision.type === 'case.transitioned') {
      if (!canTransition(c.status, decision.transition)) {
        throw new Refused(409, {
          code: 'transition',
          reason: `"${decision.transition}" is not possible while the case is "${c.status}"`,
        })
      }
      payload = {
        transition: decision.transition,
        from: c.status,
        to: TRANSITIONS[decision.transition].to,
        day: decision.day,
        reason: decision.reason,
        agencyCode: decision.agencyCode,
      }
    } else {
      const { type: _type, ...rest } = decision
      payload = rest
    }
    const base = {
      id: uuidv7FromBytes(now.getTime(), randomBytes(16)),
      stationId: identity.centralStationId,
      seq: central.last_seq + 1,
      caseId,
      type: decision.type,
      payload,
      actor,
      hlc,
      prevHash: central.last_hash,
    }
    const event: WireEvent = { ...base, hash: sha256hex(eventHashMaterial(base)) }
    await storeEvents(trx, [event], now)
    await trx('stations')
      .where({ id: identity.centralStationId })
      .update({ last_seq: event.seq, last_hash: event.hash })
    return event
  })
}
