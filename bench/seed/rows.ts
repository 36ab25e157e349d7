import { EVENT_COLUMNS } from '../../src/core/eventLog'
import type { StationZone } from '../../src/shared/timeZone'

// The rows the generator returns, in the columns' order, and its options.

export type SqlValue = string | number | null

/** Column order of the rows the generator returns (events: the station's own order). */
export { EVENT_COLUMNS }
export const CASE_COLUMNS = [
  'id',
  'tracking_number',
  'station_id',
  'status',
  'channel',
  'kind',
  'received_at',
  'received_by',
  'subject',
  'description',
  'category',
  'location',
  'incident_date',
  'reported_agency',
  'reported_person',
  'reported_position',
  'complainant',
  'complainant_nik_ix',
  'complainant_phone_ix',
  'anonymous',
  'confidential',
  'attachments_count',
  'updated_at',
  'status_day',
  'screening_conclusion',
  'within_authority',
  'supervisory',
  'agency_code',
  'last_response_day',
  'assignee',
  'time_zone',
] as const
export const PAUSE_COLUMNS = ['case_id', 'from_day', 'to_day'] as const

export interface SeedOptions {
  count: number
  stationId: string
  stationCode: string
  /** The station's zone, in which its days are counted (default WIB). */
  timeZone?: StationZone
  seed?: number
  onProgress?: (done: number) => void
  /** End of the period the cases were received in; default now. */
  until?: Date
  /** Length of that period in days; default three years. */
  spanDays?: number
  /** Cases per generated chunk; default 500. */
  chunkSize?: number
}

export interface SeedChunk {
  /** Cases generated so far, this chunk's included. */
  done: number
  cases: SqlValue[][]
  events: SqlValue[][]
  pauses: SqlValue[][]
}
