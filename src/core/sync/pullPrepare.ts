import { createHash } from 'node:crypto'
import { canonicalJson } from '../../shared/canonicalJson'
import { checkEvent, type StoredEvent } from '../../shared/events'
import { eventHashMaterialFrom, type WireEvent } from '../../shared/sync'
import { aad } from '../atRest'
import type { DataCipher } from '../crypto/dataKey'
import { param, SyncFailure } from './failure'

/** A pulled event whose hash held and whose payload fits its type, sealed for its row. */
export interface SealedEvent {
  event: StoredEvent
  sealedPayload: string
}

/**
 * The part of a pull that needs no database: every event checked against its
 * hash and its payload against its type's schema, its payload sealed for its
 * row. It runs in a worker thread (see pull.ts), so a page is done in one go.
 */
export async function preparePulled(
  events: WireEvent[],
  cipher: DataCipher,
): Promise<SealedEvent[]> {
  return events.map((event) => {
    // Each payload is serialised once, for its hash and for the sealed row.
    const json = canonicalJson(event.payload)
    const hash = createHash('sha256').update(eventHashMaterialFrom(event, json)).digest('hex')
    if (hash !== event.hash) {
      throw new SyncFailure(
        `sync.error.refused|reason=${param(`event ${event.id} from the server does not match its hash`)}`,
        false,
      )
    }
    const checked = checkEvent(event)
    if (!checked.ok) {
      throw new SyncFailure(`sync.error.refused|reason=${param(checked.reason)}`, false)
    }
    return { event: checked.event, sealedPayload: cipher.seal(json, aad.event(event.id)) }
  })
}
