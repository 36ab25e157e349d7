import type { CaseStatus, Channel, Kind } from '../../shared/domain'

/**
 * A slice of the cases, as the pickers hold it: '' (or nothing, once a picker
 * is cleared) means all. The period is days (YYYY-MM-DD) or months (YYYY-MM).
 */
export type Slice = Partial<{
  status: CaseStatus | ''
  channel: Channel | ''
  kind: Kind | ''
  agency: string
  category: string
  from: string | null
  to: string | null
}>

/** The pickers a screen shows, in its order; `period` is the pair from–to. */
export type SlicePicker = 'status' | 'period' | 'agency' | 'category' | 'channel' | 'kind'
