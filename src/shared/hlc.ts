// Hybrid logical clock: wall-clock milliseconds plus a counter, so that events
// from stations whose clocks disagree still order consistently with causality.

export interface Hlc {
  wall: number
  logical: number
}

export const HLC_ZERO: Hlc = { wall: 0, logical: 0 }

/** Next local time: never goes backwards even if the wall clock does. */
export function tick(last: Hlc, nowMs: number): Hlc {
  if (nowMs > last.wall) return { wall: nowMs, logical: 0 }
  return { wall: last.wall, logical: last.logical + 1 }
}

/** Merge a remote timestamp on receipt, so the local clock passes it. */
export function receive(last: Hlc, remote: Hlc, nowMs: number): Hlc {
  const wall = Math.max(last.wall, remote.wall, nowMs)
  if (wall === last.wall && wall === remote.wall) {
    return { wall, logical: Math.max(last.logical, remote.logical) + 1 }
  }
  if (wall === last.wall) return { wall, logical: last.logical + 1 }
  if (wall === remote.wall) return { wall, logical: remote.logical + 1 }
  return { wall, logical: 0 }
}

/** Fixed-width text form, so string order equals clock order (see caseFold's compareMergedOrder). */
export function formatHlc(h: Hlc, node: string): string {
  return `${h.wall.toString().padStart(15, '0')}-${h.logical.toString().padStart(6, '0')}-${node}`
}

export function parseHlc(s: string): Hlc {
  const m = /^(\d{15})-(\d{6})-/.exec(s)
  if (!m) throw new RangeError(`invalid HLC: ${s}`)
  return { wall: Number(m[1]), logical: Number(m[2]) }
}
