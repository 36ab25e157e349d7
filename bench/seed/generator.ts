import { createHash } from 'node:crypto'
import { hashEvent } from '../../src/core/eventLog'
import { canonicalJson } from '../../src/shared/canonicalJson'
import type { CaseStatus, EventType } from '../../src/shared/domain'
import { GENESIS_HASH, eventHashInput, type CaseReceivedPayload } from '../../src/shared/events'
import { HLC_ZERO, formatHlc, tick, type Hlc } from '../../src/shared/hlc'
import { TRANSITIONS, type Transition } from '../../src/shared/lifecycle'
import type { Complainant } from '../../src/shared/schemas'
import { DEFAULT_ZONE, dayInZone, type StationZone } from '../../src/shared/timeZone'
import { encodeTrackingNumber } from '../../src/shared/trackingNumber'
import { between, mulberry32, pick, pickWeighted, uuidv7, type Rng } from './random'
import type { SeedChunk, SeedOptions } from './rows'
import { StepQueue, type LifecycleEvent, type Step } from './stepQueue'
import { caseEffect, nextPauses, type FoldEvent } from '../../src/shared/caseFold'
import { TextMaker, nik, phone } from './text'
import { TOPIC_WEIGHTS } from './topics'
import {
  AGENCY_NAMES,
  AUDITORS,
  CHANNEL_MIX,
  CLERKS,
  DISTRICTS,
  FIRST_NAMES,
  FORWARD_TO,
  HAMLETS,
  KIND_MIX,
  LAST_NAMES,
  VILLAGE_HEADS,
  VILLAGE_TAILS,
} from './words'

export const DAY_MS = 86_400_000
// Stands in for the payload in the hash input; no generated text contains it.
const PAYLOAD_MARK = '\u0000payload\u0000'
const PAYLOAD_MARK_JSON = JSON.stringify(PAYLOAD_MARK)

/** What the projection holds after the case's events, as applyEvent computes it. */
interface Projected {
  status: CaseStatus
  statusDay: string | null
  conclusion: string | null
  withinAuthority: number | null
  supervisory: number | null
  agencyCode: string | null
  assignee: string | null
  updatedAt: string
  pauses: Array<{ from: string; to: string | null }>
}

/** Applies the case fold's effect of one step (shared/caseFold.ts), as the projection does. */
function project(state: Projected, e: LifecycleEvent, at: number): void {
  const fx = caseEffect(state.status, {
    ...e,
    id: '',
    hlc: formatHlc({ wall: at, logical: 0 }, 'seed'),
  } as FoldEvent)
  if (fx.status !== undefined) state.status = fx.status
  if (fx.statusDay !== undefined) state.statusDay = fx.statusDay
  if (fx.agencyCode !== undefined) state.agencyCode = fx.agencyCode
  if (fx.screening) {
    state.conclusion = fx.screening.conclusion
    state.withinAuthority = fx.screening.withinAuthority ? 1 : 0
    state.supervisory = fx.screening.supervisory ? 1 : 0
  }
  if (fx.assignee !== undefined) state.assignee = fx.assignee
  if (fx.updatedAt !== undefined) state.updatedAt = fx.updatedAt
  state.pauses = nextPauses(state.pauses, fx)
}

/**
 * The deterministic generator behind seedCases: the same options give the same
 * rows, chunk by chunk, with events in clock order across cases (a case's
 * screening and status steps come days after its receipt, interleaved with the
 * receipts of newer cases).
 */
export class CaseGenerator {
  private readonly rng: Rng
  private readonly count: number
  private readonly chunkSize: number
  private readonly start: number
  private readonly span: number
  private readonly until: number
  private next = 0
  private order = 0
  private seq = 0
  private prevHash = GENESIS_HASH
  private lastHlc: Hlc = HLC_ZERO
  private day = ''
  private daySeq = 0
  private readonly zone: StationZone
  private readonly queue = new StepQueue()
  private finished = false
  /** Last tracking sequence used on each local day. */
  readonly dayCounters = new Map<string, number>()
  events = 0

