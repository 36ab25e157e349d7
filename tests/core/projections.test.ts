import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { CreatedCase, StoredAttachment } from '../../src/shared/api'
import { CHANNELS, KINDS } from '../../src/shared/domain'
import { GENESIS_HASH } from '../../src/shared/events'
import { hashEvent, rowToEvent, type EventRow } from '../../src/core/eventLog'
import { rebuildProjections } from '../../src/core/projections'
import { openStation, type Station } from '../../src/core/station'
import { PNG_1X1, tempDir, validIntake, grantAuthorityKey } from '../helpers'
import { as } from '../support/actors'
import { TEST_KEYS } from '../support/keys'
import { cipherOf } from '../../src/core/crypto/dataKey'

const hasControlChars = (s: string) =>
  [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)

async function snapshot(station: Station) {
  const cases = await station
    .db('cases')
    .orderBy('id')
    .select(
      'id',
      'tracking_number',
      'station_id',
      'status',
      'channel',
      'kind',
      'received_at',
      'subject',
      'description',
      'complainant',
      'anonymous',
      'confidential',
      'attachments_count',
      'updated_at',
    )
  const links = await station.db('case_attachments').orderBy(['case_id', 'sha256'])
  const fts = await station.db.raw(
    `SELECT c.id FROM cases_fts JOIN cases c ON c.pk = cases_fts.rowid WHERE cases_fts MATCH '"desa"*' ORDER BY c.id`,
  )
  return { cases, links, fts }
}

describe('projections', () => {
  const dir = tempDir()
  let station: Station
  beforeAll(async () => {
    station = await openStation({ keys: TEST_KEYS, dataDir: dir.path })
    await grantAuthorityKey(station.db)
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('a rebuild from the log equals the incremental result', async () => {
    const put = await station.dispatch(
      'attachment.put',
      { name: 'f.png', kind: 'photo', contentBase64: PNG_1X1.toString('base64') },
      as('attachment.put', 'auditor'),
    )
    const sha = put.ok ? (put.result as StoredAttachment).sha256 : ''
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNELS),
        fc.constantFrom(...KINDS),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc
          .string({ minLength: 1, maxLength: 40 })
          .filter((s) => s.trim().length > 0 && !hasControlChars(s)),
        async (channel, kind, anonymous, confidential, withAttachment, subject) => {
          const res = await station.dispatch(
            'case.create',
            validIntake({
              channel,
              kind,
              anonymous,
              confidential,
              subject,
              attachments: withAttachment ? [{ sha256: sha, kind: 'photo', name: 'foto' }] : [],
            }),
            as('case.create', 'auditor'),
          )
          expect(res.ok).toBe(true)
          return (res as { result: CreatedCase }).result.id.length > 0
        },
      ),
      { numRuns: 40 },
    )
    const incremental = await snapshot(station)
    expect(incremental.cases.length).toBe(40)
    const applied = await rebuildProjections(station.db, 7)
    expect(applied).toBe(
      ((await station.db('events').count({ n: '*' }).first()) as { n: number }).n,
    )
    expect(await snapshot(station)).toEqual(incremental)
  })

  it('chains each event to the previous one by hash', async () => {
    const rows = (await station.db('events').orderBy('seq')) as EventRow[]
    expect(rows.length).toBeGreaterThan(1)
    let prev = GENESIS_HASH
    rows.forEach((row, i) => {
      const e = rowToEvent(row, cipherOf(station.db))
      expect(e.seq).toBe(i + 1)
      expect(e.prevHash).toBe(prev)
      const { hash, ...rest } = e
      expect(hashEvent(rest)).toBe(hash)
      prev = hash
    })
    const hlcs = rows.map((r) => r.hlc)
    expect([...hlcs].sort()).toEqual(hlcs)
    expect(new Set(hlcs).size).toBe(hlcs.length)
  })
})
