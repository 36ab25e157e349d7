import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomInt,
  timingSafeEqual,
  verify,
} from 'node:crypto'
import type { Knex } from 'knex'
import { canonicalJson } from '../shared/canonicalJson'
import type { CaseStatus } from '../shared/domain'
import { GENESIS_HASH } from '../shared/events'
import { formatHlc, parseHlc, tick, type Hlc } from '../shared/hlc'
import { uuidv7FromBytes } from '../shared/ids'
import { TRANSITIONS, canTransition } from '../shared/lifecycle'
import {
  ADMIN_LABEL_MAX,
  AUTH_HEADERS,
  REQUEST_SKEW_MS,
  batchContentMaterial,
  batchFileSigningMaterial,
  batchSigningMaterial,
  centreActor,
  checkBatchShape,
  eventHashMaterial,
  eventHashMaterialFrom,
  foldStatus,
  requestSigningMaterial,
  statusPinMaterial,
  type Batch,
  type BatchAck,
  type BatchFile,
  type CentralDecision,
  type EnrolRequest,
  type EnrolResponse,
  type PublicStatus,
  type Refusal,
  type WireEvent,
} from '../shared/sync'
import {
  TRACKING_ALPHABET,
  invalidStationCodeCharacters,
  isValidStationCode,
  parseTrackingNumber,
} from '../shared/trackingNumber'
import { isPostgres, type ServerDb } from './db'
import { sealedIdentitySchema, type Identity } from '../shared/seal'
import { openSealedIdentity } from './seal'
import { compareMergedOrder, transitionApplies } from '../shared/caseFold'
import {
  ZONE_ABBREVIATIONS,
  dayInZone,
  isStationZone,
  zoneOr,
  type StationZone,
} from '../shared/timeZone'

// The centre's services: enrolment, ingest, pull, central decisions, public
// status. Plain functions over knex; Fastify only wires them to routes.

export class Refused extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422,
    readonly refusal: Refusal,
  ) {
    super(refusal.reason)
    this.name = 'Refused'
  }
}

export const sha256hex = (data: string | Buffer): string =>
  createHash('sha256').update(data).digest('hex')

function verifySignature(publicKeyB64: string, material: string, signatureB64: string): boolean {
  try {
    const key = createPublicKey({
      key: Buffer.from(publicKeyB64, 'base64'),
      format: 'der',
      type: 'spki',
    })
    return verify(null, Buffer.from(material), key, Buffer.from(signatureB64, 'base64'))
  } catch {
    return false
  }
}

// The centre's identity.

export interface CentralIdentity {
  centralStationId: string
  signingPrivateKey: string
  authorityPublicKey: string
  authorityPrivateKey: string
}

async function readIdentity(db: Knex | Knex.Transaction): Promise<Map<string, string>> {
  const rows = (await db('server_identity').select('key', 'value')) as {
    key: string
    value: string
  }[]
  return new Map(rows.map((r) => [r.key, r.value]))
}

/** Creates the centre's keys on first start; afterwards reads them. */
export async function ensureCentralIdentity(db: ServerDb, now: Date): Promise<CentralIdentity> {
  return db.transaction(async (trx) => {
    const m = await readIdentity(trx)
    if (!m.has('centralStationId')) {
      const der = (
        k: { export(o: { format: 'der'; type: 'spki' | 'pkcs8' }): Buffer },
        type: 'spki' | 'pkcs8',
      ) => k.export({ format: 'der', type }).toString('base64')
      const signing = generateKeyPairSync('ed25519')
      const authority = generateKeyPairSync('x25519')
      const id = uuidv7FromBytes(now.getTime(), randomBytes(16))
      const values = {
        centralStationId: id,
        signingPrivateKey: der(signing.privateKey, 'pkcs8'),
        authorityPublicKey: der(authority.publicKey, 'spki'),
        authorityPrivateKey: der(authority.privateKey, 'pkcs8'),
      }
      await trx('server_identity').insert(
        Object.entries(values).map(([key, value]) => ({ key, value })),
      )
      await trx('stations').insert({
        id,
        code: 'PUSAT',
        name: 'Pusat',
        public_key: der(signing.publicKey, 'spki'),
        provisional_code: null,
        central: true,
        last_seq: 0,
        last_hash: GENESIS_HASH,
        enrolled_at: now.toISOString(),
      })
      return values
    }
    return {
      centralStationId: m.get('centralStationId')!,
      signingPrivateKey: m.get('signingPrivateKey')!,
      authorityPublicKey: m.get('authorityPublicKey')!,
      authorityPrivateKey: m.get('authorityPrivateKey')!,
    }
  })
}