  /** Hash of the last event generated: the head of the chain, covering every event before it. */
  get head(): string {
    return this.prevHash
  }

  constructor(private readonly o: SeedOptions) {
    this.rng = mulberry32(o.seed ?? 20261123)
    this.count = o.count
    this.chunkSize = o.chunkSize ?? 500
    this.until = (o.until ?? new Date()).getTime()
    this.span = (o.spanDays ?? 3 * 365) * DAY_MS
    this.start = this.until - this.span
    this.zone = o.timeZone ?? DEFAULT_ZONE
  }

  /** The station's day of an instant, as it counts days. */
  private dayOf(t: number): string {
    return dayInZone(t, this.zone)
  }

  /** The next chunk of rows, or null when all cases and their steps are out. */
  nextChunk(): SeedChunk | null {
    if (this.finished) return null
    const chunk: SeedChunk = { done: 0, cases: [], events: [], pauses: [] }
    const end = Math.min(this.count, this.next + this.chunkSize)
    for (; this.next < end; this.next++) {
      // Stratified times: case i falls in the i-th slice of the period, so they come in order.
      const t = this.start + Math.floor(((this.next + this.rng()) * this.span) / this.count)
      this.flushSteps(chunk, t)
      this.makeCase(chunk, t)
    }
    if (this.next >= this.count) {
      this.flushSteps(chunk, Infinity)
      this.finished = true
    }
    chunk.done = this.next
    return chunk
  }

  private flushSteps(chunk: SeedChunk, before: number): void {
    for (let p = this.queue.peek(); p && p.t <= before; p = this.queue.peek()) {
      this.queue.pop()
      const step = p.steps[p.next] as Step
      for (const e of step.events) this.emit(chunk, step.t, p.caseId, e.type, e.payload, step.actor)
      p.next++
      const following = p.steps[p.next]
      if (following) {
        p.t = following.t
        p.order = this.order++
        this.queue.push(p)
      }
    }
  }

  private emit(
    chunk: SeedChunk,
    at: number,
    caseId: string,
    type: EventType,
    payload: object,
    actor: string,
  ): void {
    const hlc = tick(this.lastHlc, at)
    this.lastHlc = hlc
    this.seq++
    const base = {
      id: uuidv7(this.rng, at),
      stationId: this.o.stationId,
      seq: this.seq,
      caseId,
      type,
      payload: payload as CaseReceivedPayload,
      actor,
      hlc: formatHlc(hlc, this.o.stationId),
      prevHash: this.prevHash,
    }
    // hashEvent serialises the payload again; splice the one serialisation into
    // the hash input instead, and check against hashEvent once per chunk.
    const payloadJson = canonicalJson(payload)
    const frame = canonicalJson(eventHashInput({ ...base, payload: PAYLOAD_MARK as never }))
    const hash = createHash('sha256')
      .update(frame.replace(PAYLOAD_MARK_JSON, () => payloadJson))
      .digest('hex')
    if (chunk.events.length === 0 && hash !== hashEvent(base)) {
      throw new Error('seed: event hash differs from hashEvent; eventHashInput has changed')
    }
    chunk.events.push([
      base.id,
      base.stationId,
      base.seq,
      caseId,
      type,
      payloadJson,
      actor,
      base.hlc,
      base.prevHash,
      hash,
    ])
    this.prevHash = hash
    this.events++
  }

