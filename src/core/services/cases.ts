import { createHash, randomInt } from 'node:crypto'
import type { Knex } from 'knex'
import type {
  CaseDetail,
  CasePage,
  CaseSummary,
  CreatedCase,
  StoredAttachment,
  TimelineEvent,
} from '../../shared/api'
import type { AttachmentMimeType, CaseStatus, Channel, Kind } from '../../shared/domain'
import type { CaseMappedPayload, CaseReceivedPayload } from '../../shared/events'
import { parseHlc } from '../../shared/hlc'
import type { Intake } from '../../shared/schemas'
import { dayInZone, dayStartInZone, nextDay, zoneOr, type StationZone } from '../../shared/timeZone'
import { statusPinMaterial } from '../../shared/sync'
import type { Identity } from '../../shared/seal'
import { intakeFreeText, privacyMentions } from '../../shared/privacy'
import { authorityKeyFor, complainantFor, removeWritten, sealIdentityDocuments } from './anonymous'
import { discardUnreferenced } from './attachments'
import { readStationCode, stationZone } from './settings'
import {
  MAX_DAILY_SEQUENCE,
  encodeTrackingNumber,
  parseTrackingNumber,
} from '../../shared/trackingNumber'
import { aad, openCaseRow } from '../atRest'
import { cipherOf } from '../crypto/dataKey'
import type { Db } from '../db'
import { DomainError } from '../errors'
import type { EventLog } from '../eventLog'
import { uuidv7 } from '../ids'
import { listNames, requireEntry, shownName, whereCategory, type ListNames } from './lists'

export interface CaseRow {
  pk: number
  id: string
  tracking_number: string
  station_id: string
  status: string
  channel: string
  kind: string
  received_at: string
  received_by: string
  subject: string
  description: string
  category: string | null
  category_code: string | null
  location: string | null
  incident_date: string | null
  reported_agency: string | null
  reported_agency_code: string | null
  reported_person: string | null
  reported_position: string | null
  complainant: string | null
  anonymous: number | boolean
  confidential: number | boolean
  attachments_count: number
  updated_at: string
  time_zone: string | null
}

