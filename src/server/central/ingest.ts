import type { Knex } from 'knex'
import {
  batchContentMaterial,
  batchSigningMaterial,
  checkBatchShape,
  eventHashMaterialFrom,
  type Batch,
  type BatchAck,
  type WireEvent,
} from '../../shared/sync'
import { checkEvent } from '../../shared/events'
import type { ServerDb } from '../db'
import { sha256hex, verifySignature } from './crypto'
import { payloadJson, storeEvents } from './eventStore'
import { Refused } from './refused'
import { enrolledStation, type StationRow } from './stations'

// Ingest: a station's signed batch is checked whole before the database is
// touched, then stored idempotently by (station, sequence) after the chain.

function checkEventHashes(events: WireEvent[]): string | null {
  for (const e of events) {
    if (sha256hex(eventHashMaterialFrom(e, payloadJson(e))) !== e.hash) return e.id
  }
  return null
}

/** The first event whose payload does not fit its type's schema, and why. */
function checkEventPayloads(events: WireEvent[]): string | null {
  for (const e of events) {
    const r = checkEvent(e)
    if (!r.ok) return r.reason
  }
  return null
}

/** Checks a batch without the database: shape, hashes, payloads, content hash and signature. */
export function verifyBatch(batch: Batch, publicKey: string): void {
  const shape = checkBatchShape(batch)
  if (shape) throw new Refused(422, { code: `batch_${shape.code}`, reason: shape.reason })
  const bad = checkEventHashes(batch.events)
  if (bad)
    throw new Refused(422, { code: 'event_hash', reason: `event ${bad} does not match its hash` })
  const unfit = checkEventPayloads(batch.events)
  if (unfit) throw new Refused(422, { code: 'event_payload', reason: unfit })
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

/** Stores a verified batch idempotently by (station, sequence); refuses a gap. */
export async function ingestBatch(
  db: ServerDb,
  batch: Batch,
  source: 'push' | 'file',
  now: Date,
): Promise<BatchAck> {
  const known = await enrolledStation(db, batch.stationId)
  verifyBatch(batch, known.public_key)
  return db.transaction((trx) => applyBatch(trx, batch, source, now))
}

/** Stores a batch already verified, inside the caller's transaction. */
export async function applyBatch(
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