  private makeCase(chunk: SeedChunk, t: number): void {
    const r = this.rng
    const at = new Date(t)
    const day = this.dayOf(t)
    if (day !== this.day) {
      this.day = day
      this.daySeq = 0
    }
    this.daySeq++
    this.dayCounters.set(day, this.daySeq)

    const topic = pickWeighted(r, TOPIC_WEIGHTS)
    const kind = pickWeighted(r, KIND_MIX)
    const channel = pickWeighted(r, CHANNEL_MIX)
    const place = {
      desa: pick(r, VILLAGE_HEADS) + pick(r, VILLAGE_TAILS),
      kec: pick(r, DISTRICTS),
      dusun: pick(r, HAMLETS),
    }
    const text = new TextMaker(r, place, kind, topic)
    const subject = text.subject()
    const description = text.description()
    const clerk = pick(r, CLERKS)
    const anonymous = r() < 0.12
    const confidential = anonymous ? r() < 0.35 : r() < 0.05
    const maybe = (p: number, make: () => string) => (r() < p ? make() : undefined)
    const complainant: Complainant = anonymous
      ? {
          name: undefined,
          nik: undefined,
          phone: maybe(0.3, () => phone(r)),
          email: undefined,
          address: undefined,
          directlyAffected: r() < 0.5,
        }
      : {
          name: `${pick(r, FIRST_NAMES)} ${pick(r, LAST_NAMES)}`,
          nik: maybe(0.7, () => nik(r)),
          phone: maybe(0.85, () => phone(r)),
          email: maybe(0.3, () => `pelapor${between(r, 1, 99999)}@contoh.id`),
          address: maybe(
            0.8,
            () =>
              `Dusun ${pick(r, HAMLETS)} RT ${between(r, 1, 12)}/RW ${between(r, 1, 8)}, Desa ${place.desa}`,
          ),
          directlyAffected: r() < 0.6,
        }
    const agencyCode = pick(r, topic.agencies)
    const agencyName = AGENCY_NAMES[agencyCode] as string
    const reportedAgency =
      r() < 0.85
        ? agencyCode === 'PEMDES'
          ? `Pemerintah Desa ${place.desa}`
          : agencyCode === 'KECAMATAN'
            ? `Kecamatan ${place.kec}`
            : agencyName
        : null
    const payload: CaseReceivedPayload = {
      trackingNumber: encodeTrackingNumber({
        stationCode: this.o.stationCode,
        day,
        sequence: this.daySeq,
      }),
      receivedAt: at.toISOString(),
      receivedBy: clerk.name,
      channel,
      kind,
      subject,
      description,
      category: r() < 0.9 ? topic.category : null,
      location:
        r() < 0.8
          ? r() < 0.4
            ? `Dusun ${place.dusun}, Desa ${place.desa}, Kecamatan ${place.kec}`
            : `Desa ${place.desa}, Kecamatan ${place.kec}`
          : null,
      incidentDate: r() < 0.65 ? this.dayOf(t - between(r, 0, 60) * DAY_MS) : null,
      reportedParty: {
        agency: reportedAgency,
        person: r() < 0.25 ? `${pick(r, FIRST_NAMES)} ${pick(r, LAST_NAMES)}` : null,
        position: r() < 0.45 ? pick(r, topic.positions) : null,
      },
      anonymous,
      confidential,
      complainant,
      timeZone: this.zone,
    }
    const caseId = uuidv7(r, t)
    this.emit(chunk, t, caseId, 'case.received', payload, clerk.user)

    const state: Projected = {
      status: 'belum_terverifikasi',
      statusDay: null,
      conclusion: null,
      withinAuthority: null,
      supervisory: null,
      agencyCode: null,
      assignee: null,
      updatedAt: payload.receivedAt,
      pauses: [],
    }
    const steps = this.plan(t, agencyCode).filter((s) => s.t < this.until)
    for (const s of steps) for (const e of s.events) project(state, e, s.t)
    if (steps.length > 0) {
      this.queue.push({ t: (steps[0] as Step).t, order: this.order++, caseId, steps, next: 0 })
    }
    chunk.cases.push([
      caseId,
      payload.trackingNumber,
      this.o.stationId,
      state.status,
      channel,
      kind,
      payload.receivedAt,
      payload.receivedBy,
      subject,
      description,
      payload.category,
      payload.location,
      payload.incidentDate,
      payload.reportedParty.agency,
      payload.reportedParty.person,
      payload.reportedParty.position,
      anonymous ? null : canonicalJson(complainant),
      null, // blind indexes, filled in when the chunk is sealed
      null,
      anonymous ? 1 : 0,
      confidential ? 1 : 0,
      0,
      state.updatedAt,
      state.statusDay,
      state.conclusion,
      state.withinAuthority,
      state.supervisory,
      state.agencyCode,
      null,
      state.assignee,
      this.zone,
    ])
    for (const p of state.pauses) chunk.pauses.push([caseId, p.from, p.to])
  }

