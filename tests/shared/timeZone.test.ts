import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  STATION_ZONES,
  dayInZone,
  dayStartInZone,
  nextDay,
  suggestZone,
  zoneOr,
} from '../../src/shared/timeZone'

describe('station time zones', () => {
  it('counts the day of an instant in each of the three zones', () => {
    // 16:30 UTC on 1 Dec is 23:30 WIB, 00:30 WITA and 01:30 WIT.
    const at = '2026-12-01T16:30:00Z'
    expect(dayInZone(at, 'Asia/Jakarta')).toBe('2026-12-01')
    expect(dayInZone(at, 'Asia/Makassar')).toBe('2026-12-02')
    expect(dayInZone(at, 'Asia/Jayapura')).toBe('2026-12-02')
    // New Year's Eve: WIT is already in the next year while WIB is not.
    expect(dayInZone(new Date('2026-12-31T15:30:00Z'), 'Asia/Jayapura')).toBe('2027-01-01')
    expect(dayInZone(Date.parse('2026-12-31T15:30:00Z'), 'Asia/Jakarta')).toBe('2026-12-31')
  })

  it('agrees with the platform’s own zone data, whatever the machine’s zone', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.constantFrom(...STATION_ZONES),
        (d, zone) => {
          const parts = new Intl.DateTimeFormat('en-CA', {
            timeZone: zone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
          }).format(d)
          expect(dayInZone(d, zone)).toBe(parts)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('finds the instant a day begins, and the day after', () => {
    expect(dayStartInZone('2026-12-02', 'Asia/Makassar').toISOString()).toBe(
      '2026-12-01T16:00:00.000Z',
    )
    expect(dayStartInZone('2026-12-02', 'Asia/Jakarta').toISOString()).toBe(
      '2026-12-01T17:00:00.000Z',
    )
    expect(nextDay('2028-02-28')).toBe('2028-02-29')
    expect(nextDay('2026-12-31')).toBe('2027-01-01')
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-30'), noInvalidDate: true }),
        fc.constantFrom(...STATION_ZONES),
        (d, zone) => {
          const day = dayInZone(d, zone)
          const start = dayStartInZone(day, zone)
          expect(start.getTime()).toBeLessThanOrEqual(d.getTime())
          expect(dayStartInZone(nextDay(day), zone).getTime()).toBeGreaterThan(d.getTime())
        },
      ),
      { numRuns: 500 },
    )
  })

  it('suggests the station zone from the computer’s own settings', () => {
    expect(suggestZone('Asia/Makassar', 480)).toBe('Asia/Makassar')
    expect(suggestZone('Asia/Pontianak', 420)).toBe('Asia/Jakarta')
    expect(suggestZone('Asia/Jayapura', 540)).toBe('Asia/Jayapura')
    // An unnamed zone at +8 (e.g. Asia/Singapore) is taken by its offset.
    expect(suggestZone('Asia/Singapore', 480)).toBe('Asia/Makassar')
    // A computer left on UTC is still at an Indonesian desk.
    expect(suggestZone('UTC', 0)).toBe('Asia/Jakarta')
    expect(suggestZone(undefined, -300)).toBe('Asia/Jakarta')
  })

  it('reads a recorded zone, falling back for events from before zones', () => {
    expect(zoneOr('Asia/Jayapura')).toBe('Asia/Jayapura')
    expect(zoneOr(undefined)).toBe('Asia/Jakarta')
    expect(zoneOr('Europe/Paris', 'Asia/Makassar')).toBe('Asia/Makassar')
    expect(zoneOr(42)).toBe('Asia/Jakarta')
  })
})
