import fc from 'fast-check'
import { CASE_STATUSES, type CaseStatus } from '../../src/shared/domain'
import type { FoldEvent } from '../../src/shared/caseFold'
import { formatHlc } from '../../src/shared/hlc'
import { TRANSITIONS, type Transition } from '../../src/shared/lifecycle'

// Random histories of one case as the merged log of several writers holds them:
// the receipt, then screenings, follow-ups, exposures, attachments and
// transitions in clock order. A transition is drawn from anywhere the machine
// allows, not only from where the case stands, as happens when a station and the
// centre act on the same case before they sync: some then no longer fit.

const TRANSITION_NAMES = Object.keys(TRANSITIONS) as Transition[]
const NODES = ['a-station', 'b-centre']
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']

// Now and then a transition or a follow-up settles an earlier transition, as a
// resolution recorded at the centre does (`resolves`), whether or not that one
// had been flagged.
type Draw =
  | {
      k: 'transition'
      t: Transition
      fromIx: number
      day: number
      agency: boolean
      resolve: number | null
    }
  | { k: 'screen'; supervisory: boolean; assignee: boolean; agency: boolean; day: number }
  | { k: 'followup'; response: boolean; day: number; resolve: number | null }
  | { k: 'exposure'; day: number }
  | { k: 'attachment' }

const draw: fc.Arbitrary<Draw> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant('transition' as const),
      t: fc.constantFrom(...TRANSITION_NAMES),
      fromIx: fc.nat(2),
      day: fc.nat(DAYS.length - 1),
      agency: fc.boolean(),
      resolve: fc.option(fc.nat(), { freq: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('screen' as const),
      supervisory: fc.boolean(),
      assignee: fc.boolean(),
      agency: fc.boolean(),
      day: fc.nat(DAYS.length - 1),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('followup' as const),
      response: fc.boolean(),
      day: fc.nat(DAYS.length - 1),
      resolve: fc.option(fc.nat(), { freq: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('exposure' as const), day: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('attachment' as const) }) },
)

let serial = 0
const id = () => {
  serial++
  return `00000000-0000-7000-8000-${serial.toString(16).padStart(12, '0')}`
}

/** A case id and its events, in clock order (two writers, clocks close together). */
export const history: fc.Arbitrary<{ caseId: string; events: FoldEvent[] }> = fc
  .tuple(fc.array(draw, { maxLength: 24 }), fc.array(fc.nat(NODES.length - 1), { maxLength: 24 }))
  .map(([draws, nodes]) => {
    const caseId = id()
    const base = Date.parse('2026-11-02T02:00:00Z')
    const hlc = (i: number) =>
      formatHlc({ wall: base + i * 60_000, logical: 0 }, NODES[nodes[i] ?? 0]!)
    const events: FoldEvent[] = [
      {
        id: id(),
        hlc: hlc(0),
        type: 'case.received',
        payload: {
          trackingNumber: `UJI-${caseId.slice(-8)}`,
          receivedAt: new Date(base).toISOString(),
          receivedBy: 'Siti',
          channel: 'walk_in',
          kind: 'pengaduan',
          subject: 'Jalan rusak',
          description: 'Uraian.',
          category: null,
          location: null,
          incidentDate: null,
          reportedParty: { agency: null, person: null, position: null },
          anonymous: false,
          confidential: false,
          complainant: { name: 'Budi', directlyAffected: true },
          timeZone: 'Asia/Jakarta',
        },
      },
    ]
    const transitions: string[] = []
    const settles = (resolve: number | null) =>
      resolve !== null && transitions.length > 0
        ? { resolves: transitions[resolve % transitions.length]! }
        : {}
    draws.forEach((d, n) => {
      const i = n + 1
      if (d.k === 'transition') {
        const froms = TRANSITIONS[d.t].from as readonly CaseStatus[]
        const from = froms[d.fromIx % froms.length]!
        const eventId = id()
        events.push({
          id: eventId,
          hlc: hlc(i),
          type: 'case.transitioned',
          payload: {
            transition: d.t,
            from,
            to: TRANSITIONS[d.t].to,
            day: DAYS[d.day]!,
            reason: 'Alasan.',
            agencyCode: d.t === 'forward' || d.agency ? 'DINKES' : null,
            ...settles(d.resolve),
          },
        })
        transitions.push(eventId)
      } else if (d.k === 'screen') {
        events.push({
          id: id(),
          hlc: hlc(i),
          type: 'case.screened',
          payload: {
            day: DAYS[d.day]!,
            checklist: { what: true, who: true, where: true, when: true, why: false, how: true },
            withinAuthority: true,
            agencyCode: d.agency ? 'DPUPR' : null,
            supervisory: d.supervisory,
            directlyExperienced: true,
            evidencePresent: true,
            relatedCaseIds: [],
            conclusion: 'cukup',
            reasoning: 'Cukup.',
            assignee: d.assignee ? 'Irban II' : null,
          },
        })
      } else if (d.k === 'followup') {
        events.push({
          id: id(),
          hlc: hlc(i),
          type: 'followup.recorded',
          payload: {
            kind: d.response ? 'response' : 'note',
            day: DAYS[d.day]!,
            agencyCode: d.response ? 'DINKES' : null,
            letterNumber: null,
            note: 'Catatan.',
            ...settles(d.resolve),
          },
        })
      } else if (d.k === 'exposure') {
        events.push({
          id: id(),
          hlc: hlc(i),
          type: 'exposure.recorded',
          payload: {
            exposureId: id(),
            day: DAYS[d.day]!,
            place: 'Ruang rapat',
            participants: [{ name: 'Rina', role: 'Auditor', present: true }],
            summary: 'Ringkasan.',
            analysis: 'Analisis.',
            recommendation: 'Rekomendasi.',
            decision: 'clarification',
            agencyCode: null,
            followUpOwner: 'Irban II',
            followUpDue: null,
          },
        })
      } else {
        const sha = id().replace(/-/g, '').padEnd(64, '0')
        events.push({
          id: id(),
          hlc: hlc(i),
          type: 'attachment.added',
          payload: { sha256: sha, kind: 'photo', name: 'foto.png', mime: 'image/png', size: 10 },
        })
      }
    })
    return { caseId, events }
  })

export const STATUSES: readonly CaseStatus[] = CASE_STATUSES
