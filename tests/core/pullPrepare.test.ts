import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/shared/canonicalJson'
import { GENESIS_HASH } from '../../src/shared/events'
import { formatHlc } from '../../src/shared/hlc'
import { eventHashMaterial, type WireEvent } from '../../src/shared/sync'
import { cipherOf } from '../../src/core/crypto/dataKey'
import { openStation, type Station } from '../../src/core/station'
import { preparePulled } from '../../src/core/sync/pullPrepare'
import { SyncFailure } from '../../src/core/sync/failure'
import { tempDir } from '../helpers'
import { TEST_KEYS } from '../support/keys'

// A pulled event is applied only if its hash holds AND its payload fits its
// type's schema: a centre that sends a well-hashed but malformed step is refused.
describe('preparing pulled events', () => {
  const dir = tempDir()
  let station: Station
  beforeAll(async () => {
    station = await openStation({ keys: TEST_KEYS, dataDir: dir.path, autoSync: false })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  function event(payload: Record<string, unknown>, type: string = 'followup.recorded'): WireEvent {
    const base = {
      id: '00000000-0000-7000-8000-000000000001',
      stationId: '00000000-0000-4000-8000-00000000000c',
      seq: 1,
      caseId: '00000000-0000-7000-8000-0000000000ca',
      type,
      payload,
      actor: 'pusat:uji',
      hlc: formatHlc({ wall: Date.parse('2026-11-02T02:00:00Z'), logical: 0 }, 'c'),
      prevHash: GENESIS_HASH,
    } as Omit<WireEvent, 'hash'>
    return { ...base, hash: createHash('sha256').update(eventHashMaterial(base)).digest('hex') }
  }
  const good = { kind: 'note', day: '2026-11-02', agencyCode: null, letterNumber: null, note: 'n' }

  it('seals a well-formed event, payload untouched', async () => {
    const [p] = await preparePulled([event(good)], cipherOf(station.db))
    expect(p!.event.payload).toEqual(good)
    expect(cipherOf(station.db).open(p!.sealedPayload, `events.payload:${p!.event.id}`)).toBe(
      canonicalJson(good),
    )
  })

  it('refuses an event whose payload does not fit its type, though its hash holds', async () => {
    for (const bad of [
      event({ ...good, kind: 'banana' }),
      event({ ...good, day: 'besok' }),
      event(
        {
          transition: 'complete',
          from: 'belum_terverifikasi',
          to: 'selesai',
          day: '2026-11-02',
          reason: null,
          agencyCode: null,
        },
        'case.transitioned',
      ),
    ]) {
      const r = preparePulled([event(good), bad], cipherOf(station.db))
      await expect(r).rejects.toBeInstanceOf(SyncFailure)
      await expect(r).rejects.toThrow(/does not fit its type/)
    }
  })
})