// Admin tokens (for the centre's own staff and tools).

export async function createAdminToken(db: ServerDb, label: string, now: Date): Promise<string> {
  const name = label.trim()
  if (name.length === 0 || name.length > ADMIN_LABEL_MAX) {
    throw new Refused(400, {
      code: 'label',
      reason: `the token label must be 1–${ADMIN_LABEL_MAX} characters (it names the admin in what they record)`,
    })
  }
  const token = randomBytes(32).toString('base64url')
  await db('admin_tokens').insert({
    token_hash: sha256hex(token),
    label: name,
    created_at: now.toISOString(),
  })
  return token
}

/** Checks an admin token and answers who it is: the actor recorded for what the admin does. */
export async function checkAdminToken(
  db: ServerDb,
  authorization: string | undefined,
): Promise<string> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '')
  const row = m
    ? ((await db('admin_tokens')
        .where({ token_hash: sha256hex(m[1]!) })
        .first('label')) as { label: string } | undefined)
    : undefined
  if (!row)
    throw new Refused(401, { code: 'unauthorized', reason: 'a valid admin token is required' })
  return centreActor(row.label)
}

// Enrolment.

const CODE_GROUP = 4
const ENROLMENT_DAYS = 7

function randomCode(groups: number): string {
  const letters = TRACKING_ALPHABET
  return Array.from({ length: groups }, () =>
    Array.from({ length: CODE_GROUP }, () => letters[randomInt(letters.length)]).join(''),
  ).join('-')
}

// Said in words, because "SPG" looks like a fine code until one knows S is left out.
const CODE_LETTERS = TRACKING_ALPHABET.replace(/\d/g, '').split('').join(' ')
const LEFT_OUT = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((c) => !TRACKING_ALPHABET.includes(c))

/** Why a station code is refused, in Indonesian and English; null when it is valid. */
export function stationCodeProblem(code: string): string | null {
  if (isValidStationCode(code)) return null
  const bad = invalidStationCodeCharacters(code)
    .map((c) => (c.trim() === '' ? `"${c}"` : c))
    .join(', ')
  const rule =
    `Kode stasiun terdiri atas 2–6 karakter: angka 0–9 dan huruf ${CODE_LETTERS} ` +
    `(huruf ${LEFT_OUT.join(', ')} tidak dipakai karena mirip angka).`
  const ruleEn =
    `A station code has 2–6 characters: the digits 0–9 and the letters ${CODE_LETTERS} ` +
    `(${LEFT_OUT.join(', ')} are left out because they look like digits).`
  const id = bad
    ? `Kode stasiun "${code}" memuat karakter yang tidak boleh: ${bad}. ${rule}`
    : `Kode stasiun "${code}" terdiri atas ${code.length} karakter. ${rule}`
  const en = bad
    ? `Station code "${code}" contains characters that are not allowed: ${bad}. ${ruleEn}`
    : `Station code "${code}" has ${code.length} characters. ${ruleEn}`
  return `${id} / ${en}`
}

function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '')
}

/** A one-time code for one station; only its hash is kept. */
export async function createEnrolmentCode(
  db: ServerDb,
  opts: { label: string; stationCode?: string | undefined },
  now: Date,
): Promise<{ code: string; stationCode: string; expiresAt: string }> {
  const taken = async (c: string) =>
    (await db('stations').where({ code: c }).first('id')) !== undefined ||
    (await db('enrolment_codes').where({ station_code: c }).first('code_hash')) !== undefined
  let stationCode = opts.stationCode?.toUpperCase()
  if (stationCode !== undefined) {
    const problem = stationCodeProblem(stationCode)
    if (problem) throw new Refused(400, { code: 'station_code', reason: problem })
    if (await taken(stationCode)) {
      throw new Refused(409, {
        code: 'station_code',
        reason: `station code ${stationCode} is taken`,
      })
    }
  } else {
    do stationCode = randomCode(1)
    while (await taken(stationCode))
  }
  const code = randomCode(3)
  const expiresAt = new Date(now.getTime() + ENROLMENT_DAYS * 86_400_000).toISOString()
  await db('enrolment_codes').insert({
    code_hash: sha256hex(normaliseCode(code)),
    station_code: stationCode,
    label: opts.label,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    used_at: null,
    used_by: null,
  })
  return { code, stationCode, expiresAt }
}

