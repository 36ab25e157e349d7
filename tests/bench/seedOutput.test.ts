import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CaseGenerator, mulberry32, sampleIntake } from '../../bench/seed'

// The seeder's output is pinned: the same options give the same bytes, so a
// benchmark run compares like with like. The hashes were taken from the
// generator as it was before bench/seed.ts was split into bench/seed/ (commit
// 7c85399); a change that alters the data on purpose updates them and says so.

const UNTIL = new Date('2026-06-30T04:00:00.000Z')

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex')
}

describe('the seed generator', () => {
  it('gives the same rows, chunk by chunk, for the same options', () => {
    const generator = new CaseGenerator({
      count: 1000,
      stationId: 'st-bench',
      stationCode: 'BNCH',
      timeZone: 'Asia/Makassar',
      seed: 7,
      until: UNTIL,
      spanDays: 400,
      chunkSize: 250,
    })
    const chunks = []
    for (let chunk = generator.nextChunk(); chunk; chunk = generator.nextChunk()) {
      chunks.push(digest(chunk))
    }
    expect(chunks).toHaveLength(4)
    expect({
      chunks,
      head: generator.head,
      events: generator.events,
      dayCounters: digest([...generator.dayCounters]),
    }).toEqual({
      chunks: [
        '513cb299d5a0f447de7ef6e06c5909f0cc4939f2f3261d633f524385cda6636b',
        '35545e32018dfcca5f15a3925e640d47981a6603998cd38aaaa183894ae009ee',
        'b2319290fce2971be09d8ca52c5a7fc7ad130352646bbc1798c684991dfdc407',
        '429bfa3148a58fbec1cb3c5c2f0c57d0437a251c1748294171bb205021ba8356',
      ],
      head: 'cfc82c4e1ca7022695ad6ff271901bd1708c28d93bad3150c36504769d307cdd',
      events: 4578,
      dayCounters: '1606da8f432b576998f26a3a9f6ac77ec544c3878d215a0e706f8dc22b89b449',
    })
  })

  it('gives the same intake forms for the same seed', () => {
    const rng = mulberry32(11)
    const forms = Array.from({ length: 20 }, () => sampleIntake(rng, UNTIL))
    expect(digest(forms)).toBe('c05097966a5a3507c67abfde3635069674c8f5fca126df0cbe8a366e8a5d6426')
  })
})