async function nextCounter(trx: Knex.Transaction, name: string): Promise<number> {
  const rows = (await trx.raw(
    `INSERT INTO counters(name, value) VALUES (?, 1)
     ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
    [name],
  )) as { value: number }[]
  const value = rows[0]?.value
  if (value === undefined) throw new Error(`counter ${name} did not return a value`)
  return value
}

/**
 * Records a complaint. An anonymous complainant's identity documents are
 * sealed to the centre in the same transaction; once it commits, the plain
 * copies they were made from go (unless something else still refers to them).
 */
export async function createCase(
  db: Db,
  dataDir: string,
  log: EventLog,
  input: Intake,
  actor: string,
  now: Date,
): Promise<CreatedCase> {
  const written: string[] = []
  const created = await db
    .transaction((trx) => recordIntake(trx, dataDir, log, input, actor, now, written))
    .catch(async (err: unknown) => {
      await removeWritten(written)
      throw err
    })
  if (created.sealedFrom.length > 0) await discardUnreferenced(db, dataDir, created.sealedFrom)
  return { id: created.id, trackingNumber: created.trackingNumber, receivedAt: created.receivedAt }
}

async function recordIntake(
  trx: Knex.Transaction,
  dataDir: string,
  log: EventLog,
  input: Intake,
  actor: string,
  now: Date,
  written: string[],
): Promise<CreatedCase & { sealedFrom: string[] }> {
  const shas = [...new Set(input.attachments.map((a) => a.sha256))]
  const known = (await trx('attachments')
    .whereIn('sha256', shas)
    .select('sha256', 'mime', 'size')) as {
    sha256: string
    mime: string
    size: number
  }[]
  const bySha = new Map(known.map((k) => [k.sha256, k]))
  const missing = input.attachments.findIndex((a) => !bySha.has(a.sha256))
  if (missing >= 0) {
    throw new DomainError('attachment_missing', 'error.attachment_missing', [
      { path: `attachments.${missing}`, message: 'error.attachment_missing' },
    ])
  }
  const authorityKey = await authorityKeyFor(trx, input)

  // Codes from the lists as they stand now; a retired entry is not offered for new complaints.
  if (input.reportedParty.agencyCode !== undefined) {
    await requireEntry(trx, 'agencies', input.reportedParty.agencyCode, 'reportedParty.agency', {
      active: true,
    })
  }
  if (input.categoryCode !== undefined) {
    await requireEntry(trx, 'categories', input.categoryCode, 'category', { active: true })
  }

  const zone = await stationZone(trx)
  const day = dayInZone(now, zone)
  // "Today" is the station's day, so the check lives here, not in the schema.
  if (input.incidentDate !== undefined && input.incidentDate > day) {
    throw new DomainError('invalid_input', 'error.invalid_input', [
      { path: 'incidentDate', message: 'validation.futureDate' },
    ])
  }
  const sequence = await nextCounter(trx, `tracking:${day}`)
  // The sequence has four digits; throwing here rolls the counter back with the rest.
  if (sequence > MAX_DAILY_SEQUENCE) throw new DomainError('conflict', 'error.trackingDayFull')
  // The code is read here, not held by the caller: one issued at enrolment a moment ago counts.
  const stationCode = await readStationCode(trx)
  const trackingNumber = encodeTrackingNumber({ stationCode, day, sequence })
  const caseId = uuidv7(now.getTime())
  // Printed on the receipt; with the tracking number it opens the public status.
  const pin = String(randomInt(1_000_000)).padStart(6, '0')
  const receivedAt = now.toISOString()
  const payload: CaseReceivedPayload = {
    trackingNumber,
    receivedAt,
    receivedBy: input.receivedBy.trim(),
    channel: input.channel,
    kind: input.kind,
    subject: input.subject.trim(),
    description: input.description,
    category: input.category ?? null,
    categoryCode: input.categoryCode ?? null,
    location: input.location ?? null,
    incidentDate: input.incidentDate ?? null,
    reportedParty: {
      agency: input.reportedParty.agency ?? null,
      agencyCode: input.reportedParty.agencyCode ?? null,
      person: input.reportedParty.person ?? null,
      position: input.reportedParty.position ?? null,
    },
    anonymous: input.anonymous,
    confidential: input.confidential,
    ...complainantFor(input, authorityKey, trackingNumber),
    statusPinHash: createHash('sha256')
      .update(statusPinMaterial(trackingNumber, pin))
      .digest('hex'),
    timeZone: zone,
  }
  await log.append(trx, { caseId, type: 'case.received', payload, actor })
  await trx('receipt_pins').insert({
    case_id: caseId,
    pin: cipherOf(trx).seal(pin, aad.receiptPin(caseId)),
  })
  // An anonymous complaint whose text seems to identify someone waits for a person.
  if (input.anonymous) {
    const mentions = privacyMentions(input.complainant as Identity, intakeFreeText(input), now)
    if (mentions.length > 0) {
      await trx('privacy_holds').insert({
        case_id: caseId,
        mentions: JSON.stringify(mentions),
        created_at: receivedAt,
        confirmed_by: null,
        confirmed_at: null,
      })
    }
  }
  const sealed = await sealIdentityDocuments(
    trx,
    dataDir,
    input,
    authorityKey,
    trackingNumber,
    bySha,
    now,
    written,
  )
  const seen = new Set<string>()
  for (const a of input.attachments) {
    if (seen.has(a.sha256)) continue
    seen.add(a.sha256)
    const k = bySha.get(a.sha256)!
    await log.append(trx, {
      caseId,
      type: 'attachment.added',
      payload: sealed.get(a.sha256) ?? {
        sha256: a.sha256,
        kind: a.kind,
        name: a.name,
        mime: k.mime,
        size: k.size,
      },
      actor,
    })
  }
  if (input.draftId) await trx('drafts').where({ id: input.draftId }).delete()
  await trx('settings')
    .insert({ key: 'lastReceivedBy', value: payload.receivedBy })
    .onConflict('key')
    .merge()
  return { id: caseId, trackingNumber, receivedAt, sealedFrom: [...sealed.keys()] }
}

function toSummary(r: CaseRow): CaseSummary {
  return {
    id: r.id,
    trackingNumber: r.tracking_number,
    receivedAt: r.received_at,
    channel: r.channel as Channel,
    kind: r.kind as Kind,
    status: r.status as CaseStatus,
    subject: r.subject,
    anonymous: Boolean(r.anonymous),
    confidential: Boolean(r.confidential),
  }
}

const SUMMARY_COLUMNS = [
  'c.pk',
  'c.id',
  'c.tracking_number',
  'c.received_at',
  'c.channel',
  'c.kind',
  'c.status',
  'c.subject',
  'c.anonymous',
  'c.confidential',
]

/** Start of a calendar day in the station's zone, as a UTC ISO timestamp. */
function dayStartIso(day: string, zone: StationZone): string {
  return dayStartInZone(day, zone).toISOString()
}

/**
 * Turns what a clerk types into an FTS5 query: each word must match, as a
 * prefix or (with `prefix` false) as a whole word; quotes neutralise FTS
 * syntax, so any text is safe to search.
 */
export function ftsQuery(q: string, prefix = true): string | null {
  const words = q
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12)
  if (words.length === 0) return null
  return words.map((w) => `"${w.replace(/"/g, '""')}"${prefix ? '*' : ''}`).join(' ')
}

