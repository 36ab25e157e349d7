import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedCase, RelatedCase } from '../../src/shared/api'
import { openStation, type Station } from '../../src/core/station'
import { tempDir, validIntake, grantAuthorityKey } from '../helpers'
import { as } from '../support/actors'
import { TEST_KEYS } from '../support/keys'

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  const res = await station.dispatch(method, input, as(method, 'auditor'))
  if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`)
  return res.result as R
}

describe('related and duplicate case proposals', () => {
  const dir = tempDir()
  let station: Station
  beforeAll(async () => {
    station = await openStation({ keys: TEST_KEYS, dataDir: dir.path, log: () => {} })
    await grantAuthorityKey(station.db)
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('proposes cases with the same reported party, the same complainant or similar words', async () => {
    const base = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        subject: 'Pungutan liar pembuatan KTP elektronik',
        description: 'Petugas kecamatan meminta pungutan liar untuk pembuatan KTP elektronik.',
        reportedParty: { agency: 'Kecamatan Sukajaya', person: 'Pak Darto', position: 'Operator' },
      }),
    )
    const sameParty = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        subject: 'Operator lambat',
        description: 'Pelayanan lambat sekali.',
        complainant: { name: 'Siti', directlyAffected: false },
        reportedParty: { agency: 'Kecamatan Sukajaya', person: 'Pak Darto', position: 'Operator' },
      }),
    )
    const similar = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        subject: 'Biaya KTP elektronik',
        description: 'Ada pungutan liar saat mengurus KTP elektronik di kecamatan lain.',
        complainant: { name: 'Andi', directlyAffected: true },
        reportedParty: { agency: 'Kecamatan Lain', person: 'Orang lain', position: 'Staf' },
      }),
    )
    const unrelated = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        subject: 'Lampu jalan padam',
        description: 'Penerangan jalan umum di dusun padam dua bulan.',
        complainant: { name: 'Rudi', directlyAffected: true },
        reportedParty: { agency: 'Dinas Perhubungan', person: 'Kabid', position: 'Kabid' },
      }),
    )
    const sameComplainant = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        subject: 'Laporan lain',
        description: 'Hal berbeda sama sekali tentang irigasi sawah.',
        reportedParty: { agency: 'Dinas Pertanian', person: 'Mantri tani', position: 'Penyuluh' },
      }),
    )

    const proposals = await call<RelatedCase[]>(station, 'case.related', { id: base.id })
    const byId = new Map(proposals.map((p) => [p.id, p.reasons]))
    expect(byId.get(sameParty.id)).toContain('sameReportedParty')
    expect(byId.get(similar.id)).toContain('similarText')
    expect(byId.get(sameComplainant.id)).toContain('sameComplainant')
    expect(byId.get(unrelated.id)).toBeUndefined()
    expect(byId.has(base.id)).toBe(false)
  })

  it('never matches anonymous complainants by identity', async () => {
    const anon = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        anonymous: true,
        subject: 'Anonim',
        description: 'Sesuatu yang berbeda: perizinan tambang.',
        reportedParty: { agency: 'X', person: 'Y', position: 'Z' },
      }),
    )
    const proposals = await call<RelatedCase[]>(station, 'case.related', { id: anon.id })
    expect(proposals.every((p) => !p.reasons.includes('sameComplainant'))).toBe(true)
  })
})
