import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  caseEffect,
  compareMergedOrder,
  foldCase,
  foldEvent,
  type FoldEvent,
} from '../../src/shared/caseFold'
import { raporCaseFromEvents } from '../../src/shared/rapor'
import { history } from '../support/histories'

const shuffled = <T>(xs: readonly T[], seed: number): T[] => {
  const out = [...xs]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('the case fold', () => {
  it('orders by clock, then id, as SQL’s ORDER BY hlc, id does', () => {
    const a = { hlc: '000000000000001-000000-a', id: 'b' }
    const b = { hlc: '000000000000001-000000-a', id: 'c' }
    const c = { hlc: '000000000000001-000001-a', id: 'a' }
    expect([c, b, a].sort(compareMergedOrder)).toEqual([a, b, c])
    expect(compareMergedOrder(a, { ...a })).toBe(0)
  })

  it('gives the same case whatever order the events arrive in', () => {
    fc.assert(
      fc.property(history, fc.integer(), ({ events }, seed) => {
        expect(foldCase(shuffled(events, seed))).toEqual(foldCase(events))
      }),
      { numRuns: 300 },
    )
  })

  it('gives the report card the fold’s status, days and pauses', () => {
    fc.assert(
      fc.property(history, ({ events }) => {
        const c = foldCase(events)!
        expect(raporCaseFromEvents(events, 'Asia/Jakarta')).toEqual({
          status: c.status,
          kind: c.kind,
          supervisory: c.screening ? c.screening.supervisory : null,
          receivedDay: '2026-11-02',
          statusDay: c.statusDay,
          pauses: c.pauses,
        })
      }),
      { numRuns: 300 },
    )
  })

  it('keeps at most one open pause, and never two pauses from the same day', () => {
    fc.assert(
      fc.property(history, ({ events }) => {
        const { pauses, status } = foldCase(events)!
        expect(pauses.filter((p) => p.to === null).length).toBe(
          status === 'menunggu_kelengkapan' ? 1 : 0,
        )
        expect(new Set(pauses.map((p) => p.from)).size).toBe(pauses.length)
      }),
      { numRuns: 500 },
    )
  })

  it('closes the reopened pause when the wait ends, as the station does (the old report-card fold did not)', () => {
    // Asked, completed and asked again on the same day, then completed on the next:
    // one pause from the 3rd to the 4th. The report card used to keep two, one of them
    // closing on the 4th and the other on the 3rd, and counted the wait twice.
    const at = (m: number) => `${String(1_764_640_800_000 + m * 60_000).padStart(15, '0')}-000000-a`
    const step = (m: number, transition: 'requestCompletion' | 'receiveCompletion', day: string) =>
      ({
        id: `e${m}`,
        hlc: at(m),
        type: 'case.transitioned',
        payload: {
          transition,
          from: transition === 'requestCompletion' ? 'belum_terverifikasi' : 'menunggu_kelengkapan',
          to: transition === 'requestCompletion' ? 'menunggu_kelengkapan' : 'belum_terverifikasi',
          day,
          reason: 'Alasan.',
          agencyCode: null,
        },
      }) as const
    const received = {
      id: 'e0',
      hlc: at(0),
      type: 'case.received',
      payload: {
        trackingNumber: 'UJI-261202-0001-X',
        receivedAt: '2026-12-02T02:00:00.000Z',
        receivedBy: 'Siti',
        channel: 'walk_in',
        kind: 'pengaduan',
        subject: 's',
        description: 'd',
        category: null,
        location: null,
        incidentDate: null,
        reportedParty: { agency: null, person: null, position: null },
        anonymous: false,
        confidential: false,
        complainant: { name: 'Budi', directlyAffected: true },
      },
    } as const
    const events: FoldEvent[] = [
      received,
      step(1, 'requestCompletion', '2026-12-03'),
      step(2, 'receiveCompletion', '2026-12-03'),
      step(3, 'requestCompletion', '2026-12-03'),
      step(4, 'receiveCompletion', '2026-12-04'),
    ]
    expect(foldCase(events)!.pauses).toEqual([{ from: '2026-12-03', to: '2026-12-04' }])
    expect(raporCaseFromEvents(events, 'Asia/Jakarta')!.pauses).toEqual([
      { from: '2026-12-03', to: '2026-12-04' },
    ])
  })

  it('says what each event does, one rule for every consumer', () => {
    let settled = 0
    fc.assert(
      fc.property(history, ({ events }) => {
        // Folding step by step is the fold.
        const ordered = [...events].sort(compareMergedOrder)
        let c = foldEvent(null, ordered[0]!)
        for (const e of ordered.slice(1)) {
          const before = c!
          const fx = caseEffect(before.status, e)
          c = foldEvent(c, e)
          if (fx.conflict) expect(c!.status).toBe(before.status)
          if (fx.attachmentAdded) expect(c!.attachments).toBe(before.attachments + 1)
          // A resolution settles the step it names: it is no longer listed as a conflict.
          if (fx.resolves !== undefined) expect(c!.conflicts).not.toContain(fx.resolves)
          if (fx.resolves !== undefined && before.conflicts.includes(fx.resolves)) settled++
        }
        expect(c).toEqual(foldCase(events))
      }),
      { numRuns: 300 },
    )
    // Some histories did settle a listed conflict.
    expect(settled).toBeGreaterThan(0)
  })
})