export async function enrol(
  db: ServerDb,
  identity: CentralIdentity,
  req: EnrolRequest,
  now: Date,
): Promise<EnrolResponse> {
  try {
    createPublicKey({ key: Buffer.from(req.publicKey, 'base64'), format: 'der', type: 'spki' })
  } catch {
    throw new Refused(400, {
      code: 'public_key',
      reason: 'the public key is not an Ed25519 SPKI key',
    })
  }
  return db.transaction(async (trx) => {
    const row = (await trx('enrolment_codes')
      .where({ code_hash: sha256hex(normaliseCode(req.code)) })
      .first()) as
      | {
          code_hash: string
          station_code: string
          label: string
          expires_at: string
          used_at: string | null
        }
      | undefined
    if (!row || row.used_at !== null || row.expires_at < now.toISOString()) {
      throw new Refused(403, {
        code: 'enrolment_code',
        reason: 'the enrolment code is unknown, already used or expired',
      })
    }
    if ((await trx('stations').where({ id: req.stationId }).first('id')) !== undefined) {
      throw new Refused(409, { code: 'station_exists', reason: 'this station is already enrolled' })
    }
    await trx('enrolment_codes')
      .where({ code_hash: row.code_hash })
      .update({ used_at: now.toISOString(), used_by: req.stationId })
    await trx('stations').insert({
      id: req.stationId,
      code: row.station_code,
      name: req.stationName,
      public_key: req.publicKey,
      provisional_code: req.provisionalCode,
      time_zone: req.timeZone ?? null,
      central: false,
      last_seq: 0,
      last_hash: GENESIS_HASH,
      enrolled_at: now.toISOString(),
    })
    return {
      stationId: req.stationId,
      stationCode: row.station_code,
      authorityPublicKey: identity.authorityPublicKey,
      centralStationId: identity.centralStationId,
      serverTime: now.toISOString(),
    }
  })
}

// Request authentication: every station call is signed, fresh and used once.

interface StationRow {
  id: string
  code: string
  public_key: string
  last_seq: number
  last_hash: string
  central: boolean | number
}

