import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  CaseDetail,
  CasePage,
  Category,
  CreatedCase,
  MappingResult,
  UnmappedTexts,
} from '../../src/shared/api'
import type { AuditReport } from '../../src/shared/api'
import type { ExportJob, RaporView } from '../../src/shared/rapor'
import { rebuildProjections } from '../../src/core/projections'
import { openStation, type Station } from '../../src/core/station'
import { TestClock, grantAuthorityKey, tempDir, validIntake, validScreening } from '../helpers'
import { as } from '../support/actors'
import { databaseFingerprint } from '../support/fingerprint'
import { openPayload, TEST_KEYS } from '../support/keys'

// Lists instead of free text: the category list and the agency directory at
// intake (codes in the events, names on screen), the handling agency at
// screening, and the once-only mapping of older free text.

const clock = new TestClock('2026-11-02T02:00:00Z') // Monday 2 Nov 2026, 09:00 WIB

describe('category list, directory codes and the mapping of free text', () => {
  const dir = tempDir()
  let station: Station

  async function dispatch(method: string, input: unknown) {
    clock.reachStep(method, input)
    return station.dispatch(method, input, as(method))
  }
  async function call<R>(method: string, input: unknown): Promise<R> {
    const res = await dispatch(method, input)
    if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`)
    return res.result as R
  }
  /** A refused call: its field messages by path, after proving it changed nothing. */
  async function refused(method: string, input: unknown): Promise<Record<string, string>> {
    const before = await databaseFingerprint(station.db)
    const res = await dispatch(method, input)
    expect(res.ok, method).toBe(false)
    expect(await databaseFingerprint(station.db)).toEqual(before)
    if (res.ok) return {}
    return Object.fromEntries((res.error.issues ?? []).map((i) => [i.path, i.message]))
  }
  const detail = (id: string) => call<CaseDetail>('case.get', { id })
  const rapor = () => call<RaporView>('rapor.get', { filter: {} })

  beforeAll(async () => {
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      now: clock.now,
      log: () => {},
    })
    await grantAuthorityKey(station.db)
  })
  afterAll(async () => {
    await station.close()
    dir.remove()
  })

  it('starts with a category list the admin extends and retires entries of', async () => {
    const list = await call<Category[]>('category.list', {})
    expect(list.length).toBeGreaterThanOrEqual(10)
    expect(list).toContainEqual({ code: 'INFRASTRUKTUR', name: 'Infrastruktur', active: true })
    await call('category.save', { code: 'AIR_BERSIH', name: 'Air Bersih', active: true })
    await call('category.save', { code: 'PUNGLI', name: 'Pungutan Liar', active: false })
    const now = await call<Category[]>('category.list', {})
    expect(now.map((c) => c.code)).toContain('AIR_BERSIH')
    expect(now.map((c) => c.code)).not.toContain('PUNGLI')
    const all = await call<Category[]>('category.list', { includeInactive: true })
    expect(all).toContainEqual({ code: 'PUNGLI', name: 'Pungutan Liar', active: false })

    const bad = await refused('category.save', { code: 'air bersih', name: 'X', active: true })
    expect(bad['code']).toBe('validation.categoryCode')
    expect(
      (await refused('category.save', { code: 'KOSONG', name: ' ', active: true }))['name'],
    ).toBeDefined()
  })

  it('stores the codes picked at intake and shows the names from the lists', async () => {
    const c = await call<CreatedCase>(
      'case.create',
      validIntake({
        subject: 'Air PDAM mati seminggu',
        category: undefined,
        categoryCode: 'AIR_BERSIH',
        reportedParty: { agencyCode: 'DPUPR', person: 'Kepala Bidang', position: 'Kabid' },
      }),
    )
    // The event carries the codes, not the names.
    const row = (await station.db('events').where({ case_id: c.id }).first()) as {
      id: string
      payload: string
    }
    expect(openPayload(station.db, row)).toMatchObject({
      category: null,
      categoryCode: 'AIR_BERSIH',
      reportedParty: { agency: null, agencyCode: 'DPUPR' },
    })
    const d = await detail(c.id)
    expect(d.categoryCode).toBe('AIR_BERSIH')
    expect(d.categoryName).toBe('Air Bersih')
    expect(d.category).toBeNull()
    expect(d.reportedParty).toMatchObject({
      agency: null,
      agencyCode: 'DPUPR',
      agencyName: 'Dinas Pekerjaan Umum dan Penataan Ruang',
    })
    // Found by the names of its entries, which the event does not carry.
    const byAgency = await call<CasePage>('case.list', { q: 'Penataan Ruang' })
    expect(byAgency.items.map((i) => i.id)).toContain(c.id)
    const byCategory = await call<CasePage>('case.list', { q: 'Bersih' })
    expect(byCategory.items.map((i) => i.id)).toContain(c.id)

    // A renamed entry is shown, and found, under its new name at once.
    await call('category.save', { code: 'AIR_BERSIH', name: 'Air Minum', active: true })
    expect((await detail(c.id)).categoryName).toBe('Air Minum')
    expect((await call<CasePage>('case.list', { q: 'Minum' })).items.map((i) => i.id)).toContain(
      c.id,
    )
    expect((await call<CasePage>('case.list', { q: 'Bersih' })).items).toEqual([])

    // The export (written in a worker thread) names the entries too, never their codes.
    const job = await call<ExportJob>('export.start', {
      format: 'csv',
      variant: 'public',
      filter: {},
    })
    expect((await station.exports.settled(job.id)).state).toBe('done')
    const line = readFileSync(station.exports.filePath(job.id), 'utf8')
      .split('\r\n')
      .find((l) => l.startsWith(c.trackingNumber))
    expect(line).toContain('Air Minum')
    expect(line).toContain('Dinas Pekerjaan Umum dan Penataan Ruang')
    expect(line).not.toContain('AIR_BERSIH')
    expect(line).not.toContain('DPUPR')
    expect((await call<AuditReport>('audit.verify', {})).ok).toBe(true)
  })

  it('keeps the text typed under "Lainnya" as it was', async () => {
    const c = await call<CreatedCase>(
      'case.create',
      validIntake({
        subject: 'Parkir liar di depan pasar',
        category: 'Perparkiran',
        reportedParty: { agency: 'Pengelola Pasar Sukajaya' },
      }),
    )
    const d = await detail(c.id)
    expect(d).toMatchObject({ category: 'Perparkiran', categoryCode: null })
    expect(d.categoryName).toBe('Perparkiran')
    expect(d.reportedParty).toMatchObject({
      agency: 'Pengelola Pasar Sukajaya',
      agencyCode: null,
      agencyName: 'Pengelola Pasar Sukajaya',
    })
  })

  it('refuses a code not on the list, a retired one, or a code and a text together', async () => {
    const unknown = await refused(
      'case.create',
      validIntake({ category: undefined, categoryCode: 'TIDAK_ADA' }),
    )
    expect(unknown['category']).toBe('validation.unknownCode')
    const retired = await refused(
      'case.create',
      validIntake({ category: undefined, categoryCode: 'PUNGLI' }),
    )
    expect(retired['category']).toBe('validation.unknownCode')
    const agency = await refused(
      'case.create',
      validIntake({ reportedParty: { agencyCode: 'DINAS_FIKTIF' } }),
    )
    expect(agency['reportedParty.agency']).toBe('validation.unknownCode')
    const both = await refused(
      'case.create',
      validIntake({ category: 'Infrastruktur', categoryCode: 'INFRASTRUKTUR' }),
    )
    expect(both['category']).toBe('validation.codeOrText')
    const bothAgency = await refused(
      'case.create',
      validIntake({ reportedParty: { agency: 'Dinas PU', agencyCode: 'DPUPR' } }),
    )
    expect(bothAgency['reportedParty.agency']).toBe('validation.codeOrText')
  })

  it('has the screening name the handling agency from the directory when it is not ours', async () => {
    const c = await call<CreatedCase>('case.create', validIntake({ subject: 'Sertifikat tanah' }))
    const none = await refused(
      'case.screen',
      validScreening(c.id, { day: '2026-11-03', withinAuthority: false }),
    )
    expect(none['agencyCode']).toBe('validation.agencyNotWithin')
    const unknown = await refused(
      'case.screen',
      validScreening(c.id, { day: '2026-11-03', withinAuthority: false, agencyCode: 'BPN_XX' }),
    )
    expect(unknown['agencyCode']).toBe('validation.unknownCode')
    await call(
      'case.screen',
      validScreening(c.id, { day: '2026-11-03', withinAuthority: false, agencyCode: 'PEMPROV' }),
    )
    // The handling agency (the rapor's "by agency"); forwarding stays its own
    // step, the ekspose's decision or the auditor's.
    expect(await station.db('cases').where({ id: c.id }).first('agency_code', 'status')).toEqual({
      agency_code: 'PEMPROV',
      status: 'belum_ditindaklanjuti',
    })
    const badForward = await refused('case.transition', {
      caseId: c.id,
      transition: 'forward',
      day: '2026-11-03',
      agencyCode: 'BPN_XX',
      reason: 'Bukan kewenangan.',
    })
    expect(badForward['agencyCode']).toBe('validation.unknownCode')
  })

  it('maps an older free text once, by an event per case, and the rapor names it', async () => {
    const older = [] as string[]
    for (const subject of ['Jalan berlubang', 'Jembatan putus']) {
      older.push(
        (
          await call<CreatedCase>(
            'case.create',
            validIntake({ subject, category: 'infrastruktur jalan' }),
          )
        ).id,
      )
    }
    const secret = await call<CreatedCase>(
      'case.create',
      validIntake({ subject: 'Rahasia', category: 'infrastruktur jalan', confidential: true }),
    )

    const unmapped = await call<UnmappedTexts>('mapping.unmapped', {})
    // The admin reads no confidential content: the confidential case is neither listed nor counted.
    expect(unmapped.category).toContainEqual({ text: 'infrastruktur jalan', cases: 2 })
    expect(unmapped.category).toContainEqual({ text: 'Perparkiran', cases: 1 })
    expect(unmapped.reportedAgency).toContainEqual({ text: 'Dinas Pekerjaan Umum', cases: 3 })

    expect(
      (
        await refused('mapping.apply', {
          field: 'category',
          text: 'infrastruktur jalan',
          code: 'TIDAK_ADA',
        })
      )['code'],
    ).toBe('validation.unknownCode')
    expect(
      (
        await refused('mapping.apply', {
          field: 'category',
          text: 'tidak pernah dipakai',
          code: 'INFRASTRUKTUR',
        })
      )['text'],
    ).toBe('error.mappingNotInUse')
    expect(
      (await refused('mapping.apply', { field: 'status', text: 'x', code: 'INFRASTRUKTUR' }))[
        'field'
      ],
    ).toBe('validation.invalidChoice')

    const eventsBefore = Number(
      ((await station.db('events').count({ n: '*' })) as Array<{ n: number }>)[0]?.n,
    )
    const r = await call<MappingResult>('mapping.apply', {
      field: 'category',
      text: 'infrastruktur jalan',
      code: 'INFRASTRUKTUR',
    })
    expect(r).toEqual({ field: 'category', code: 'INFRASTRUKTUR', mapped: 2 })
    // One event on each case that recorded the text, the confidential one too.
    const mapped = (await station.db('events').where({ type: 'case.mapped' })) as Array<{
      case_id: string
    }>
    expect(mapped.map((e) => e.case_id).sort()).toEqual([...older, secret.id].sort())
    expect(
      Number(((await station.db('events').count({ n: '*' })) as Array<{ n: number }>)[0]?.n),
    ).toBe(eventsBefore + 3)

    for (const id of older) {
      const d = await detail(id)
      // The text stays as recorded; the case now counts under the entry.
      expect(d).toMatchObject({
        category: 'infrastruktur jalan',
        categoryCode: 'INFRASTRUKTUR',
        categoryName: 'Infrastruktur',
      })
      expect(d.timeline.at(-1)).toMatchObject({
        type: 'case.mapped',
        summary: { field: 'category', from: 'infrastruktur jalan', name: 'Infrastruktur' },
      })
    }
    const after = await call<UnmappedTexts>('mapping.unmapped', {})
    expect(after.category.map((u) => u.text)).not.toContain('infrastruktur jalan')
    // Done once: the same text is no longer there to map.
    expect(
      (
        await refused('mapping.apply', {
          field: 'category',
          text: 'infrastruktur jalan',
          code: 'INFRASTRUKTUR',
        })
      )['text'],
    ).toBe('error.mappingNotInUse')

    const agencies = await call<MappingResult>('mapping.apply', {
      field: 'reportedAgency',
      text: 'Dinas Pekerjaan Umum',
      code: 'DPUPR',
    })
    expect(agencies.mapped).toBe(3)
    expect((await detail(older[0] as string)).reportedParty.agencyName).toBe(
      'Dinas Pekerjaan Umum dan Penataan Ruang',
    )

    // The log is the truth: a projection rebuilt from it holds the same codes.
    const rows = () =>
      station.db('cases').orderBy('id').select('id', 'category_code', 'reported_agency_code')
    const folded = await rows()
    await rebuildProjections(station.db)
    expect(await rows()).toEqual(folded)

    const view = await rapor()
    const infra = view.byCategory.find((p) => p.key === 'INFRASTRUKTUR')
    expect(infra).toBeDefined()
    expect(view.labels.categories['INFRASTRUKTUR']).toBe('Infrastruktur')
    expect(view.labels.categories['Perparkiran']).toBe('Perparkiran')
    expect(view.byCategory.map((p) => p.key)).not.toContain('infrastruktur jalan')
    expect(view.labels.agencies['PEMPROV']).toBe('Pemerintah Provinsi')
    const sliced = await call<CasePage>('case.list', { category: 'INFRASTRUKTUR' })
    for (const id of older) expect(sliced.items.map((i) => i.id)).toContain(id)
  })
})
