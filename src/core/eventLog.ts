import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { canonicalJson } from '../shared/canonicalJson'
import type { EventType } from '../shared/domain'
import {
  GENESIS_HASH,
  eventHashInput,
  storedEvent,
  type EventPayloads,
  type StoredEvent,
} from '../shared/events'
import { HLC_ZERO, formatHlc, parseHlc, receive, tick, type Hlc } from '../shared/hlc'
import type { Db } from './db'
import { uuidv7 } from './ids'
import { aad } from './atRest'
import { cipherOf, type DataCipher } from './crypto/dataKey'

export interface EventRow {
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

/** The events table's columns, in the order bulk inserts give them. */
export const EVENT_COLUMNS = [
  'id',
  'station_id',
  'seq',
  'case_id',
  'type',
  'payload',
  'actor',
  'hlc',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof EventRow)[]

/** An event as read from the table: its payload is opened with the station's data key. */
export function rowToEvent(r: EventRow, cipher: DataCipher): StoredEvent {
  return storedEvent({
    id: r.id,
    stationId: r.station_id,
    seq: r.seq,
    caseId: r.case_id,
    type: r.type as EventType,
    payload: JSON.parse(cipher.open(r.payload, aad.event(r.id))) as unknown,
    actor: r.actor,
    hlc: r.hlc,
    prevHash: r.prev_hash,
    hash: r.hash,
  })
}

export function hashEvent(e: Omit<StoredEvent, 'hash'>): string {
  return createHash('sha256')
    .update(canonicalJson(eventHashInput(e)))
    .digest('hex')
}

export interface NewEvent<T extends EventType> {
  caseId: string
  type: T
  payload: EventPayloads[T]
  actor: string
}

/** Brings the projections up to date with one appended event, in its transaction. */
export type Projector = (trx: Knex.Transaction, event: StoredEvent) => Promise<void>

/**
 * The station's append-only log. Appending writes the event and updates the
 * projections in the caller's transaction, so both commit or neither does.
 * The projections are handed in (`applyEvent`, by openStation) because they
 * read the log's rows themselves.
 */
export class EventLog {
  private lastHlc: Hlc

  private constructor(
    readonly stationId: string,
    lastHlc: Hlc,
    private readonly project: Projector,
    private readonly clock: () => number,
  ) {
    this.lastHlc = lastHlc
  }

  static async open(
    db: Db,
    stationId: string,
    project: Projector,
    clock: () => number = Date.now,
  ): Promise<EventLog> {
    const row = (await db('events').max({ hlc: 'hlc' }).first()) as
      { hlc: string | null } | undefined
    return new EventLog(stationId, row?.hlc ? parseHlc(row.hlc) : HLC_ZERO, project, clock)
  }

  async append<T extends EventType>(
    trx: Knex.Transaction,
    e: NewEvent<T>,
  ): Promise<StoredEvent<T>> {
    const last = (await trx('events')
      .where({ station_id: this.stationId })
      .orderBy('seq', 'desc')
      .first('seq', 'hash')) as { seq: number; hash: string } | undefined
    const now = this.clock()
    const hlc = tick(this.lastHlc, now)
    const base = {
      id: uuidv7(now),
      stationId: this.stationId,
      seq: (last?.seq ?? 0) + 1,
      caseId: e.caseId,
      type: e.type,
      payload: e.payload,
      actor: e.actor,
      hlc: formatHlc(hlc, this.stationId),
      prevHash: last?.hash ?? GENESIS_HASH,
    }
    const event = { ...base, hash: hashEvent(base) } as StoredEvent<T>
    await trx('events').insert({
      id: event.id,
      station_id: event.stationId,
      seq: event.seq,
      case_id: event.caseId,
      type: event.type,
      payload: cipherOf(trx).seal(canonicalJson(event.payload), aad.event(event.id)),
      actor: event.actor,
      hlc: event.hlc,
      prev_hash: event.prevHash,
      hash: event.hash,
    })
    await this.project(trx, event as StoredEvent)
    // Only advance the clock once the write is in the transaction; a rollback
    // leaves a harmless gap in clock values, never a repeated one.
    this.lastHlc = hlc
    return event
  }

  /** Moves the clock past a time seen in another writer's event, so what follows orders after it. */
  observe(remote: Hlc): void {
    this.lastHlc = receive(this.lastHlc, remote, this.clock())
  }

  async eventsForCase(db: Db | Knex.Transaction, caseId: string): Promise<StoredEvent[]> {
    const rows = (await db('events')
      .where({ case_id: caseId })
      .orderBy(['hlc', 'id'])) as EventRow[]
    const cipher = cipherOf(db)
    return rows.map((r) => rowToEvent(r, cipher))
  }
}