export async function authenticateStation(
  db: ServerDb,
  req: {
    method: string
    url: string
    headers: Record<string, string | string[] | undefined>
    rawBody: Buffer
  },
  now: Date,
): Promise<string> {
  const h = (name: string) => {
    const v = req.headers[name]
    return typeof v === 'string' ? v : undefined
  }
  const stationId = h(AUTH_HEADERS.station)
  const time = h(AUTH_HEADERS.time)
  const nonce = h(AUTH_HEADERS.nonce)
  const signature = h(AUTH_HEADERS.signature)
  const unauthorized = (reason: string) => new Refused(401, { code: 'unauthorized', reason })
  if (!stationId || !time || !nonce || !signature) throw unauthorized('the request is not signed')
  if (
    !/^[0-9a-f-]{36}$/.test(stationId) ||
    !/^\d{1,16}$/.test(time) ||
    !/^[0-9a-f]{32}$/.test(nonce)
  ) {
    throw unauthorized('the signature headers are malformed')
  }
  if (Math.abs(Number(time) - now.getTime()) > REQUEST_SKEW_MS) {
    throw unauthorized('the request time is too far from the server clock; check the station clock')
  }
  const station = (await db('stations').where({ id: stationId, central: false }).first()) as
    StationRow | undefined
  if (!station)
    throw new Refused(403, { code: 'unknown_station', reason: 'this station is not enrolled' })
  const material = requestSigningMaterial({
    method: req.method,
    url: req.url,
    time,
    nonce,
    bodySha256: sha256hex(req.rawBody),
  })
  if (!verifySignature(station.public_key, material, signature)) {
    throw unauthorized('the request signature does not match the station key')
  }
  try {
    await db.transaction(async (trx) => {
      // A nonce only guards the replay window: it need not wait for the disk.
      if (isPostgres(db)) await trx.raw('SET LOCAL synchronous_commit TO OFF')
      await trx('request_nonces').insert({
        nonce,
        station_id: stationId,
        expires_at: now.getTime() + 2 * REQUEST_SKEW_MS,
      })
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw unauthorized('this request was already received (replay)')
    throw err
  }
  if (randomInt(100) === 0)
    await db('request_nonces').where('expires_at', '<', now.getTime()).delete()
  return stationId
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number }
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT'
}

// Ingest.

// Each payload is serialised once: for its hash here, and again for storage.
const payloadJsonOf = new WeakMap<WireEvent, string>()
const payloadJson = (e: WireEvent): string => {
  let json = payloadJsonOf.get(e)
  if (json === undefined) {
    json = canonicalJson(e.payload)
    payloadJsonOf.set(e, json)
  }
  return json
}

function checkEventHashes(events: WireEvent[]): string | null {
  for (const e of events) {
    if (sha256hex(eventHashMaterialFrom(e, payloadJson(e))) !== e.hash) return e.id
  }
  return null
}

/** Checks a batch without the database: shape, hashes, content hash and signature. */
export function verifyBatch(batch: Batch, publicKey: string): void {
  const shape = checkBatchShape(batch)
  if (shape) throw new Refused(422, { code: `batch_${shape.code}`, reason: shape.reason })
  const bad = checkEventHashes(batch.events)
  if (bad)
    throw new Refused(422, { code: 'event_hash', reason: `event ${bad} does not match its hash` })
  if (sha256hex(batchContentMaterial(batch.events)) !== batch.contentHash) {
    throw new Refused(422, {
      code: 'content_hash',
      reason: 'the batch content hash does not match its events',
    })
  }
  if (!verifySignature(publicKey, batchSigningMaterial(batch), batch.signature)) {
    throw new Refused(401, {
      code: 'batch_signature',
      reason: 'the batch signature does not match the station key',
    })
  }
}

const INSERT_CHUNK = 1000

/** Stores a verified batch idempotently by (station, sequence); refuses a gap. */
export async function ingestBatch(
  db: ServerDb,
  batch: Batch,
  source: 'push' | 'file',
  now: Date,
): Promise<BatchAck> {
  const known = (await db('stations').where({ id: batch.stationId, central: false }).first()) as
    StationRow | undefined
  if (!known)
    throw new Refused(403, { code: 'unknown_station', reason: 'this station is not enrolled' })
  verifyBatch(batch, known.public_key)
  return db.transaction((trx) => applyBatch(trx, batch, source, now))
}

async function applyBatch(
  trx: Knex.Transaction,
  batch: Batch,
  source: 'push' | 'file',
  now: Date,
): Promise<BatchAck> {
  // Lock the station's row so two batches of one station apply one after the other.
  const station = (await trx('stations')
    .where({ id: batch.stationId })
    .forUpdate()
    .first()) as StationRow
  const lastSeq = station.last_seq
  if (batch.fromSeq > lastSeq + 1) {
    throw new Refused(409, {
      code: 'gap',
      reason: `events ${lastSeq + 1} to ${batch.fromSeq - 1} have not arrived yet`,
      expectedSeq: lastSeq + 1,
    })
  }
  // Events the server already holds must be the same events, else the station's log forked.
  const overlap = batch.events.filter((e) => e.seq <= lastSeq)
  if (overlap.length > 0) {
    const stored = (await trx('events')
      .where({ station_id: batch.stationId })
      .whereBetween('seq', [overlap[0]!.seq, overlap.at(-1)!.seq])
      .select('seq', 'hash')) as { seq: number; hash: string }[]
    const byseq = new Map(stored.map((s) => [Number(s.seq), s.hash]))
    const differs = overlap.find((e) => byseq.get(e.seq) !== e.hash)
    if (differs) {
      throw new Refused(409, {
        code: 'diverged',
        reason: `event ${differs.seq} differs from the one the server holds`,
      })
    }
  }
  const fresh = batch.events.filter((e) => e.seq > lastSeq)
  if (fresh.length > 0 && fresh[0]!.prevHash !== station.last_hash) {
    throw new Refused(409, {
      code: 'chain',
      reason: `event ${fresh[0]!.seq} does not follow the last stored event`,
    })
  }
  if (fresh.length > 0) {
    await storeEvents(trx, fresh, now)
    const last = fresh.at(-1)!
    await trx('stations')
      .where({ id: batch.stationId })
      .update({ last_seq: last.seq, last_hash: last.hash })
  }
  await trx('batches')
    .insert({
      id: batch.batchId,
      station_id: batch.stationId,
      from_seq: batch.fromSeq,
      to_seq: batch.toSeq,
      content_hash: batch.contentHash,
      source,
      stored: fresh.length,
      received_at: now.toISOString(),
    })
    .onConflict('id')
    .ignore()
  return {
    batchId: batch.batchId,
    ackedSeq: Math.max(lastSeq, batch.toSeq),
    stored: fresh.length,
    duplicates: batch.events.length - fresh.length,
  }
}

/** The server's events columns, in the order bulk inserts give them. */
export const SERVER_EVENT_COLUMNS = [
  'id',
  'station_id',
  'seq',
  'case_id',
  'origin_station_id',
  'type',
  'payload',
  'actor',
  'hlc',
  'prev_hash',
  'hash',
  'stored_at',
] as const

/**
 * On PostgreSQL the rows go in as one JSON parameter unpacked by
 * json_to_recordset, in their order (the cursor follows it): building and
 * binding twelve thousand parameters per batch cost more than the insert.
 * (`table` is another name only for the benchmark, which times this alone.)
 */
export async function insertEventRows(
  trx: Knex.Transaction,
  rows: Record<(typeof SERVER_EVENT_COLUMNS)[number], unknown>[],
  table = 'events',
): Promise<void> {
  if (rows.length === 0) return
  if (trx.client.config.client !== 'pg') {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx(table).insert(rows.slice(i, i + INSERT_CHUNK))
    }
    return
  }
  const cols = SERVER_EVENT_COLUMNS.join(', ')
  const types = SERVER_EVENT_COLUMNS.map((c) => `${c} ${c === 'seq' ? 'bigint' : 'text'}`).join(
    ', ',
  )
  await trx.raw(
    `INSERT INTO ${table} (${cols})
     SELECT ${cols} FROM ROWS FROM (json_to_recordset(?::json) AS (${types}))
       WITH ORDINALITY AS x(${cols}, n)
     ORDER BY n`,
    [JSON.stringify(rows)],
  )
}

