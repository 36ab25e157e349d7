import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedCase } from '../../src/shared/api'
import type { CaseStatus } from '../../src/shared/domain'
import { TRANSITIONS, type Transition } from '../../src/shared/lifecycle'
import { foldStatus } from '../../src/shared/sync'
import type { Station } from '../../src/core/station'
import { recordDecision } from '../../src/server/central/decisions'
import { Refused } from '../../src/server/central/refused'
import { tempDir, todayIn, validIntake } from '../helpers'
import { call, enrolledStation, startCentral, type Central } from '../support/central'

// The centre folds each case's status on from the stored one when new
// transitions come after all it has folded, and refolds from the whole history
// otherwise. Whatever the interleaving of a station's transitions, the centre's
// own decisions and the moments of sync, the result must be what foldStatus
// gives over every transition the centre holds.
function mulberry32(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const extra = (t: Transition) => ({
  reason: 'Alasan uji.',
  agencyCode: t === 'forward' ? 'DINKES' : null,
})

describe('the centre’s status fold', () => {
  const dir = tempDir()
  let central: Central
  let station: Station
  beforeAll(async () => {
    central = await startCentral('sqlite', '')
    station = await enrolledStation(central, dir.path)
  })
  afterAll(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  it('equals a fold of the whole history over 30 random interleavings', async () => {
    const rng = mulberry32(20261123)
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!
    const cases: string[] = []
    for (let i = 0; i < 6; i++) {
      cases.push((await call<CreatedCase>(station, 'case.create', validIntake())).id)
    }
    await call(station, 'sync.now', {})
    const possible = (status: CaseStatus) =>
      (Object.keys(TRANSITIONS) as Transition[]).filter((t) =>
        (TRANSITIONS[t].from as readonly CaseStatus[]).includes(status),
      )
    for (let step = 0; step < 30 * 6; step++) {
      const caseId = pick(cases)
      if (rng() < 0.5) {
        // The station moves the case as it sees it; the centre may not know yet.
        const d = (await station.db('cases').where({ id: caseId }).first('status')) as {
          status: CaseStatus
        }
        const t = pick(possible(d.status))
        await call(station, 'case.transition', {
          caseId,
          transition: t,
          day: todayIn(),
          reason: 'Alasan uji.',
          ...(t === 'forward' ? { agencyCode: 'DINKES' } : {}),
        })
      } else {
        // The centre decides on what it has seen.
        const c = (await central.db('cases').where({ id: caseId }).first('status')) as
          { status: CaseStatus } | undefined
        if (c) {
          const t = pick(possible(c.status))
          await recordDecision(
            central.db,
            central.identity,
            caseId,
            { type: 'case.transitioned', transition: t, day: todayIn(), ...extra(t) },
            'Pusat',
            new Date(),
          ).catch((err: unknown) => {
            if (!(err instanceof Refused)) throw err
          })
        }
      }
      if (rng() < 0.3) await call(station, 'sync.now', {})
    }
    await call(station, 'sync.now', {})

    let incrementalChecked = 0
    let conflictsSeen = 0
    for (const caseId of cases) {
      const row = await central.db('cases').where({ id: caseId }).first()
      const steps = (
        (await central
          .db('events')
          .where({ case_id: caseId, type: 'case.transitioned' })
          .select('id', 'hlc', 'payload')) as { id: string; hlc: string; payload: string }[]
      ).map((r) => ({ id: r.id, hlc: r.hlc, payload: JSON.parse(r.payload) }))
      incrementalChecked += steps.length
      const fold = foldStatus(row.received_hlc as string, steps)
      expect({
        status: row.status,
        lastHlc: row.last_hlc,
        conflicts: Number(row.conflicts),
      }).toEqual({ status: fold.status, lastHlc: fold.lastHlc, conflicts: fold.conflicts.length })
      const flagged = (await central
        .db('conflicts')
        .where({ case_id: caseId })
        .pluck('event_id')) as string[]
      expect(flagged.sort()).toEqual([...fold.conflicts].sort())
      conflictsSeen += flagged.length
    }
    expect(incrementalChecked).toBeGreaterThan(60)
    // The interleavings did produce transitions that no longer applied.
    expect(conflictsSeen).toBeGreaterThan(0)
  })
})
