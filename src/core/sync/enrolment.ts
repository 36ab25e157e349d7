import { enrolResponseSchema } from '../../shared/sync'
import { cipherOf } from '../crypto/dataKey'
import type { Db } from '../db'
import { DomainError } from '../errors'
import { readStationCode, stationZone, writeSetting } from '../services/settings'
import { param, refusalReason } from './failure'
import { syncKey } from './keys'
import { newStationKeys } from './signer'
import type { SignedTransport } from './transport'

export interface EnrolInput {
  serverUrl: string
  code: string
  stationName: string
}

/**
 * Enrols the station with the centre by a one-time code: sends its id, new
 * public key, provisional code and zone, and keeps what the centre issues
 * (the station code, the authority's key, the central station id). From then
 * on new tracking numbers carry the issued code; earlier ones keep theirs.
 */
export async function enrol(
  o: { db: Db; stationId: string; now: () => Date; transport: SignedTransport },
  input: EnrolInput,
): Promise<void> {
  const { db } = o
  const serverUrl = input.serverUrl.replace(/\/+$/, '')
  const keys = newStationKeys(cipherOf(db))
  const body = JSON.stringify({
    code: input.code.trim(),
    stationId: o.stationId,
    stationName: input.stationName,
    publicKey: keys.publicKey,
    provisionalCode: await readStationCode(db),
    timeZone: await stationZone(db),
  })
  let res
  try {
    res = await o.transport.send(`${serverUrl}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
  } catch {
    throw new DomainError('invalid_input', 'error.sync_unreachable', [
      { path: 'serverUrl', message: 'error.sync_unreachable' },
    ])
  }
  const json = await res.json().catch(() => null)
  if (res.status === 429 || res.status >= 500) {
    throw new DomainError('conflict', `error.sync_server_busy|status=${res.status}`)
  }
  if (res.status !== 200) {
    const message = `error.sync_enrol_refused|reason=${param(refusalReason(json, res.status))}`
    throw new DomainError('invalid_input', message, [{ path: 'code', message }])
  }
  const enrolled = enrolResponseSchema.parse(json)
  await db.transaction(async (trx) => {
    await writeSetting(trx, syncKey.serverUrl, serverUrl)
    await writeSetting(trx, syncKey.privateKey, keys.sealedPrivateKey)
    await writeSetting(trx, syncKey.publicKey, keys.publicKey)
    await writeSetting(trx, syncKey.authorityPublicKey, enrolled.authorityPublicKey)
    await writeSetting(trx, syncKey.centralStationId, enrolled.centralStationId)
    await writeSetting(trx, 'stationCode', enrolled.stationCode)
    await writeSetting(trx, 'stationName', input.stationName)
    await writeSetting(trx, syncKey.ackedSeq, '0')
    await writeSetting(trx, syncKey.pullCursor, '0')
    await writeSetting(trx, syncKey.enrolledAt, o.now().toISOString())
  })
}
