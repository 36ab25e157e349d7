import { randomInt } from 'node:crypto'
import { AUTH_HEADERS, REQUEST_SKEW_MS, requestSigningMaterial } from '../../shared/sync'
import { isPostgres, type ServerDb } from '../db'
import { sha256hex, verifySignature } from './crypto'
import { Refused } from './refused'
import { isUniqueViolation } from './sql'
import { enrolledStation } from './stations'

// Request authentication: every station call is signed over its method, path,
// time, a nonce and the body's hash; it must be fresh, and it is used once (the
// nonce is stored until the request could no longer be fresh).

export interface StationRequest {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  rawBody: Buffer
}

/** Checks a station request's signature, freshness and nonce; answers the station's id. */
export async function authenticateStation(
  db: ServerDb,
  req: StationRequest,
  now: Date,
): Promise<string> {
  const h = (name: string) => {
    const v = req.headers[name]
    return typeof v === 'string' ? v : undefined
  }
  const stationId = h(AUTH_HEADERS.station)
  const time = h(AUTH_HEADERS.time)
  const nonce = h(AUTH_HEADERS.nonce)
  const signature = h(AUTH_HEADERS.signature)
  const unauthorized = (reason: string) => new Refused(401, { code: 'unauthorized', reason })
  if (!stationId || !time || !nonce || !signature) throw unauthorized('the request is not signed')
  if (
    !/^[0-9a-f-]{36}$/.test(stationId) ||
    !/^\d{1,16}$/.test(time) ||
    !/^[0-9a-f]{32}$/.test(nonce)
  ) {
    throw unauthorized('the signature headers are malformed')
  }
  if (Math.abs(Number(time) - now.getTime()) > REQUEST_SKEW_MS) {
    throw unauthorized('the request time is too far from the server clock; check the station clock')
  }
  const station = await enrolledStation(db, stationId)
  const material = requestSigningMaterial({
    method: req.method,
    url: req.url,
    time,
    nonce,
    bodySha256: sha256hex(req.rawBody),
  })
  if (!verifySignature(station.public_key, material, signature)) {
    throw unauthorized('the request signature does not match the station key')
  }
  try {
    await db.transaction(async (trx) => {
      // A nonce only guards the replay window: it need not wait for the disk.
      if (isPostgres(db)) await trx.raw('SET LOCAL synchronous_commit TO OFF')
      await trx('request_nonces').insert({
        nonce,
        station_id: stationId,
        expires_at: now.getTime() + 2 * REQUEST_SKEW_MS,
      })
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw unauthorized('this request was already received (replay)')
    throw err
  }
  if (randomInt(100) === 0)
    await db('request_nonces').where('expires_at', '<', now.getTime()).delete()
  return stationId
}
