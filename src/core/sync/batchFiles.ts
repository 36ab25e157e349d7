import { batchFileSigningMaterial, type Batch } from '../../shared/sync'
import { eventsAfter, nextBatch, type Outbox } from './push'

// Batch files: the outbox written to a signed file, batch by batch, for
// stations that never see the network. The batches are the ones a push sends.

/** The next batch after `afterSeq` and how many of the station's events follow it. */
export async function exportBatch(
  o: Outbox,
  afterSeq: number,
): Promise<{ batch: Batch | null; remaining: number }> {
  const batch = await nextBatch(o, afterSeq)
  return { batch, remaining: await eventsAfter(o.db, o.stationId, batch ? batch.toSeq : afterSeq) }
}

/** The station's signature over a whole file: when it was made and its batches' content hashes. */
export async function signBatchFile(
  o: Outbox,
  input: { createdAt: string; contentHashes: string[] },
): Promise<{ stationId: string; signature: string }> {
  const material = batchFileSigningMaterial({
    stationId: o.stationId,
    createdAt: input.createdAt,
    batches: input.contentHashes.map((contentHash) => ({ contentHash }) as Batch),
  })
  return { stationId: o.stationId, signature: await o.signer.sign(material) }
}
