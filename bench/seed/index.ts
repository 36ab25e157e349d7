// Seeds a station with N realistic cases, written as the station itself would
// have written them: every case has its hash-chained `case.received` event, and
// cases that were handled have their screening and lifecycle events too, so the
// statuses are a desk's real mix and `rebuildProjections` gives back the same
// projection rows. Rows are generated in chunks by a deterministic generator
// (the benchmark generates the same rows again as CSV for the sqlite3 tool),
// loaded chunk by chunk (one INSERT … SELECT FROM json_each(?) per table and
// chunk, written while the next chunk is generated) in one transaction, with the
// FTS triggers set aside and the index rebuilt once at the end.
//
// random.ts     the seeded generator of numbers and ids
// words.ts      places, people, time words, openings and closings, mixes
// topics.ts     what complaints are about, with their subjects and sentences
// text.ts       subjects and descriptions written from those words
// rows.ts       the columns of the generated rows, and the options
// stepQueue.ts  the screening and status steps still to come, by time
// generator.ts  CaseGenerator: the cases and their events, chunk by chunk
// intake.ts     an intake form as a clerk submits it
// load.ts       seedCases: the chunks written into a station's database

export { mulberry32, type Rng } from './random'
export { COMMON_WORDS, RARE_WORDS, TWO_WORD_QUERIES } from './words'
export {
  CASE_COLUMNS,
  EVENT_COLUMNS,
  PAUSE_COLUMNS,
  type SeedChunk,
  type SeedOptions,
  type SqlValue,
} from './rows'
export { CaseGenerator } from './generator'
export { sampleIntake } from './intake'
export { seedCases } from './load'
