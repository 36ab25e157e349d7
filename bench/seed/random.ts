// Deterministic randomness: the same seed gives the same data.

export type Rng = () => number

/** mulberry32: a small, fast, deterministic PRNG. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T
}

export function pickWeighted<T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  let total = 0
  for (const [, w] of items) total += w
  let r = rng() * total
  for (const [v, w] of items) {
    r -= w
    if (r < 0) return v
  }
  return (items[items.length - 1] as readonly [T, number])[0]
}

export function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** A UUIDv7 (time then randomness) whose random bits come from the generator. */
export function uuidv7(rng: Rng, ms: number): string {
  const high = Math.floor(ms / 2 ** 24) // 24 high bits of the 48-bit time
  const low = ms % 2 ** 24
  const a = (rng() * 4294967296) >>> 0
  const b = (rng() * 4294967296) >>> 0
  const c = (rng() * 65536) >>> 0
  const h = (n: number) => HEX[n & 0xff] as string
  return (
    h(high >>> 16) +
    h(high >>> 8) +
    h(high) +
    h(low >>> 16) +
    '-' +
    h(low >>> 8) +
    h(low) +
    '-' +
    h(0x70 | ((a >>> 28) & 0x0f)) +
    h(a >>> 20) +
    '-' +
    h(0x80 | ((a >>> 8) & 0x3f)) +
    h(a) +
    '-' +
    h(b >>> 24) +
    h(b >>> 16) +
    h(b >>> 8) +
    h(b) +
    h(c >>> 8) +
    h(c)
  )
}
