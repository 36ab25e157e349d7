import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import { openPayload } from '../../src/server/central/atRest'
import type { CreatedCase, MappingResult, SyncStatus } from '../../src/shared/api'
import type { Station } from '../../src/core/station'
import { tempDir, validIntake } from '../helpers'
import { call, enrolledStation, startCentral, type Backend, type Central } from '../support/central'

const pgUrl = inject('pgUrl')

// The list codes of an intake and an admin's mapping of older free text are
// events like any other: the centre takes them, and holds the same codes.
describe.each<Backend>(['sqlite', 'pg'])('list codes and mappings sync (%s)', (backend) => {
  let central: Central
  let dir: ReturnType<typeof tempDir>
  let station: Station

  beforeEach(async () => {
    central = await startCentral(backend, pgUrl)
    dir = tempDir()
    station = await enrolledStation(central, dir.path)
  })
  afterEach(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  async function centralPayloads(
    caseId: string,
  ): Promise<Array<{ type: string; payload: unknown }>> {
    const rows = (await central
      .db('events')
      .where({ case_id: caseId })
      .orderBy('cursor')
      .select('id', 'type', 'payload')) as Array<{ id: string; type: string; payload: string }>
    // The centre keeps payloads sealed with its data key: read them the one way it does.
    return rows.map((r) => ({ type: r.type, payload: openPayload(central.db, r) as unknown }))
  }

  it('carries the codes picked at intake and the mapping events to the centre', async () => {
    const picked = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({
        category: undefined,
        categoryCode: 'KESEHATAN',
        reportedParty: { agencyCode: 'DINKES', person: 'Kepala Puskesmas' },
      }),
    )
    const older = await call<CreatedCase>(
      station,
      'case.create',
      validIntake({ category: 'jalan rusak', subject: 'Jalan rusak di desa' }),
    )
    const mapped = await call<MappingResult>(station, 'mapping.apply', {
      field: 'category',
      text: 'jalan rusak',
      code: 'INFRASTRUKTUR',
    })
    expect(mapped.mapped).toBe(1)

    const status = await call<SyncStatus>(station, 'sync.now', {})
    expect(status.lastError).toBeNull()
    expect(status.pending).toBe(0)

    const [received] = await centralPayloads(picked.id)
    expect(received?.type).toBe('case.received')
    expect(received?.payload).toMatchObject({
      categoryCode: 'KESEHATAN',
      reportedParty: { agency: null, agencyCode: 'DINKES' },
    })
    const olderEvents = await centralPayloads(older.id)
    expect(olderEvents.map((e) => e.type)).toEqual(['case.received', 'case.mapped'])
    expect(olderEvents[1]?.payload).toEqual({
      field: 'category',
      code: 'INFRASTRUKTUR',
      from: 'jalan rusak',
    })
    // The older intake's text stays as it was recorded.
    expect(olderEvents[0]?.payload).toMatchObject({ category: 'jalan rusak' })
    expect(olderEvents[0]?.payload).toMatchObject({ categoryCode: null })

    // The centre's per-case rows fold the codes in: from intake, and from the mapping.
    const rows = (await central
      .db('cases')
      .whereIn('id', [picked.id, older.id])
      .select('id', 'category_code', 'reported_agency_code')) as Array<{
      id: string
      category_code: string | null
      reported_agency_code: string | null
    }>
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(byId.get(picked.id)).toMatchObject({
      category_code: 'KESEHATAN',
      reported_agency_code: 'DINKES',
    })
    expect(byId.get(older.id)).toMatchObject({
      category_code: 'INFRASTRUKTUR',
      reported_agency_code: null,
    })
  })
})
