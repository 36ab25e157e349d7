import { createHash, randomUUID } from 'node:crypto'
import {
  BATCH_MAX_BYTES,
  BATCH_MAX_EVENTS,
  SYNC_PROTOCOL,
  batchAckSchema,
  batchContentMaterial,
  batchSigningMaterial,
  refusalSchema,
  type Batch,
  type WireEvent,
} from '../../shared/sync'
import { cipherOf } from '../crypto/dataKey'
import type { Db } from '../db'
import { rowToEvent, type EventRow } from '../eventLog'
import { readSetting, writeSetting } from '../services/settings'
import { refused } from './failure'
import { syncKey } from './keys'
import type { StationSigner } from './signer'
import type { Answer, SignedTransport } from './transport'

/** Batches in flight at once during a push. */
const PUSH_WINDOW = 2

export interface Outbox {
  db: Db
  stationId: string
  signer: StationSigner
  /** Events per batch at most (tests make it small so one push spans several batches). */
  batchEvents?: number | undefined
}

/** The next batch of the station's events after `afterSeq`, bounded in count and bytes, signed. */
export async function nextBatch(o: Outbox, afterSeq: number): Promise<Batch | null> {
  const { db } = o
  const rows = (await db('events')
    .where({ station_id: o.stationId })
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(Math.min(BATCH_MAX_EVENTS, o.batchEvents ?? BATCH_MAX_EVENTS))) as EventRow[]
  // The outbox is sent in order: it stops at the first event of a case the
  // privacy check holds, until a person has confirmed it.
  const held = new Set(
    (await db('privacy_holds').whereNull('confirmed_at').pluck('case_id')) as string[],
  )
  const events: WireEvent[] = []
  const cipher = cipherOf(db)
  let bytes = 0
  for (const r of rows) {
    if (held.has(r.case_id)) break
    bytes += r.payload.length + 400
    if (events.length > 0 && bytes > BATCH_MAX_BYTES) break
    events.push(rowToEvent(r, cipher))
  }
  if (events.length === 0) return null
  const head = {
    batchId: randomUUID(),
    stationId: o.stationId,
    fromSeq: events[0]!.seq,
    toSeq: events.at(-1)!.seq,
    contentHash: createHash('sha256').update(batchContentMaterial(events)).digest('hex'),
  }
  const signature = await o.signer.sign(batchSigningMaterial(head))
  return { protocol: SYNC_PROTOCOL, ...head, events, signature }
}

/** How many of the station's own events come after `seq`: the outbox beyond that point. */
export async function eventsAfter(db: Db, stationId: string, seq: number): Promise<number> {
  const rows = (await db('events')
    .where({ station_id: stationId })
    .where('seq', '>', seq)
    .count({ n: '*' })) as { n: number }[]
  return Number(rows[0]?.n ?? 0)
}

/**
 * Sends the outbox with two batches in flight: the next is read, signed and
 * sent while the server stores the one before. The server applies one
 * station's batches one after the other and refuses a gap, so order holds;
 * acknowledgements are taken strictly in order, and a batch that overtook
 * its predecessor (a gap answer) is simply sent again.
 */
export async function push(o: Outbox & { transport: SignedTransport }): Promise<void> {
  const { db } = o
  type InFlight = { batch: Batch; answer: Promise<Answer> }
  let acked = Number((await readSetting(db, syncKey.ackedSeq)) ?? '0')
  let next = acked
  const window: InFlight[] = []
  const drain = async () => {
    const rest = window.splice(0)
    await Promise.allSettled(rest.map((f) => f.answer))
  }
  // Bounded: each round settles one batch.
  for (let round = 0; round < 100_000; round++) {
    while (window.length < PUSH_WINDOW) {
      const batch = await nextBatch(o, next)
      if (!batch) break
      const answer = o.transport.request('POST', '/v1/batches', JSON.stringify(batch))
      answer.catch(() => undefined) // awaited below, in order
      window.push({ batch, answer })
      next = batch.toSeq
    }
    const head = window.shift()
    if (!head) return
    let res: Answer
    try {
      res = await head.answer
    } catch (err) {
      await drain()
      throw err
    }
    if (res.status === 200) {
      const ack = batchAckSchema.parse(res.json)
      acked = Math.max(acked, ack.ackedSeq)
      await writeSetting(db, syncKey.ackedSeq, String(acked))
      continue
    }
    // Whatever else was in flight is settled before deciding; a stored one is acknowledged next time.
    await drain()
    const r = refusalSchema.safeParse(res.json)
    if (
      res.status === 409 &&
      r.success &&
      r.data.code === 'gap' &&
      r.data.expectedSeq !== undefined
    ) {
      const resendFrom = Math.max(0, r.data.expectedSeq - 1)
      if (resendFrom < acked) {
        // The server lacks events we thought it had (it was restored from a backup): resend them.
        acked = resendFrom
        await writeSetting(db, syncKey.ackedSeq, String(acked))
      } else if (head.batch.fromSeq === acked + 1) {
        // The first unacknowledged batch cannot leave a gap: the server contradicts itself.
        throw refused(res.json, res.status)
      }
      next = acked
      continue
    }
    throw refused(res.json, res.status)
  }
}