/** Any of the words in the subject or description, for similarity proposals. */
export function ftsQueryAny(words: string[]): string | null {
  const clean = words.map((w) => w.replace(/"/g, '""')).filter((w) => w.length > 0)
  return clean.length
    ? `{subject description} : (${clean.map((w) => `"${w}"`).join(' OR ')})`
    : null
}

// A search cursor remembers whether its search matched whole words ('w') or
// prefixes ('p'); cursors from before the distinction are prefix searches.
type Cursor = { k: 'd'; at: string; pk: number } | { k: 's'; pk: number; m?: 'w' | 'p' }

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url')
}

function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor
    if (c.k === 'd' && typeof c.at === 'string' && Number.isInteger(c.pk)) return c
    if (c.k === 's' && Number.isInteger(c.pk) && (c.m === undefined || c.m === 'w' || c.m === 'p'))
      return c
  } catch {
    // fall through to the refusal below
  }
  throw new DomainError('invalid_input', 'error.invalid_input', [
    { path: 'cursor', message: 'validation.invalid' },
  ])
}

export interface ListQuery {
  status?: CaseStatus | undefined
  channel?: Channel | undefined
  from?: string | undefined
  to?: string | undefined
  q?: string | undefined
  cursor?: string | undefined
  limit?: number | undefined
  kind?: Kind | undefined
  category?: string | undefined
  agency?: string | undefined
}

/**
 * Keyset pages, newest first. Search walks the FTS index in rowid order and
 * stops at the page size instead of ranking every match: ranking a common
 * word over a million rows is what makes search slow.
 *
 * Prefix terms have a cost of their own: FTS5 (without a prefix index) merges
 * the complete doclists of every term with that prefix before it returns the
 * first row, so `"desa"*` reads a million entries where `"desa"` reads fifty.
 * A search therefore first matches the words whole. When that fills the page
 * the search stays with whole words (its cursor says so); only when it does
 * not (rare words, a partly typed word or number) does it match the words as
 * prefixes, as before. A short fragment of a very common word is the one case
 * still left to the prefix cost.
 */
/**
 * A page of cases. `confidentialText` false (a role that may not read
 * confidential content): a search finds a confidential case only by its
 * tracking number (the desk finds it to reprint a receipt), and a slice by
 * category (free text the clerk typed) leaves it out, so neither can reveal
 * what its content holds.
 */
export async function listCases(
  db: Db,
  query: ListQuery,
  opts: { confidentialText: boolean } = { confidentialText: true },
): Promise<CasePage> {
  const limit = query.limit ?? 50
  const cursor = decodeCursor(query.cursor)
  // A tracking number is looked up by its printed form, however it was typed (without
  // hyphens, with dashes or look-alike letters), which the word index would not match.
  const parsed = query.q ? parseTrackingNumber(query.q) : null
  const trackingNumber = parsed?.ok ? parsed.value.normalized : null
  const words = query.q && !trackingNumber ? ftsQuery(query.q, false) : null
  if (words && cursor && cursor.k !== 's') {
    throw new DomainError('invalid_input', 'error.invalid_input')
  }
  if (!words && cursor && cursor.k !== 'd') {
    throw new DomainError('invalid_input', 'error.invalid_input')
  }

  const zone = await stationZone(db)
  const page = async (match: string | null): Promise<CaseRow[]> => {
    const q = db.select(SUMMARY_COLUMNS)
    if (match) {
      q.from('cases_fts as f')
        .join('cases as c', 'c.pk', 'f.rowid')
        .whereRaw('cases_fts MATCH ?', [match])
        .orderBy('f.rowid', 'desc')
      if (cursor?.k === 's') q.where('f.rowid', '<', cursor.pk)
      if (!opts.confidentialText) {
        q.whereRaw('(c.confidential = 0 OR instr(c.tracking_number, ?) > 0)', [
          (query.q ?? '').trim().toUpperCase(),
        ])
      }
    } else {
      q.from('cases as c').orderBy([
        { column: 'c.received_at', order: 'desc' },
        { column: 'c.pk', order: 'desc' },
      ])
      if (cursor?.k === 'd') q.whereRaw('(c.received_at, c.pk) < (?, ?)', [cursor.at, cursor.pk])
      if (trackingNumber) q.where('c.tracking_number', trackingNumber)
    }
    if (query.status) q.where('c.status', query.status)
    if (query.channel) q.where('c.channel', query.channel)
    if (query.from) q.where('c.received_at', '>=', dayStartIso(query.from, zone))
    if (query.to) q.where('c.received_at', '<', dayStartIso(nextDay(query.to), zone))
    if (query.kind) q.where('c.kind', query.kind)
    if (query.category) whereCategory(q, query.category, 'c')
    if (query.category && !opts.confidentialText) q.where('c.confidential', false)
    if (query.agency) q.where('c.agency_code', query.agency)
    return (await q.limit(limit + 1)) as CaseRow[]
  }

  let rows: CaseRow[]
  let mode: 'w' | 'p' | null = null
  if (words && query.q) {
    mode = cursor?.k === 's' ? (cursor.m ?? 'p') : null
    if (mode === null) {
      rows = await page(words)
      mode = rows.length > limit ? 'w' : 'p'
      if (mode === 'p') rows = await page(ftsQuery(query.q, true))
    } else {
      rows = await page(mode === 'w' ? words : ftsQuery(query.q, true))
    }
  } else {
    rows = await page(null)
  }
  const cipher = cipherOf(db)
  const items = rows.slice(0, limit).map((r) => openCaseRow(cipher, r))
  const last = items.at(-1)
  const more = rows.length > limit && last !== undefined
  return {
    items: items.map(toSummary),
    nextCursor: more
      ? encodeCursor(
          mode ? { k: 's', pk: last.pk, m: mode } : { k: 'd', at: last.received_at, pk: last.pk },
        )
      : null,
  }
}

