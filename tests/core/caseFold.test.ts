import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { canonicalJson } from '../../src/shared/canonicalJson'
import { foldCase, type FoldEvent } from '../../src/shared/caseFold'
import { GENESIS_HASH } from '../../src/shared/events'
import { aad } from '../../src/core/atRest'
import { cipherOf } from '../../src/core/crypto/dataKey'
import { rebuildCase } from '../../src/core/projections'
import { openStation, type Station } from '../../src/core/station'
import { tempDir } from '../helpers'
import { history } from '../support/histories'
import { TEST_KEYS } from '../support/keys'

// The station's projection writes what the case fold says each event does: for
// random histories of several writers, the case row, its pauses and its
// conflicts equal the fold of the same events.
describe('the station projection and the case fold', () => {
  const dir = tempDir()
  let station: Station
  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      autoSync: false,
      now: () => new Date('2026-11-02T02:00:00Z'),
    })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  async function project(caseId: string, events: FoldEvent[]) {
    const db = station.db
    const cipher = cipherOf(db)
    await db.transaction(async (trx) => {
      for (const e of events) {
        if (e.type === 'attachment.added') {
          await trx('attachments')
            .insert({ sha256: e.payload.sha256, mime: 'image/png', size: 10, created_at: '' })
            .onConflict('sha256')
            .ignore()
        }
      }
      let seq = 0
      for (const e of events) {
        seq++
        await trx('events').insert({
          id: e.id,
          // Another writer's events, as a pull stores them.
          station_id: `writer-${caseId}`,
          seq,
          case_id: caseId,
          type: e.type,
          payload: cipher.seal(canonicalJson(e.payload), aad.event(e.id)),
          actor: 'uji',
          hlc: e.hlc,
          prev_hash: GENESIS_HASH,
          hash: GENESIS_HASH,
        })
      }
      await rebuildCase(trx, caseId)
    })
    const row = (await db('cases').where({ id: caseId }).first()) as Record<string, unknown>
    const pauses = (await db('case_pauses')
      .where({ case_id: caseId })
      .orderBy('from_day')
      .select('from_day', 'to_day')) as { from_day: string; to_day: string | null }[]
    const conflicts = (await db('case_conflicts')
      .where({ case_id: caseId })
      .pluck('event_id')) as string[]
    return { row, pauses, conflicts }
  }

  it('writes the fold’s case, pauses and conflicts, whatever the history', async () => {
    await fc.assert(
      fc.asyncProperty(history, async ({ caseId, events }) => {
        const { row, pauses, conflicts } = await project(caseId, events)
        const c = foldCase(events)!
        expect({
          status: row['status'],
          statusDay: row['status_day'] ?? null,
          agencyCode: row['agency_code'] ?? null,
          conclusion: row['screening_conclusion'] ?? null,
          supervisory: row['supervisory'] === null ? null : Boolean(row['supervisory']),
          assignee: row['assignee'] ?? null,
          lastResponseDay: row['last_response_day'] ?? null,
          attachments: row['attachments_count'],
          updatedAt: row['updated_at'],
          conflicts: Number(row['conflicts']),
        }).toEqual({
          status: c.status,
          statusDay: c.statusDay,
          agencyCode: c.agencyCode,
          conclusion: c.screening?.conclusion ?? null,
          supervisory: c.screening ? c.screening.supervisory : null,
          assignee: c.assignee,
          lastResponseDay: c.lastResponseDay,
          attachments: c.attachments,
          updatedAt: c.updatedAt,
          conflicts: c.conflicts.length,
        })
        expect(pauses.map((p) => ({ from: p.from_day, to: p.to_day }))).toEqual(
          [...c.pauses].sort((a, b) => (a.from < b.from ? -1 : 1)),
        )
        expect(conflicts.sort()).toEqual([...c.conflicts].sort())
      }),
      { numRuns: 150 },
    )
  })
})