/** The zones stations sent at enrolment, for cases whose events name none. */
async function zonesOfStations(
  trx: Knex.Transaction | ServerDb,
  stationIds: string[],
): Promise<Map<string, StationZone>> {
  const ids = [...new Set(stationIds)]
  const zones = new Map<string, StationZone>()
  if (ids.length === 0) return zones
  const rows = (await trx('stations').whereIn('id', ids).select('id', 'time_zone')) as {
    id: string
    time_zone: string | null
  }[]
  for (const r of rows) if (isStationZone(r.time_zone)) zones.set(r.id, r.time_zone)
  return zones
}

/** Writes events and updates the public-status view of the cases they touch. */
async function storeEvents(trx: Knex.Transaction, events: WireEvent[], now: Date): Promise<void> {
  const caseIds = [...new Set(events.map((e) => e.caseId))]
  const origins = new Map<string, string>()
  for (let i = 0; i < caseIds.length; i += INSERT_CHUNK) {
    const rows = (await trx('cases')
      .whereIn('id', caseIds.slice(i, i + INSERT_CHUNK))
      .select('id', 'station_id')) as { id: string; station_id: string }[]
    for (const r of rows) origins.set(r.id, r.station_id)
  }
  const newCases: Record<string, unknown>[] = []
  const stationZones = await zonesOfStations(
    trx,
    events.filter((e) => e.type === 'case.received').map((e) => e.stationId),
  )
  for (const e of events) {
    if (e.type === 'case.received' && !origins.has(e.caseId)) {
      origins.set(e.caseId, e.stationId)
      const p = e.payload as { trackingNumber: string; statusPinHash?: string; timeZone?: unknown }
      newCases.push({
        time_zone: isStationZone(p.timeZone) ? p.timeZone : (stationZones.get(e.stationId) ?? null),
        id: e.caseId,
        station_id: e.stationId,
        tracking_number: p.trackingNumber,
        status: 'belum_terverifikasi',
        received_hlc: e.hlc,
        last_hlc: e.hlc,
        folded_hlc: e.hlc,
        status_pin_hash: typeof p.statusPinHash === 'string' ? p.statusPinHash : null,
        conflicts: 0,
      })
    }
  }
  const storedAt = now.toISOString()
  const rows = events.map((e) => ({
    id: e.id,
    station_id: e.stationId,
    seq: e.seq,
    case_id: e.caseId,
    origin_station_id: origins.get(e.caseId) ?? e.stationId,
    type: e.type,
    payload: payloadJson(e),
    actor: e.actor,
    hlc: e.hlc,
    prev_hash: e.prevHash,
    hash: e.hash,
    stored_at: storedAt,
  }))
  await insertEventRows(trx, rows)
  for (let i = 0; i < newCases.length; i += INSERT_CHUNK) {
    await trx('cases')
      .insert(newCases.slice(i, i + INSERT_CHUNK))
      .onConflict('id')
      .ignore()
  }
  const transitions = new Map<string, Step[]>()
  for (const e of events) {
    if (e.type !== 'case.transitioned') continue
    const list = transitions.get(e.caseId) ?? []
    list.push({ id: e.id, hlc: e.hlc, payload: e.payload as Step['payload'] })
    transitions.set(e.caseId, list)
  }
  const touched = [...transitions.keys()]
  for (let i = 0; i < touched.length; i += INSERT_CHUNK) {
    await refoldCases(trx, touched.slice(i, i + INSERT_CHUNK), transitions, now)
  }
}

