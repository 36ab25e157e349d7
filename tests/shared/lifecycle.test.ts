import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CASE_STATUSES, type CaseStatus } from '../../src/shared/domain'
import {
  INITIAL_STATUS,
  TRANSITIONS,
  allowedTransitions,
  applyTransition,
  clockRuns,
  type Transition,
} from '../../src/shared/lifecycle'

const transitions = Object.keys(TRANSITIONS) as Transition[]

// The reference table the machine must match, written out by hand.
const ALLOWED: Record<CaseStatus, Partial<Record<Transition, CaseStatus>>> = {
  belum_terverifikasi: {
    screen: 'belum_ditindaklanjuti',
    requestCompletion: 'menunggu_kelengkapan',
    forward: 'diteruskan',
    archive: 'diarsipkan',
  },
  belum_ditindaklanjuti: {
    requestCompletion: 'menunggu_kelengkapan',
    startFollowUp: 'proses',
    forward: 'diteruskan',
    archive: 'diarsipkan',
  },
  proses: { forward: 'diteruskan', complete: 'selesai' },
  selesai: { reopen: 'proses' },
  menunggu_kelengkapan: { receiveCompletion: 'belum_terverifikasi', archive: 'diarsipkan' },
  diteruskan: { complete: 'selesai', reopen: 'proses' },
  diarsipkan: { reopen: 'proses' },
}

describe('case lifecycle', () => {
  it('matches the reference table for every state and transition', () => {
    for (const s of CASE_STATUSES) {
      for (const t of transitions) {
        const r = applyTransition(s, t)
        const expected = ALLOWED[s][t]
        if (expected) expect(r).toEqual({ ok: true, status: expected })
        else expect(r).toEqual({ ok: false, code: 'lifecycle.notAllowed', from: s, transition: t })
      }
      expect(allowedTransitions(s).sort()).toEqual(Object.keys(ALLOWED[s]).sort())
    }
  })

  it('never reaches a state the machine forbids, whatever the sequence of calls', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...transitions), { maxLength: 60 }), (calls) => {
        let status: CaseStatus = INITIAL_STATUS
        for (const t of calls) {
          const before = status
          const r = applyTransition(status, t)
          if (r.ok) {
            expect(ALLOWED[before][t]).toBe(r.status)
            status = r.status
          } else {
            expect(ALLOWED[before][t]).toBeUndefined()
            expect(r.from).toBe(before)
          }
          expect(CASE_STATUSES).toContain(status)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('lets every state be reached from a received case', () => {
    const seen = new Set<CaseStatus>([INITIAL_STATUS])
    let frontier: CaseStatus[] = [INITIAL_STATUS]
    while (frontier.length) {
      const next: CaseStatus[] = []
      for (const s of frontier) {
        for (const t of allowedTransitions(s)) {
          const r = applyTransition(s, t)
          if (r.ok && !seen.has(r.status)) {
            seen.add(r.status)
            next.push(r.status)
          }
        }
      }
      frontier = next
    }
    expect([...seen].sort()).toEqual([...CASE_STATUSES].sort())
  })

  it('pauses the clock while waiting for the complainant and after closing', () => {
    expect(clockRuns('menunggu_kelengkapan')).toBe(false)
    expect(clockRuns('selesai')).toBe(false)
    expect(clockRuns('diarsipkan')).toBe(false)
    expect(clockRuns('belum_terverifikasi')).toBe(true)
    expect(clockRuns('proses')).toBe(true)
  })
})