export async function getCaseRow(db: Db, id: string): Promise<CaseRow> {
  const row = (await db('cases').where({ id }).first()) as CaseRow | undefined
  if (!row) throw new DomainError('not_found')
  return openCaseRow(cipherOf(db), row)
}

function timelineSummary(
  e: { type: string; payload: unknown },
  names: ListNames,
): Record<string, unknown> {
  if (e.type === 'case.received') {
    const p = e.payload as CaseReceivedPayload
    return { trackingNumber: p.trackingNumber, channel: p.channel, receivedBy: p.receivedBy }
  }
  if (e.type === 'attachment.added') {
    const p = e.payload as { name: string; kind: string }
    return { name: p.name, kind: p.kind }
  }
  if (e.type === 'case.mapped') {
    const p = e.payload as CaseMappedPayload
    const list = p.field === 'category' ? names.categories : names.agencies
    return { field: p.field, from: p.from, name: list.get(p.code) ?? p.code }
  }
  return {}
}

export async function getCase(db: Db, log: EventLog, id: string): Promise<CaseDetail> {
  const r = await getCaseRow(db, id)
  const attachments = (await db('case_attachments as ca')
    .join('attachments as a', 'a.sha256', 'ca.sha256')
    .where('ca.case_id', id)
    .orderBy('ca.added_at')
    .select('ca.sha256', 'a.mime', 'a.size', 'ca.name', 'ca.kind', 'ca.sealed')) as Array<
    Omit<StoredAttachment, 'sealed'> & { sealed: number | boolean }
  >
  const cipher = cipherOf(db)
  for (const a of attachments) a.name = cipher.open(a.name, aad.attachmentName(id, a.sha256))
  const names = await listNames(db)
  const events = await log.eventsForCase(db, id)
  const timeline: TimelineEvent[] = events.map((e) => ({
    id: e.id,
    type: e.type,
    at: new Date(parseHlc(e.hlc).wall).toISOString(),
    actor: e.actor,
    stationId: e.stationId,
    seq: e.seq,
    summary: timelineSummary(e, names),
  }))
  const complainant = r.complainant
    ? (JSON.parse(r.complainant) as Record<string, string | boolean | undefined>)
    : null
  return {
    ...toSummary(r),
    receivedBy: r.received_by,
    timeZone: zoneOr(r.time_zone, await stationZone(db)),
    description: r.description,
    category: r.category,
    categoryCode: r.category_code,
    categoryName: shownName(names.categories, r.category_code, r.category),
    location: r.location,
    incidentDate: r.incident_date,
    reportedParty: {
      agency: r.reported_agency,
      agencyCode: r.reported_agency_code,
      agencyName: shownName(names.agencies, r.reported_agency_code, r.reported_agency),
      person: r.reported_person,
      position: r.reported_position,
    },
    complainant:
      complainant && !r.anonymous
        ? {
            name: (complainant['name'] as string | undefined) ?? null,
            nik: (complainant['nik'] as string | undefined) ?? null,
            phone: (complainant['phone'] as string | undefined) ?? null,
            email: (complainant['email'] as string | undefined) ?? null,
            address: (complainant['address'] as string | undefined) ?? null,
            directlyAffected: complainant['directlyAffected'] === true,
          }
        : null,
    attachments: attachments.map(({ sealed, ...a }) => ({
      ...a,
      mime: a.mime as AttachmentMimeType,
      ...(sealed ? { sealed: true as const } : {}),
    })),
    timeline,
  }
}
