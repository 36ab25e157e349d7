/** UUIDv7 from 16 random bytes: 48-bit millisecond time first, so ids sort by creation time. */
export function uuidv7FromBytes(nowMs: number, random: Uint8Array): string {
  if (random.length !== 16) throw new RangeError('uuidv7 needs 16 random bytes')
  const b = Uint8Array.from(random)
  for (let i = 5, t = nowMs; i >= 0; i--, t = Math.floor(t / 256)) b[i] = t % 256
  b[6] = (b[6]! & 0x0f) | 0x70
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
