import type { Knex } from 'knex'
import type { CaseStatusChange } from '../../shared/api'
import type { CaseStatus } from '../../shared/domain'
import type { HandlingStep } from '../../shared/labels'
import { allowedActions, applyTransition, type Transition } from '../../shared/lifecycle'
import {
  type exposureSchema,
  type followUpSchema,
  type screeningSchema,
  type transitionSchema,
} from '../../shared/schemas'
import type { z } from 'zod'
import type { Db } from '../db'
import { DomainError } from '../errors'
import type { EventLog } from '../eventLog'
import { uuidv7 } from '../ids'
import { dayInZone, zoneOr } from '../../shared/timeZone'
import { stationZone } from './settings'

type Screening = z.output<typeof screeningSchema>
type TransitionRequest = z.output<typeof transitionSchema>
type Exposure = z.output<typeof exposureSchema>
type FollowUp = z.output<typeof followUpSchema>

// Codes, not words: each language names the step and the status in its own words.
function refuse(step: HandlingStep, status: CaseStatus): never {
  throw new DomainError('conflict', `lifecycle.notAllowed|transition=${step}|state=${status}`)
}

async function loadCase(trx: Knex.Transaction, id: string) {
  const row = (await trx('cases')
    .where({ id })
    .first('id', 'status', 'received_at', 'time_zone')) as
    { id: string; status: CaseStatus; received_at: string; time_zone: string | null } | undefined
  if (!row) throw new DomainError('not_found')
  return row
}

/**
 * A step is dated between the day the complaint was received (in the case's
 * zone) and today (the station's day in its zone); any other day is refused.
 */
async function checkDay(
  trx: Knex.Transaction,
  day: string,
  c: { received_at: string; time_zone: string | null },
  now: Date,
): Promise<void> {
  const zone = await stationZone(trx)
  const received = dayInZone(c.received_at, zoneOr(c.time_zone, zone))
  const today = dayInZone(now, zone)
  const message =
    day < received
      ? `validation.beforeReceipt|date=${received}`
      : day > today
        ? `validation.afterToday|date=${today}`
        : null
  if (message) {
    throw new DomainError('invalid_input', 'error.invalid_input', [{ path: 'day', message }])
  }
}

async function transition(
  trx: Knex.Transaction,
  log: EventLog,
  c: { id: string; status: CaseStatus },
  t: Transition,
  details: { day: string; reason: string | null; agencyCode: string | null },
  actor: string,
): Promise<CaseStatus> {
  const r = applyTransition(c.status, t)
  if (!r.ok) refuse(t, c.status)
  await log.append(trx, {
    caseId: c.id,
    type: 'case.transitioned',
    payload: { transition: t, from: c.status, to: r.status, ...details },
    actor,
  })
  return r.status
}

export async function transitionCase(
  db: Db,
  log: EventLog,
  input: TransitionRequest,
  actor: string,
  now: Date,
): Promise<CaseStatusChange> {
  return db.transaction(async (trx) => {
    const c = await loadCase(trx, input.caseId)
    await checkDay(trx, input.day, c, now)
    const status = await transition(
      trx,
      log,
      c,
      input.transition,
      { day: input.day, reason: input.reason ?? null, agencyCode: input.agencyCode ?? null },
      actor,
    )
    return { id: c.id, status }
  })
}

/**
 * Records a screening (telaah). A screening that concludes "cukup" on a case
 * not yet verified also moves it on to "belum ditindaklanjuti"; other outcomes
 * (forward, ask for more, archive) are separate steps the auditor takes next.
 */
