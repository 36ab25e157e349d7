import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseDetail, CreatedCase } from '../../src/shared/api'
import { CASE_STATUSES, FOLLOWUP_KINDS, type CaseStatus } from '../../src/shared/domain'
import {
  TRANSITIONS,
  allowedActions,
  type AllowedActions,
  type Transition,
} from '../../src/shared/lifecycle'
import { openStation, type Station } from '../../src/core/station'
import { TestClock, tempDir, validIntake, validScreening } from '../helpers'
import { as } from '../support/actors'
import { TEST_KEYS } from '../support/keys'

// What a case in each state allows, written out by hand. The desk shows the
// buttons `allowedActions` names and core refuses the rest; both are held to this.
const TABLE: Record<CaseStatus, AllowedActions> = {
  belum_terverifikasi: {
    screening: true,
    exposure: false,
    followUp: ['note'],
    transitions: ['screen', 'requestCompletion', 'forward', 'archive'],
  },
  belum_ditindaklanjuti: {
    screening: true,
    exposure: true,
    followUp: ['disposition', 'note'],
    transitions: ['requestCompletion', 'startFollowUp', 'forward', 'archive'],
  },
  proses: {
    screening: false,
    exposure: true,
    followUp: ['disposition', 'response', 'note'],
    transitions: ['forward', 'complete'],
  },
  selesai: { screening: false, exposure: false, followUp: [], transitions: ['reopen'] },
  menunggu_kelengkapan: {
    screening: false,
    exposure: false,
    followUp: ['note'],
    transitions: ['receiveCompletion', 'archive'],
  },
  diteruskan: {
    screening: false,
    exposure: false,
    followUp: ['disposition', 'response', 'note'],
    transitions: ['complete', 'reopen'],
  },
  diarsipkan: { screening: false, exposure: false, followUp: [], transitions: ['reopen'] },
}

describe('allowedActions', () => {
  it('matches the table for every state', () => {
    for (const s of CASE_STATUSES) {
      const a = allowedActions(s)
      expect({ ...a, transitions: [...a.transitions].sort() }).toEqual({
        ...TABLE[s],
        transitions: [...TABLE[s].transitions].sort(),
      })
    }
  })
})

// Received on Monday 2 November 2026; every step is dated within that month and
// recorded on the 30th, so no day here is refused for its date.
const received = new Date(2026, 10, 2, 9, 0)
const clock = new TestClock(new Date(2026, 10, 30, 9, 0))

/** The transitions that bring a received case into each state. */
const PATH: Record<CaseStatus, Transition[]> = {
  belum_terverifikasi: [],
  belum_ditindaklanjuti: ['screen'],
  proses: ['screen', 'startFollowUp'],
  selesai: ['screen', 'startFollowUp', 'complete'],
  menunggu_kelengkapan: ['requestCompletion'],
  diteruskan: ['forward'],
  diarsipkan: ['archive'],
}

type Attempt = { name: string; method: string; input: (caseId: string) => unknown }

const ATTEMPTS: Attempt[] = [
  { name: 'screening', method: 'case.screen', input: (id) => validScreening(id) },
  {
    name: 'exposure',
    method: 'case.recordExposure',
    input: (caseId) => ({
      caseId,
      day: '2026-11-05',
      place: 'Ruang rapat Inspektorat',
      participants: [{ name: 'Drs. Ahmad', role: 'Inspektur Pembantu', present: true }],
      summary: 'Dugaan pungutan dalam pelayanan KTP.',
      analysis: 'Bukti kuitansi ada; terlapor ASN.',
      recommendation: 'Lakukan klarifikasi kepada terlapor.',
      decision: 'clarification',
      followUpOwner: 'Irban Wilayah II',
    }),
  },
  ...FOLLOWUP_KINDS.map((kind) => ({
    name: `followUp.${kind}`,
    method: 'case.recordFollowUp',
    input: (caseId: string) => ({
      caseId,
      kind,
      day: '2026-11-06',
      agencyCode: 'DISDUKCAPIL',
      note: 'Tindak lanjut dicatat untuk uji.',
    }),
  })),
  ...(Object.keys(TRANSITIONS) as Transition[]).map((transition) => ({
    name: `transition.${transition}`,
    method: 'case.transition',
    input: (caseId: string) => step(caseId, transition, '2026-11-06'),
  })),
]

function step(caseId: string, transition: Transition, day: string) {
  return { caseId, transition, day, reason: 'Alasan untuk uji.', agencyCode: 'DISDUKCAPIL' }
}

/** Whether the table allows the attempt named so. */
function allowedByTable(s: CaseStatus, name: string): boolean {
  const row = TABLE[s]
  const [kind, detail] = name.split('.') as [string, string | undefined]
  if (kind === 'screening') return row.screening
  if (kind === 'exposure') return row.exposure
  if (kind === 'followUp') return (row.followUp as string[]).includes(detail ?? '')
  return (row.transitions as string[]).includes(detail ?? '')
}

describe('core refuses the handling steps the table does not allow', () => {
  const dir = tempDir()
  let station: Station
  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      now: clock.now,
      log: () => {},
    })
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  const dispatch = (method: string, input: unknown) =>
    station.dispatch(method, input, as(method, 'irban'))
  const eventCount = async () =>
    Number(((await station.db('events').count({ n: '*' }).first()) as { n: number }).n)

  async function caseIn(s: CaseStatus): Promise<string> {
    const now = clock.now()
    clock.set(received)
    const res = await dispatch('case.create', validIntake())
    clock.set(now)
    if (!res.ok) throw new Error(JSON.stringify(res.error))
    const { id } = res.result as CreatedCase
    for (const t of PATH[s]) {
      const r = await dispatch('case.transition', step(id, t, '2026-11-04'))
      if (!r.ok) throw new Error(`${t}: ${JSON.stringify(r.error)}`)
    }
    const detail = await dispatch('case.get', { id })
    expect(detail.ok && (detail.result as CaseDetail).status).toBe(s)
    return id
  }

  for (const s of CASE_STATUSES) {
    it(`${s}: allows what the table allows, refuses the rest and changes nothing`, async () => {
      // Refused steps leave the case as it was, so they can share one case.
      const refusedOn = await caseIn(s)
      const outcomes: Record<string, boolean> = {}
      for (const a of ATTEMPTS) {
        const allowed = allowedByTable(s, a.name)
        const id = allowed ? await caseIn(s) : refusedOn
        const before = await eventCount()
        const res = await dispatch(a.method, a.input(id))
        outcomes[a.name] = res.ok
        if (res.ok) {
          expect(await eventCount()).toBeGreaterThan(before)
        } else {
          expect(res.error.code, a.name).toBe('conflict')
          expect(res.error.key, a.name).toMatch(/^lifecycle\.notAllowed\|/)
          expect(await eventCount()).toBe(before)
        }
      }
      expect(outcomes).toEqual(
        Object.fromEntries(ATTEMPTS.map((a) => [a.name, allowedByTable(s, a.name)])),
      )
    })
  }
})
