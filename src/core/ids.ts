import { randomBytes } from 'node:crypto'

/** UUIDv7: 48-bit millisecond time then randomness, so ids sort by creation time. */
export function uuidv7(nowMs: number = Date.now()): string {
  const b = randomBytes(16)
  b.writeUIntBE(nowMs, 0, 6)
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x70
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
