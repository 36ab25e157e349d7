import { execFile } from 'node:child_process'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditReport, CreatedCase } from '../../src/shared/api'
import { auditDatabase } from '../../src/core/audit'
import { openDatabase } from '../../src/core/db'
import { openStation, type Station } from '../../src/core/station'
import { tempDir, validIntake } from '../helpers'
import { as } from '../support/actors'
import { TEST_KEYS, TEST_PASSPHRASE } from '../support/keys'
import { bindCipher, cipherOf } from '../../src/core/crypto/dataKey'

const MARKER = 'Zqxjembatanrusakzqx'

describe('the audit check', () => {
  const dir = tempDir()
  let station: Station
  let stationId: string
  const call = async <T>(method: string, input: unknown) => {
    const r = await station.dispatch(method, input, as(method))
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.result as T
  }

  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: join(dir.path, 'live'),
      autoSync: false,
      now: () => new Date('2026-11-02T02:00:00Z'),
    })
    stationId = (await station.db('settings').where({ key: 'stationId' }).first()).value
    for (let i = 0; i < 12; i++) {
      const c = await call<CreatedCase>(
        'case.create',
        validIntake({ subject: `Kasus ${i} ${MARKER}` }),
      )
      if (i % 3 === 0) {
        await call('case.transition', {
          caseId: c.id,
          transition: 'archive',
          day: '2026-11-02',
          reason: 'Terlalu umum.',
        })
      }
    }
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('passes on an untouched station, through the API and the command', async () => {
    const r = await call<AuditReport>('audit.verify', {})
    expect(r.ok).toBe(true)
    expect(r.chain.events).toBe(16)
    const denied = await station.dispatch('audit.verify', {}, { transport: 'test' })
    expect(!denied.ok && denied.error.code).toBe('unauthenticated')
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/verify.ts', '--data', join(dir.path, 'live')],
      { env: { ...process.env, LOKET_DATA_PASSPHRASE: TEST_PASSPHRASE } },
    )
    expect(stdout).toContain('OK    rantai hash / hash chain (16 peristiwa / events)')
  })

  it('reports a changed event, a removed event and a changed case row', async () => {
    const copy = join(dir.path, 'copy.sqlite')
    await station.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
    copyFileSync(join(dir.path, 'live', 'loket.sqlite'), copy)
    const db = openDatabase(copy)
    bindCipher(db, cipherOf(station.db))
    try {
      await db('events').where({ seq: 5 }).update({ actor: 'orang-lain' })
      let r = await auditDatabase(db, stationId)
      expect(r.ok).toBe(false)
      expect(r.chain.problems).toEqual([expect.objectContaining({ seq: 5, problem: 'hash' })])

      await db('events').where({ seq: 7 }).delete()
      r = await auditDatabase(db, stationId)
      expect(r.chain.problems).toContainEqual(expect.objectContaining({ seq: 8, problem: 'gap' }))

      const some = await db('cases').first('id')
      await db('cases').where({ id: some.id }).update({ status: 'selesai' })
      r = await auditDatabase(db, stationId)
      expect(r.projections.ok).toBe(false)
      expect(r.projections.differences.join(' ')).toContain(some.id)
      // The check rolled its rebuild back: the tampered row is still there to be seen.
      expect((await db('cases').where({ id: some.id }).first('status')).status).toBe('selesai')
    } finally {
      await db.destroy()
    }
  })

  it('detects one changed byte wherever the text lies in the file', async () => {
    await station.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')
    const original = readFileSync(join(dir.path, 'live', 'loket.sqlite'))
    const needle = Buffer.from(MARKER)
    const offsets: number[] = []
    for (let at = original.indexOf(needle); at >= 0; at = original.indexOf(needle, at + 1)) {
      offsets.push(at)
    }
    // In the cases rows (12) and the search index; the events' payloads are sealed,
    // so the text is not readable there. secure_delete leaves no stale copies in
    // free space, so each of these bytes is live data.
    expect(offsets.length).toBeGreaterThanOrEqual(12)
    // A byte changed inside a sealed payload is found too: it no longer opens.
    const sealed = (await station.db('events').where({ seq: 3 }).first('payload')).payload as string
    const inFile = original.indexOf(Buffer.from(sealed))
    expect(inFile).toBeGreaterThan(0)
    offsets.push(inFile + 20)
    let detected = 0
    for (const [n, at] of offsets.entries()) {
      const bytes = Buffer.from(original)
      bytes[at + 4] = bytes[at + 4]! ^ 0x01
      const file = join(dir.path, `flip-${n}.sqlite`)
      writeFileSync(file, bytes)
      const db = openDatabase(file)
      bindCipher(db, cipherOf(station.db))
      try {
        const r = await auditDatabase(db, stationId).catch(() => ({ ok: false }))
        if (!r.ok) detected++
      } finally {
        await db.destroy()
      }
    }
    expect(detected).toBe(offsets.length)
  })
})
