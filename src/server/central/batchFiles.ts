import { batchFileSigningMaterial, type BatchFile } from '../../shared/sync'
import type { ServerDb } from '../db'
import { verifySignature } from './crypto'
import { applyBatch, verifyBatch } from './ingest'
import { Refused } from './refused'
import { enrolledStation } from './stations'

// Batch files: a station's signed batches carried on a USB stick, with a
// signature over the whole file, imported with the same checks as a push.

export async function importBatchFile(
  db: ServerDb,
  file: BatchFile,
  now: Date,
): Promise<{ batches: number; stored: number; duplicates: number; ackedSeq: number }> {
  const station = await enrolledStation(db, file.stationId)
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
