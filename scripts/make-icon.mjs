// Draws build/icon.png (512×512): a blue rounded square with a white "L".
// Run once with `node scripts/make-icon.mjs`; the PNG is committed.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const size = 512
const radius = 96
const px = Buffer.alloc(size * (size * 4 + 1))
function inRounded(x, y) {
  const cx = Math.min(Math.max(x, radius), size - radius)
  const cy = Math.min(Math.max(y, radius), size - radius)
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
}
for (let y = 0; y < size; y++) {
  px[y * (size * 4 + 1)] = 0
  for (let x = 0; x < size; x++) {
    const o = y * (size * 4 + 1) + 1 + x * 4
    const letterL =
      (x >= 170 && x < 230 && y >= 120 && y < 400) || (x >= 170 && x < 350 && y >= 340 && y < 400)
    const inside = inRounded(x, y)
    const [r, g, b] = letterL ? [255, 255, 255] : [11, 83, 148]
    px[o] = r
    px[o + 1] = g
    px[o + 2] = b
    px[o + 3] = inside ? 255 : 0
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(size, 0)
ihdr.writeUInt32BE(size, 4)
ihdr[8] = 8
ihdr[9] = 6
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(px)),
  chunk('IEND', Buffer.alloc(0)),
])
writeFileSync(new URL('../build/icon.png', import.meta.url), png)