type Step = { id: string; hlc: string; payload: { from: CaseStatus; to: CaseStatus } }

/**
 * Brings cases' statuses up to date with new transitions, flagging those that
 * do not apply: a few statements for many cases. When a case's new
 * transitions all come after every transition it already folded (the usual
 * order of a station's outbox), the fold goes on from the stored status;
 * otherwise the case is refolded from all its transitions in clock order.
 * Both give what foldStatus gives over the whole history (tested).
 */
async function refoldCases(
  trx: Knex.Transaction,
  caseIds: string[],
  fresh: ReadonlyMap<string, Step[]>,
  now: Date,
): Promise<void> {
  const cases = (await trx('cases')
    .whereIn('id', caseIds)
    .select('id', 'received_hlc', 'status', 'last_hlc', 'conflicts', 'folded_hlc')) as {
    id: string
    received_hlc: string
    status: CaseStatus
    last_hlc: string
    conflicts: number
    folded_hlc: string | null
  }[]
  if (cases.length === 0) return
  type Fold = { id: string; status: CaseStatus; lastHlc: string; conflicts: number; folded: string }
  const folds: Fold[] = []
  const newConflicts: { event_id: string; case_id: string; found_at: string }[] = []
  const full: typeof cases = []
  for (const c of cases) {
    const steps = [...(fresh.get(c.id) ?? [])].sort(compareMergedOrder)
    if (c.folded_hlc === null || steps.length === 0 || steps[0]!.hlc <= c.folded_hlc) {
      full.push(c)
      continue
    }
    let status = c.status
    let lastHlc = c.last_hlc
    let conflicts = Number(c.conflicts)
    for (const t of steps) {
      if (transitionApplies(status, t.payload)) {
        status = t.payload.to
        lastHlc = t.hlc
      } else {
        conflicts++
        newConflicts.push({ event_id: t.id, case_id: c.id, found_at: now.toISOString() })
      }
    }
    folds.push({ id: c.id, status, lastHlc, conflicts, folded: steps.at(-1)!.hlc })
  }
  if (full.length > 0) {
    const ids = full.map((c) => c.id)
    const rows = (await trx('events')
      .whereIn('case_id', ids)
      .where({ type: 'case.transitioned' })
      .select('case_id', 'id', 'hlc', 'payload')) as {
      case_id: string
      id: string
      hlc: string
      payload: string
    }[]
    const byCase = new Map<string, Step[]>()
    for (const r of rows) {
      const list = byCase.get(r.case_id) ?? []
      list.push({ id: r.id, hlc: r.hlc, payload: JSON.parse(r.payload) as Step['payload'] })
      byCase.set(r.case_id, list)
    }
    await trx('conflicts').whereIn('case_id', ids).delete()
    for (const c of full) {
      const steps = byCase.get(c.id) ?? []
      const fold = foldStatus(c.received_hlc, steps)
      for (const eventId of fold.conflicts) {
        newConflicts.push({ event_id: eventId, case_id: c.id, found_at: now.toISOString() })
      }
      const folded = steps.reduce((m, s) => (s.hlc > m ? s.hlc : m), c.received_hlc)
      folds.push({
        id: c.id,
        status: fold.status,
        lastHlc: fold.lastHlc,
        conflicts: fold.conflicts.length,
        folded,
      })
    }
  }
  for (let i = 0; i < newConflicts.length; i += INSERT_CHUNK) {
    await trx('conflicts')
      .insert(newConflicts.slice(i, i + INSERT_CHUNK))
      .onConflict('event_id')
      .ignore()
  }
  // One UPDATE … FROM a list of values; PostgreSQL and SQLite both read it.
  const values = folds.map(() => '(?, ?, ?, CAST(? AS INTEGER), ?)').join(', ')
  await trx.raw(
    `WITH v(id, status, last_hlc, conflicts, folded_hlc) AS (VALUES ${values})
     UPDATE cases SET status = v.status, last_hlc = v.last_hlc, conflicts = v.conflicts,
       folded_hlc = v.folded_hlc
     FROM v WHERE cases.id = v.id`,
    folds.flatMap((f) => [f.id, f.status, f.lastHlc, f.conflicts, f.folded]),
  )
}

