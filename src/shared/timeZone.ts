// Indonesia's three time zones. A station counts its days (receipt, deadlines,
// "today") in its own zone, and so does the centre for that station's cases.
// None of the three has daylight saving, so each is a fixed offset from UTC and
// a day is computed by arithmetic, the same on every machine whatever its OS zone.

export const STATION_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const
export type StationZone = (typeof STATION_ZONES)[number]

export const DEFAULT_ZONE: StationZone = 'Asia/Jakarta'

const OFFSET_MINUTES: Record<StationZone, number> = {
  'Asia/Jakarta': 7 * 60,
  'Asia/Makassar': 8 * 60,
  'Asia/Jayapura': 9 * 60,
}

/** WIB, WITA, WIT: how Indonesians write the zone after a time. */
export const ZONE_ABBREVIATIONS: Record<StationZone, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
}

// The IANA names an Indonesian OS may report, by the zone they keep.
const IANA_ALIASES: Record<string, StationZone> = {
  'Asia/Jakarta': 'Asia/Jakarta',
  'Asia/Pontianak': 'Asia/Jakarta',
  'Asia/Makassar': 'Asia/Makassar',
  'Asia/Ujung_Pandang': 'Asia/Makassar',
  'Asia/Jayapura': 'Asia/Jayapura',
}

export function isStationZone(z: unknown): z is StationZone {
  return typeof z === 'string' && (STATION_ZONES as readonly string[]).includes(z)
}

export function zoneOffsetMinutes(zone: StationZone): number {
  return OFFSET_MINUTES[zone]
}

/**
 * The station zone a computer's own settings suggest: its IANA zone when that
 * is an Indonesian one, else its current UTC offset when that is +7, +8 or +9,
 * else WIB (a computer left on UTC is still at an Indonesian desk).
 */
export function suggestZone(ianaZone: string | undefined, utcOffsetMinutes: number): StationZone {
  const named = ianaZone ? IANA_ALIASES[ianaZone] : undefined
  if (named) return named
  const byOffset = STATION_ZONES.find((z) => OFFSET_MINUTES[z] === utcOffsetMinutes)
  return byOffset ?? DEFAULT_ZONE
}

const toMs = (instant: Date | string | number): number =>
  instant instanceof Date
    ? instant.getTime()
    : typeof instant === 'string'
      ? Date.parse(instant)
      : instant

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayInZone(instant: Date | string | number, zone: StationZone): string {
  return new Date(toMs(instant) + OFFSET_MINUTES[zone] * 60_000).toISOString().slice(0, 10)
}

/** The instant a zone's calendar day begins (00:00 there). */
export function dayStartInZone(day: string, zone: StationZone): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MINUTES[zone] * 60_000)
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

/** A case's zone as its events record it; older events carry none and count in WIB. */
export function zoneOr(zone: unknown, fallback: StationZone = DEFAULT_ZONE): StationZone {
  return isStationZone(zone) ? zone : fallback
}