  /** The screening and status steps a case goes through, as a desk handles them. */
  private plan(received: number, agencyCode: string): Step[] {
    const r = this.rng
    const steps: Step[] = []
    const auditor = pick(r, AUDITORS)
    const assignee = r() < 0.7 ? auditor.name : null
    let t = received
    let status: CaseStatus = 'belum_terverifikasi'
    const later = (minDays: number, maxDays: number) => {
      t += Math.floor((minDays + r() * (maxDays - minDays)) * DAY_MS)
      return t
    }
    const move = (
      transition: Transition,
      reason: string | null = null,
      agency: string | null = null,
    ): LifecycleEvent => {
      const to = TRANSITIONS[transition].to
      const e: LifecycleEvent = {
        type: 'case.transitioned',
        payload: {
          transition,
          from: status,
          to,
          day: this.dayOf(t),
          reason,
          agencyCode: agency,
        },
      }
      status = to
      return e
    }
    const screening = (enough: boolean): LifecycleEvent => {
      const within = r() < 0.85
      return {
        type: 'case.screened',
        payload: {
          day: this.dayOf(t),
          checklist: {
            what: true,
            who: r() < 0.9,
            where: r() < 0.9,
            when: enough || r() < 0.5,
            why: r() < 0.8,
            how: enough || r() < 0.4,
          },
          withinAuthority: within,
          agencyCode: within ? agencyCode : null,
          supervisory: r() < 0.3,
          directlyExperienced: r() < 0.6,
          evidencePresent: r() < 0.55,
          relatedCaseIds: [],
          conclusion: enough ? 'cukup' : 'tidak_cukup',
          reasoning: enough
            ? `Pengaduan memuat unsur 5W+1H yang memadai dan dapat ditindaklanjuti oleh ${AGENCY_NAMES[agencyCode] ?? 'instansi terkait'}.`
            : 'Pengaduan belum menjelaskan waktu kejadian dan pihak yang terlibat; pelapor diminta melengkapi keterangan.',
          assignee,
        },
      }
    }
    const step = (events: LifecycleEvent[]) => steps.push({ t, actor: auditor.user, events })
    const screenEnough = () => {
      later(1, 7)
      step([screening(true)])
      steps[steps.length - 1]?.events.push(move('screen'))
    }
    const followUp = () => {
      later(3, 20)
      step([move('startFollowUp')])
      if (r() < 0.85) {
        later(7, 45)
        step([move('complete')])
      }
    }

    const path = r()
    if (path < 0.06) return steps // still waiting for screening
    if (path < 0.8) {
      screenEnough()
      const then = r()
      if (then < 0.7) followUp()
      else if (then < 0.88) {
        later(1, 10)
        step([move('forward', null, pick(r, FORWARD_TO))])
        if (r() < 0.55) {
          later(14, 60)
          step([move('complete')])
        }
      } else if (then < 0.95) {
        later(2, 14)
        step([move('archive', 'Substansi pengaduan terlalu umum dan tidak dapat ditindaklanjuti.')])
      }
      return steps
    }
    later(1, 7)
    step([
      screening(false),
      move('requestCompletion', 'Pelapor diminta melengkapi kronologi dan bukti pendukung.'),
    ])
    const then = r()
    if (then < 0.5) {
      later(3, 14)
      step([move('receiveCompletion')])
      screenEnough()
      followUp()
    } else if (then < 0.9) {
      later(14, 30)
      step([move('archive', 'Pelapor tidak melengkapi berkas dalam batas waktu.')])
    }
    return steps
  }
}