// Pull.

export async function pullEvents(
  db: ServerDb,
  stationId: string,
  after: number,
  limit: number,
): Promise<{ events: { cursor: number; event: WireEvent }[]; cursor: number; more: boolean }> {
  const rows = (await db('events')
    .where({ origin_station_id: stationId })
    .whereNot({ station_id: stationId })
    .where('cursor', '>', after)
    .orderBy('cursor')
    .limit(limit + 1)) as (EventRowServer & { cursor: number })[]
  const page = rows.slice(0, limit)
  return {
    events: page.map((r) => ({ cursor: Number(r.cursor), event: rowToWire(r) })),
    cursor: page.length ? Number(page.at(-1)!.cursor) : after,
    more: rows.length > limit,
  }
}

interface EventRowServer {
  id: string
  station_id: string
  seq: number
  case_id: string
  type: string
  payload: string
  actor: string
  hlc: string
  prev_hash: string
  hash: string
}

function rowToWire(r: EventRowServer): WireEvent {
  return {
    id: r.id,
    stationId: r.station_id,
    seq: Number(r.seq),
    caseId: r.case_id,
    type: r.type as WireEvent['type'],
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    actor: r.actor,
    hlc: r.hlc,
    prevHash: r.prev_hash,
    hash: r.hash,
  }
}

// Central decisions: the centre writes its own events on a station's case.

export async function recordDecision(
  db: ServerDb,
  identity: CentralIdentity,
  caseId: string,
  decision: CentralDecision,
  actor: string,
  now: Date,
): Promise<WireEvent> {
  return db.transaction(async (trx) => {
    const c = (await trx('cases')
      .where({ id: caseId })
      .first('status', 'station_id', 'received_hlc', 'time_zone')) as
      | { status: CaseStatus; station_id: string; received_hlc: string; time_zone: string | null }
      | undefined
    if (!c)
      throw new Refused(404, {
        code: 'unknown_case',
        reason: 'no such case has reached the server',
      })
    // Dated between the case's receipt and today, both in the case's own zone, as at the station.
    const zone = zoneOr(c.time_zone)
    const received = dayInZone(parseHlc(c.received_hlc).wall, zone)
    const today = dayInZone(now, zone)
    if (decision.day < received || decision.day > today) {
      throw new Refused(400, {
        code: 'day',
        reason: `the day must be between the day the case was received (${received}) and today (${today}, ${ZONE_ABBREVIATIONS[zone]})`,
      })
    }
    const central = (await trx('stations')
      .where({ id: identity.centralStationId })
      .forUpdate()
      .first()) as StationRow
    // The centre's clock passes every event it has seen on the case, and its own last one.
    const seen = (await trx('events')
      .where({ case_id: caseId })
      .orWhere({ station_id: identity.centralStationId })
      .max({ hlc: 'hlc' })
      .first()) as { hlc: string | null }
    const last: Hlc = seen.hlc ? parseHlc(seen.hlc) : { wall: 0, logical: 0 }
    const hlc = formatHlc(tick(last, now.getTime()), identity.centralStationId)
    let payload: Record<string, unknown>
    if (decision.type === 'case.transitioned') {
      if (!canTransition(c.status, decision.transition)) {
        throw new Refused(409, {
          code: 'transition',
          reason: `"${decision.transition}" is not possible while the case is "${c.status}"`,
        })
      }
      payload = {
        transition: decision.transition,
        from: c.status,
        to: TRANSITIONS[decision.transition].to,
        day: decision.day,
        reason: decision.reason,
        agencyCode: decision.agencyCode,
      }
    } else {
      const { type: _type, ...rest } = decision
      payload = rest
    }
    const base = {
      id: uuidv7FromBytes(now.getTime(), randomBytes(16)),
      stationId: identity.centralStationId,
      seq: central.last_seq + 1,
      caseId,
      type: decision.type,
      payload,
      actor,
      hlc,
      prevHash: central.last_hash,
    }
    const event: WireEvent = { ...base, hash: sha256hex(eventHashMaterial(base)) }
    await storeEvents(trx, [event], now)
    await trx('stations')
      .where({ id: identity.centralStationId })
      .update({ last_seq: event.seq, last_hash: event.hash })
    return event
  })
}

