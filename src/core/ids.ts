import { randomBytes } from 'node:crypto'
import { uuidv7FromBytes } from '../shared/ids'

/** UUIDv7: time-ordered ids for cases and events. */
export function uuidv7(nowMs: number = Date.now()): string {
  return uuidv7FromBytes(nowMs, randomBytes(16))
}
