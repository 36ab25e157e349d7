import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedCase } from '../../src/shared/api'
import type { ExportChunk, ExportJob, RaporView } from '../../src/shared/rapor'
import { openStation, type Station } from '../../src/core/station'
import { TestClock, tempDir, validIntake, grantAuthorityKey } from '../helpers'
import { as } from '../support/actors'
import { pdfText } from '../support/pdf'
import { TEST_KEYS } from '../support/keys'

const clock = new TestClock(new Date(2026, 9, 1, 9, 0)) // Thursday 1 Oct 2026

async function call<R>(station: Station, method: string, input: unknown): Promise<R> {
  // A step is recorded on its own day: the clock moves there first (never back).
  clock.reachStep(method, input)
  const res = await station.dispatch(method, input, as(method, 'koordinator'))
  if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`)
  return res.result as R
}

const SECRET_NAME = 'Rahasiawati Anonim'
const SECRET_NIK = '3171014101900002'

describe('rapor and exports on a station', () => {
  const dir = tempDir()
  let station: Station
  const ids: Record<string, string> = {}

  async function intake(name: string, overrides: Parameters<typeof validIntake>[0] = {}) {
    const c = await call<CreatedCase>(station, 'case.create', validIntake(overrides))
    ids[name] = c.id
    return c.id
  }
  const screen = (caseId: string, day: string, agencyCode = 'DPUPR') =>
    call(station, 'case.screen', {
      caseId,
      day,
      checklist: { what: true, who: true, where: true, when: true, why: true, how: true },
      withinAuthority: true,
      agencyCode,
      supervisory: false,
      directlyExperienced: true,
      evidencePresent: true,
      relatedCaseIds: [],
      conclusion: 'cukup',
      reasoning: 'Cukup.',
    })
  const move = (caseId: string, transition: string, day: string, extra: object = {}) =>
    call(station, 'case.transition', { caseId, transition, day, ...extra })

  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      now: clock.now,
      log: () => {},
    })
    await grantAuthorityKey(station.db)
    // Four cases received Thu 1 Oct 2026 (tier after screening: 14 working days → due Wed 21 Oct).
    const a = await intake('doneOnTime')
    const b = await intake('doneLate', { channel: 'whatsapp', category: 'Kesehatan' })
    const c = await intake('forwarded', {
      anonymous: true,
      confidential: true,
      complainant: {
        name: SECRET_NAME,
        nik: SECRET_NIK,
        phone: '0813-1111-2222',
        directlyAffected: true,
      },
    })
    const d = await intake('waiting', { kind: 'aspirasi' })
    const e = await intake('archived')
    for (const id of [a, b, c]) await screen(id, '2026-10-02')
    await screen(b, '2026-10-02', 'DINKES')
    await move(a, 'startFollowUp', '2026-10-05')
    await move(a, 'complete', '2026-10-20')
    await move(b, 'startFollowUp', '2026-10-05')
    await move(b, 'complete', '2026-10-26')
    await move(c, 'forward', '2026-10-05', { agencyCode: 'ORI' })
    await move(d, 'requestCompletion', '2026-10-02', { reason: 'Kronologi belum ada.' })
    await move(e, 'archive', '2026-10-02', { reason: 'Terlalu umum.' })
    clock.set(new Date(2026, 10, 2, 9, 0)) // Mon 2 Nov 2026
    // One open case received in November, past nothing yet.
    await intake('open')
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('computes the report card from the cases, with the definitions applied', async () => {
    const view = await call<RaporView>(station, 'rapor.get', { filter: {} })
    const r = view.rapor
    expect(r.buckets).toEqual({
      selesai: 2,
      proses: 0,
      belum_ditindaklanjuti: 0,
      belum_terverifikasi: 2, // the new one and the one waiting for the complainant
    })
    expect(r.waitingForComplainant).toBe(1)
    expect(r.apart).toEqual({ diteruskan: 1, diarsipkan: 1 })
    expect(r.total).toBe(4)
    expect(r.completionPct).toBe(50)
    // 1 → 20 Oct is 19 calendar days, 1 → 26 Oct is 25: average 22.
    expect(r.avgCalendarDays).toBe(22)
    // Working days: 13 (2–20 Oct) and 17 (2–26 Oct): average 15.
    expect(r.avgWorkingDays).toBe(15)
    expect(r.completedWithin).toBe(1)
    expect(r.completedLate).toBe(1)
    expect(r.openRunning).toBe(1)
    expect(r.withinDeadlinePct).toBe(50)
    expect(view.months.map((m) => m.month)).toEqual(['2026-10', '2026-11'])
    expect(view.byAgency.find((p) => p.key === 'DINKES')?.buckets.selesai).toBe(1)
  })

  it('slices by channel, category, agency, kind and period', async () => {
    const get = async (filter: object) =>
      (await call<RaporView>(station, 'rapor.get', { filter })).rapor
    expect((await get({ channel: 'whatsapp' })).total).toBe(1)
    expect((await get({ category: 'Kesehatan' })).buckets.selesai).toBe(1)
    expect((await get({ agency: 'ORI' })).apart.diteruskan).toBe(1)
    expect((await get({ kind: 'aspirasi' })).waitingForComplainant).toBe(1)
    expect((await get({ fromMonth: '2026-11', toMonth: '2026-11' })).total).toBe(1)
    expect((await get({ agency: 'TIDAK_ADA' })).total).toBe(0)
    // The case list follows the same slice (where the charts lead).
    const list = await call<{ items: Array<{ id: string }> }>(station, 'case.list', {
      category: 'Kesehatan',
      agency: 'DINKES',
    })
    expect(list.items.map((i) => i.id)).toEqual([ids.doneLate])
  })

  it('follows new events and a holiday edit', async () => {
    await move(ids.open as string, 'archive', '2026-11-02', { reason: 'Bukan pengaduan.' })
    let r = (await call<RaporView>(station, 'rapor.get', { filter: {} })).rapor
    expect(r.apart.diarsipkan).toBe(2)
    expect(r.total).toBe(3)
    // A new local holiday on Tue 20 Oct takes one working day off both completed cases'
    // follow-up time (13 → 12 and 17 → 16) and moves their due day to Thu 22 Oct.
    await call(station, 'holiday.save', { day: '2026-10-20', name: 'Libur daerah', kind: 'local' })
    r = (await call<RaporView>(station, 'rapor.get', { filter: {} })).rapor
    expect(r.avgWorkingDays).toBe(14)
    expect(r.completedWithin).toBe(1)
    await call(station, 'holiday.delete', { day: '2026-10-20' })
  })

  it('gives the same figures after a full rebuild as after incremental refreshes', async () => {
    const before = await call<RaporView>(station, 'rapor.get', { filter: {} })
    await station.db('settings').where({ key: 'rapor.state' }).delete()
    const after = await call<RaporView>(station, 'rapor.get', { filter: {} })
    expect(after.rapor).toEqual(before.rapor)
    expect(after.months).toEqual(before.months)
    expect(after.byAgency).toEqual(before.byAgency)
    expect(after.byCategory).toEqual(before.byCategory)
  })

  it('refuses a bad slice and changes nothing', async () => {
    const res = await station.dispatch(
      'rapor.get',
      { filter: { fromMonth: '2026-12', toMonth: '2026-01' } },
      as('rapor.get', 'koordinator'),
    )
    expect(res.ok).toBe(false)
    if (!res.ok) {
      expect(res.error.code).toBe('invalid_input')
      expect(res.error.issues?.[0]?.message).toBe('validation.monthOrder')
    }
  })

  async function exportFile(
    format: string,
    variant: string,
  ): Promise<{ job: ExportJob; path: string }> {
    const job = await call<ExportJob>(station, 'export.start', { format, variant, filter: {} })
    const done = await station.exports.settled(job.id)
    expect(done.state).toBe('done')
    const stored = station.exports.filePath(job.id)
    expect(existsSync(stored)).toBe(true)
    // Fetch it the way the window does, piece by piece.
    const parts: Buffer[] = []
    for (let offset = 0; ;) {
      const chunk = await call<ExportChunk>(station, 'export.chunk', { jobId: job.id, offset })
      parts.push(Buffer.from(chunk.dataBase64, 'base64'))
      offset += parts.at(-1)?.length ?? 0
      if (offset >= chunk.size) break
    }
    const path = join(dir.path, done.fileName)
    writeFileSync(path, Buffer.concat(parts))
    expect(Buffer.concat(parts).length).toBe(done.size)
    // An internal file holds personal data in the clear: once handed over it
    // leaves the data folder, and asking for it again finds nothing.
    expect(existsSync(stored)).toBe(variant !== 'internal')
    if (variant === 'internal') {
      const again = await station.dispatch(
        'export.chunk',
        { jobId: job.id, offset: 0 },
        as('export.chunk'),
      )
      expect(!again.ok && again.error.code).toBe('not_found')
    }
    return { job: done, path }
  }

  function parseCsv(text: string): string[][] {
    const rows: string[][] = []
    let row: string[] = []
    let field = ''
    let quoted = false
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          field += '"'
          i++
        } else if (ch === '"') quoted = false
        else field += ch
      } else if (ch === '"') quoted = true
      else if (ch === ',') {
        row.push(field)
        field = ''
      } else if (ch === '\n') {
        row.push(field.replace(/\r$/, ''))
        rows.push(row)
        row = []
        field = ''
      } else field += ch
    }
    if (field || row.length) rows.push([...row, field])
    return rows
  }

  it('exports CSV: the internal variant has personal data, never an anonymous identity', async () => {
    const { job, path } = await exportFile('csv', 'internal')
    expect(job.fileName).toMatch(/^pengaduan-internal-\d{4}-\d{2}-\d{2}\.csv$/)
    const text = readFileSync(path, 'utf8').replace(/^\ufeff/, '')
    const rows = parseCsv(text)
    expect(rows[0]?.[0]).toBe('Varian')
    expect(rows[0]?.[1]).toContain('INTERNAL')
    const header = rows[3] as string[]
    const data = rows.slice(4)
    expect(data).toHaveLength(6)
    const col = (name: string) => header.indexOf(name)
    expect(col('NIK pelapor')).toBeGreaterThan(0)
    const names = data.map((r) => r[col('Nama pelapor')])
    expect(names.filter((n) => n === 'Budi Santoso')).toHaveLength(5)
    expect(text).not.toContain(SECRET_NAME)
    expect(text).not.toContain(SECRET_NIK)
    const late = data.find((r) => r[col('Selesai dalam tenggat')] === 'tidak')
    expect(late?.[col('Waktu tindak lanjut (hari kalender)')]).toBe('25')
  })

  it('exports CSV, public variant: no confidential case, no personal data', async () => {
    const { job, path } = await exportFile('csv', 'public')
    expect(job.fileName).toContain('publik')
    const text = readFileSync(path, 'utf8')
    const rows = parseCsv(text.replace(/^\ufeff/, ''))
    expect(rows[0]?.[1]).toContain('PUBLIK')
    const header = rows[3] as string[]
    expect(header).not.toContain('Nama pelapor')
    expect(header).not.toContain('NIK pelapor')
    expect(header).not.toContain('Uraian')
    expect(rows.slice(4)).toHaveLength(5) // the confidential forwarded case is left out
    for (const secret of ['Budi Santoso', '3171011501900001', '0812-3456-7890', 'budi@contoh.id']) {
      expect(text).not.toContain(secret)
    }
    expect(text).not.toContain('Jl. Merdeka')
  })

  it('exports XLSX that reads back with its variant and rows', async () => {
    for (const variant of ['internal', 'public'] as const) {
      const { path } = await exportFile('xlsx', variant)
      const book = new ExcelJS.Workbook()
      await book.xlsx.readFile(path)
      const info = book.getWorksheet('Keterangan')
      expect(info?.getRow(1).getCell(2).value).toBe(variant === 'public' ? 'publik' : 'internal')
      const sheet = book.getWorksheet('Pengaduan')
      const header = (sheet?.getRow(1).values as unknown[]).slice(1)
      expect(sheet?.actualRowCount).toBe(variant === 'public' ? 6 : 7)
      const all = JSON.stringify(sheet?.getSheetValues().map((r) => (Array.isArray(r) ? r : [])))
      expect(all).not.toContain(SECRET_NAME)
      if (variant === 'public') {
        expect(header).not.toContain('NIK pelapor')
        expect(all).not.toContain('Budi Santoso')
      } else {
        expect(header).toContain('NIK pelapor')
        expect(all).toContain('3171011501900001')
      }
    }
  })

  it('exports the rapor as a PDF with its figures and definitions', async () => {
    const { path } = await exportFile('pdf', 'public')
    const text = (await pdfText(readFileSync(path))).replace(/\s+/g, ' ')
    expect(text).toContain('Rapor Pengaduan Masyarakat')
    expect(text).toContain('Varian: PUBLIK')
    // The public variant leaves the confidential (forwarded) case out of the figures.
    expect(text).toMatch(/Diteruskan \(terpisah\) 0/)
    expect(text).toMatch(/Persentase penyelesaian 66,7%/)
    expect(text).toContain('Definisi')
    expect(text).toContain('menunggu kelengkapan')
    const internal = await exportFile('pdf', 'internal')
    const t2 = await pdfText(readFileSync(internal.path))
    expect(t2.replace(/\s+/g, ' ')).toMatch(/Diteruskan \(terpisah\) 1/)
  })

  it('cancels a running export and refuses the file', async () => {
    const job = await call<ExportJob>(station, 'export.start', {
      format: 'xlsx',
      variant: 'internal',
      filter: {},
    })
    await call(station, 'export.cancel', { jobId: job.id })
    const end = await station.exports.settled(job.id)
    expect(end.state).toBe('cancelled')
    const res = await station.dispatch(
      'export.chunk',
      { jobId: job.id, offset: 0 },
      as('export.chunk', 'koordinator'),
    )
    expect(res.ok).toBe(false)
    const bad = await station.dispatch(
      'export.start',
      { format: 'doc', variant: 'public', filter: {} },
      as('export.start', 'koordinator'),
    )
    expect(bad.ok).toBe(false)
  })
})