// Public status: the tracking number and the receipt PIN, nothing else out.

export function statusPinHash(trackingNumber: string, pin: string): string {
  return sha256hex(statusPinMaterial(trackingNumber, pin))
}

export async function publicStatus(
  db: ServerDb,
  trackingNumber: string,
  pin: string,
): Promise<PublicStatus> {
  const notFound = new Refused(404, {
    code: 'not_found',
    reason: 'no complaint matches this tracking number and PIN',
  })
  const parsed = parseTrackingNumber(trackingNumber)
  if (!parsed.ok) throw notFound
  const number = parsed.value.normalized
  const row = (await db('cases')
    .where({ tracking_number: number })
    .first('status', 'last_hlc', 'status_pin_hash', 'time_zone')) as
    | {
        status: CaseStatus
        last_hlc: string
        status_pin_hash: string | null
        time_zone: string | null
      }
    | undefined
  const expected = Buffer.from(row?.status_pin_hash ?? '0'.repeat(64), 'hex')
  const given = Buffer.from(statusPinHash(number, pin), 'hex')
  if (!row || !row.status_pin_hash || !timingSafeEqual(expected, given)) throw notFound
  // The day of the last change in the case's own zone, as its receipt prints days.
  const lastUpdate = dayInZone(parseHlc(row.last_hlc).wall, zoneOr(row.time_zone))
  return { trackingNumber: number, status: row.status, lastUpdate }
}

// Batch files.

export async function importBatchFile(
  db: ServerDb,
  file: BatchFile,
  now: Date,
): Promise<{ batches: number; stored: number; duplicates: number; ackedSeq: number }> {
  const station = (await db('stations').where({ id: file.stationId, central: false }).first()) as
    StationRow | undefined
  if (!station)
    throw new Refused(403, { code: 'unknown_station', reason: 'this station is not enrolled' })
  if (!verifySignature(station.public_key, batchFileSigningMaterial(file), file.signature)) {
    throw new Refused(401, {
      code: 'file_signature',
      reason: 'the file signature does not match the station key',
    })
  }
  if (file.batches.some((b) => b.stationId !== file.stationId)) {
    throw new Refused(422, {
      code: 'batch_station',
      reason: 'the file holds another station’s batch',
    })
  }
  // Check every batch before storing any, so a bad file changes nothing.
  for (const b of file.batches) verifyBatch(b, station.public_key)
  // One transaction: a gap or a fork anywhere in the file stores none of it.
  return db.transaction(async (trx) => {
    let stored = 0
    let duplicates = 0
    let ackedSeq = station.last_seq
    for (const b of [...file.batches].sort((x, y) => x.fromSeq - y.fromSeq)) {
      const ack = await applyBatch(trx, b, 'file', now)
      stored += ack.stored
      duplicates += ack.duplicates
      ackedSeq = ack.ackedSeq
    }
    return { batches: file.batches.length, stored, duplicates, ackedSeq }
  })
}

/**
 * Opens an anonymous complainant's sealed identity for a central admin who
 * states a reason; the reading is logged before the identity is returned.
 */
export async function readSealedIdentity(
  db: ServerDb,
  identity: CentralIdentity,
  caseId: string,
  admin: string,
  reason: string,
  now: Date,
): Promise<Identity> {
  const row = (await db('events')
    .where({ case_id: caseId, type: 'case.received' })
    .first('payload')) as { payload: string } | undefined
  if (!row)
    throw new Refused(404, { code: 'unknown_case', reason: 'no such case has reached the server' })
  const p = JSON.parse(row.payload) as { trackingNumber: string; sealedIdentity?: unknown }
  const box = sealedIdentitySchema.safeParse(p.sealedIdentity)
  if (!box.success) {
    throw new Refused(404, {
      code: 'no_sealed_identity',
      reason: 'this case holds no sealed identity',
    })
  }
  await db('identity_reads').insert({ case_id: caseId, admin, reason, at: now.toISOString() })
  return openSealedIdentity(identity.authorityPrivateKey, box.data, p.trackingNumber)
}
