import { z } from 'zod'
import { CHANNELS, KINDS } from './domain'
import { consoleCaseFilterSchema, isoDay, isoMonth, stationCodeParam } from './console'
import { EXPORT_FORMATS, EXPORT_VARIANTS, RAPOR_APART, RAPOR_BUCKETS } from './rapor'

// The console's reports: the combined rapor, the policy insight and the export
// jobs, as zod schemas the server validates and serialises with and the console
// UI imports for its types.

const count = z.int().min(0)
const pct = z.number().nullable()

/** A slice of the rapor: by station, months of receipt, category, agency, channel and kind. */
export const consoleRaporQuerySchema = z.strictObject({
  station: stationCodeParam.optional(),
  fromMonth: isoMonth.optional(),
  toMonth: isoMonth.optional(),
  category: z.string().min(1).max(100).optional(),
  agency: z.string().min(1).max(64).optional(),
  channel: z.enum(CHANNELS).optional(),
  kind: z.enum(KINDS).optional(),
})
export type ConsoleRaporQuery = z.infer<typeof consoleRaporQuerySchema>

/** The report card's figures (shared/rapor.ts `Rapor`). */
export const raporSchema = z.strictObject({
  buckets: z.strictObject(
    Object.fromEntries(RAPOR_BUCKETS.map((b) => [b, count])) as Record<
      (typeof RAPOR_BUCKETS)[number],
      typeof count
    >,
  ),
  waitingForComplainant: count,
  apart: z.strictObject(
    Object.fromEntries(RAPOR_APART.map((b) => [b, count])) as Record<
      (typeof RAPOR_APART)[number],
      typeof count
    >,
  ),
  total: count,
  completionPct: pct,
  avgCalendarDays: pct,
  avgWorkingDays: pct,
  withinDeadlinePct: pct,
  completedWithin: count,
  completedLate: count,
  openLate: count,
  openRunning: count,
})

/** One bar of a series: its buckets, the cases apart, and the filter that lists its cases. */
export const raporPointSchema = z.strictObject({
  key: z.string(),
  /** A station's or agency's words for the key, where the centre knows them. */
  label: z.string().nullable(),
  buckets: raporSchema.shape.buckets,
  apart: count,
  cases: consoleCaseFilterSchema,
})
export type RaporPoint = z.infer<typeof raporPointSchema>

export const consoleRaporSchema = z.strictObject({
  /** The centre's today (WIB); each case's lateness is judged by its own zone's today. */
  today: isoDay,
  filter: consoleRaporQuerySchema,
  rapor: raporSchema,
  months: z.array(
    z.strictObject({
      month: isoMonth,
      total: count,
      selesai: count,
      withinDeadlinePct: pct,
      cases: consoleCaseFilterSchema,
    }),
  ),
  byStation: z.array(raporPointSchema),
  byCategory: z.array(raporPointSchema),
  byAgency: z.array(raporPointSchema),
  /** Values present in the data, for the slice pickers. */
  options: z.strictObject({
    months: z.array(isoMonth),
    stations: z.array(z.strictObject({ code: z.string(), label: z.string().nullable() })),
    categories: z.array(z.string()),
    agencies: z.array(z.string()),
  }),
})
export type ConsoleRapor = z.infer<typeof consoleRaporSchema>

// ---------------------------------------------------------------------------
// Policy insight

export const insightQuerySchema = z.strictObject({
  station: stationCodeParam.optional(),
  fromMonth: isoMonth.optional(),
  toMonth: isoMonth.optional(),
  /** How many figures each list holds. */
  limit: z.int().min(1).max(50).optional(),
  /** The fewest cases a word needs in the latest month to count as a rising topic. */
  minCount: z.int().min(1).max(10_000).optional(),
})
export type InsightQuery = z.infer<typeof insightQuerySchema>

export const insightFigureSchema = z.strictObject({
  key: z.string(),
  cases: count,
  /** Open past the due day, or completed after it. */
  late: count,
  latePct: pct,
  /** The list of these cases. */
  filter: consoleCaseFilterSchema,
})
export type InsightFigure = z.infer<typeof insightFigureSchema>

export const risingTopicSchema = z.strictObject({
  word: z.string(),
  /** Non-confidential cases whose subject or description holds the word, per month of receipt. */
  months: z.array(z.strictObject({ month: isoMonth, cases: count })),
  current: count,
  previous: count,
  /** current − previous. */
  growth: z.int(),
  filter: consoleCaseFilterSchema,
})
export type RisingTopic = z.infer<typeof risingTopicSchema>

export const consoleInsightSchema = z.strictObject({
  fromMonth: isoMonth,
  toMonth: isoMonth,
  today: isoDay,
  categories: z.strictObject({
    byVolume: z.array(insightFigureSchema),
    byLateness: z.array(insightFigureSchema),
  }),
  agencies: z.strictObject({
    byVolume: z.array(insightFigureSchema),
    byLateness: z.array(insightFigureSchema),
  }),
  risingTopics: z.array(risingTopicSchema),
  minCount: count,
  /** Where the stop words came from. */
  stopWords: z.string(),
})
export type ConsoleInsight = z.infer<typeof consoleInsightSchema>

// ---------------------------------------------------------------------------
// Exports

export const consoleExportFilterSchema = consoleRaporQuerySchema

export const consoleExportStartSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  variant: z.enum(EXPORT_VARIANTS),
  filter: consoleExportFilterSchema,
})
export type ConsoleExportStart = z.infer<typeof consoleExportStartSchema>

export const consoleExportJobSchema = z.strictObject({
  id: z.string(),
  format: z.enum(EXPORT_FORMATS),
  variant: z.enum(EXPORT_VARIANTS),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** Cases written so far, of total (a PDF counts as one). */
  done: count,
  total: count,
  fileName: z.string(),
  size: count,
})
export type ConsoleExportJob = z.infer<typeof consoleExportJobSchema>
export const exportParams = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
})

/** A day range as a case filter, from a month range. */
export function monthsAsDays(
  fromMonth: string | undefined,
  toMonth: string | undefined,
): { from?: string; to?: string } {
  const last = (m: string) => {
    const [y, mo] = m.split('-').map(Number) as [number, number]
    return new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10)
  }
  return {
    ...(fromMonth ? { from: `${fromMonth}-01` } : {}),
    ...(toMonth ? { to: last(toMonth) } : {}),
  }
}