export async function screenCase(
  db: Db,
  log: EventLog,
  input: Screening,
  actor: string,
  now: Date,
): Promise<CaseStatusChange> {
  return db.transaction(async (trx) => {
    const c = await loadCase(trx, input.caseId)
    await checkDay(trx, input.day, c, now)
    if (!allowedActions(c.status).screening) refuse('screen', c.status)
    const related = [...new Set(input.relatedCaseIds.filter((id) => id !== c.id))]
    if (related.length > 0) {
      const found = (await trx('cases').whereIn('id', related).pluck('id')) as string[]
      const missing = related.findIndex((id) => !found.includes(id))
      if (missing >= 0) {
        throw new DomainError('not_found', 'error.not_found', [
          { path: `relatedCaseIds.${missing}`, message: 'error.not_found' },
        ])
      }
    }
    await log.append(trx, {
      caseId: c.id,
      type: 'case.screened',
      payload: {
        day: input.day,
        checklist: input.checklist,
        withinAuthority: input.withinAuthority,
        agencyCode: input.agencyCode ?? null,
        supervisory: input.supervisory,
        directlyExperienced: input.directlyExperienced,
        evidencePresent: input.evidencePresent,
        relatedCaseIds: related,
        conclusion: input.conclusion,
        reasoning: input.reasoning,
        assignee: input.assignee ?? null,
      },
      actor,
    })
    let status: CaseStatus = c.status
    if (input.conclusion === 'cukup' && c.status === 'belum_terverifikasi') {
      status = await transition(
        trx,
        log,
        c,
        'screen',
        { day: input.day, reason: null, agencyCode: null },
        actor,
      )
    }
    return { id: c.id, status }
  })
}

/**
 * Records an exposure meeting (ekspose) and carries out its decision: forward
 * to the competent agency, start the follow-up (clarification, special
 * examination, referral to law enforcement), or close the case.
 */
export async function recordExposure(
  db: Db,
  log: EventLog,
  input: Exposure,
  actor: string,
  now: Date,
): Promise<CaseStatusChange & { exposureId: string }> {
  return db.transaction(async (trx) => {
    const c = await loadCase(trx, input.caseId)
    await checkDay(trx, input.day, c, now)
    if (!allowedActions(c.status).exposure) refuse('exposure', c.status)
    const exposureId = uuidv7(now.getTime())
    await log.append(trx, {
      caseId: c.id,
      type: 'exposure.recorded',
      payload: {
        exposureId,
        day: input.day,
        place: input.place,
        participants: input.participants,
        summary: input.summary,
        analysis: input.analysis,
        recommendation: input.recommendation,
        decision: input.decision,
        agencyCode: input.agencyCode ?? null,
        followUpOwner: input.followUpOwner,
        followUpDue: input.followUpDue ?? null,
      },
      actor,
    })
    const details: { day: string; reason: string | null; agencyCode: string | null } = {
      day: input.day,
      reason: null,
      agencyCode: null,
    }
    let current: { id: string; status: CaseStatus } = { id: c.id, status: c.status }
    const step = async (t: Transition, extra: Partial<typeof details> = {}) => {
      current = {
        id: c.id,
        status: await transition(trx, log, current, t, { ...details, ...extra }, actor),
      }
    }
    if (input.decision === 'forward') {
      await step('forward', { agencyCode: input.agencyCode ?? null })
    } else {
      if (current.status === 'belum_ditindaklanjuti') await step('startFollowUp')
      if (input.decision === 'close')
        await step('complete', { reason: 'Ditutup berdasarkan ekspose.' })
    }
    return { ...current, exposureId }
  })
}

/** A disposition to an agency, the agency's response, or a note; all on the timeline. */
export async function recordFollowUp(
  db: Db,
  log: EventLog,
  input: FollowUp,
  actor: string,
  now: Date,
): Promise<CaseStatusChange> {
  return db.transaction(async (trx) => {
    const c = await loadCase(trx, input.caseId)
    await checkDay(trx, input.day, c, now)
    if (!allowedActions(c.status).followUp.includes(input.kind)) refuse('followUp', c.status)
    await log.append(trx, {
      caseId: c.id,
      type: 'followup.recorded',
      payload: {
        kind: input.kind,
        day: input.day,
        agencyCode: input.agencyCode ?? null,
        letterNumber: input.letterNumber ?? null,
        note: input.note,
      },
      actor,
    })
    let status: CaseStatus = c.status
    if (input.kind === 'disposition' && c.status === 'belum_ditindaklanjuti') {
      status = await transition(
        trx,
        log,
        c,
        'startFollowUp',
        { day: input.day, reason: null, agencyCode: input.agencyCode ?? null },
        actor,
      )
    }
    return { id: c.id, status }
  })
}
