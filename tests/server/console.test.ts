import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type {
  ConsoleCase,
  ConsoleCaseItem,
  ConsoleCasePage,
  IdentityRead,
} from '../../src/shared/console'
import type { CentreRole } from '../../src/shared/centreRoles'
import type { CreatedCase } from '../../src/shared/api'
import { encodeTrackingNumber } from '../../src/shared/trackingNumber'
import { createAdminToken } from '../../src/server/central/adminTokens'
import { PDF_MINIMAL, PNG_1X1, TestClock } from '../helpers'
import { startCentral, type Backend, type Central } from '../support/central'
import {
  requestsAs,
  seedConsole,
  signInByHeader,
  todayOf,
  type As,
  type Seeded,
} from '../support/console'
import { databaseFingerprint } from '../support/fingerprint'

// The console's case routes on both databases: the list with its filters,
// search and keyset pages; a case by its tracking number; the case page as
// each role sees it; attachments, read only after the read is logged; the
// verifier's decisions; and refusals that say why and change nothing.
const pgUrl = inject('pgUrl')

describe.each<Backend>(['sqlite', 'pg'])('the console’s cases (%s)', (backend) => {
  let central: Central
  let seeded: Seeded
  let as: As
  const clock = new TestClock('2026-10-01T02:00:00Z')
  beforeAll(async () => {
    central = await startCentral(backend, pgUrl, {}, clock.now)
    signInByHeader(central)
    as = requestsAs(central)
    seeded = await seedConsole(central, clock)
  })
  afterAll(async () => {
    await seeded.close()
    await central.close()
  })

  const list = async (query: string, role: CentreRole = 'viewer') => {
    const res = await as(role, `/v1/console/cases${query ? `?${query}` : ''}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as ConsoleCasePage
  }
  const numbers = (page: ConsoleCasePage) => page.items.map((i) => i.trackingNumber).sort()
  const tn = (c: CreatedCase) => c.trackingNumber

  it('lists every case, newest first, with what a row needs', async () => {
    const page = await list('')
    expect(page.items).toHaveLength(9)
    expect(page.nextCursor).toBeNull()
    expect(page.items[0]!.trackingNumber).toBe(tn(seeded.cases.fresh))
    const secret = page.items.find((i) => i.id === seeded.cases.secret.id)!
    expect(secret).toMatchObject({ confidential: true, subject: null, category: null })
    const road = page.items.find((i) => i.id === seeded.cases.road.id)!
    expect(road).toMatchObject({
      status: 'diteruskan',
      agencyCode: 'DPUPR',
      subject: 'Jalan desa rusak parah',
      receivedDay: '2026-10-01',
      channel: 'walk_in',
      overdue: false,
    })
    const west = page.items.find((i) => i.id === seeded.cases.west.id)!
    expect(west.stationCode).not.toBe(road.stationCode)
  })

  it('filters by station, status, channel, kind, category, agency, days and lateness', async () => {
    const { cases } = seeded
    const westCode = (await list('')).items.find((i) => i.id === cases.west.id)!.stationCode
    expect(numbers(await list(`station=${westCode}`))).toEqual([tn(cases.west)])
    expect(numbers(await list(`station=${westCode.toLowerCase()}`))).toEqual([tn(cases.west)])
    expect(numbers(await list('status=selesai'))).toEqual([tn(cases.done)])
    expect(numbers(await list('channel=phone'))).toEqual([tn(cases.clinic)])
    expect(numbers(await list('kind=aspirasi'))).toEqual([tn(cases.clinic)])
    expect(numbers(await list('category=Kesehatan'))).toEqual([tn(cases.clinic)])
    // A confidential case's category is in no column: no slice by category finds it.
    expect((await list('category=Kepegawaian')).items).toEqual([])
    expect(numbers(await list('agency=DLH'))).toEqual([tn(cases.done)])
    expect(numbers(await list('from=2026-11-01'))).toEqual([tn(cases.fresh)])
    expect((await list('to=2026-10-31')).items).toHaveLength(8)
    const late = await list('overdue=true')
    const today = todayOf(seeded)
    expect(late.items.length).toBeGreaterThan(0)
    for (const i of late.items) {
      expect(i.overdue).toBe(true)
      expect(i.dueDay! < today).toBe(true)
    }
    expect(numbers(late)).toContain(tn(cases.late))
    expect(numbers(late)).not.toContain(tn(cases.fresh))
    const onTime = await list('overdue=false')
    expect(onTime.items.length + late.items.length).toBe(9)
    expect(onTime.items.every((i) => !i.overdue)).toBe(true)
    expect(numbers(onTime)).toEqual(expect.arrayContaining([tn(cases.fresh), tn(cases.done)]))
  })

  it('searches words, a partly typed word, and a tracking number as people type it', async () => {
    const { cases } = seeded
    expect(numbers(await list('q=puskesmas'))).toEqual([tn(cases.clinic)])
    expect(numbers(await list('q=jalan%20lubang'))).toEqual([tn(cases.fresh)])
    expect(numbers(await list('q=jalan%20berlub'))).toEqual(
      [cases.road, cases.fresh].map(tn).sort(),
    )
    // "longs" is the start of "longsor".
    expect(numbers(await list('q=longs'))).toEqual([tn(cases.late)])
    expect(numbers(await list('q=Jalan'))).toEqual(
      [cases.road, cases.late, cases.fresh, cases.photo].map(tn).sort(),
    )
    const typed = tn(cases.clinic).toLowerCase().replace(/-/g, '')
    expect(numbers(await list(`q=${typed}`))).toEqual([tn(cases.clinic)])
    // Search combines with the filters.
    expect(numbers(await list('q=jalan&status=diteruskan'))).toEqual([tn(cases.road)])
  })

  it('never finds a confidential case by its content, for any role; its number finds it', async () => {
    const { secret } = seeded.cases
    for (const role of ['viewer', 'verifier', 'admin'] as const) {
      expect((await list('q=pungutan', role)).items).toEqual([])
      expect((await list('q=pelicin', role)).items).toEqual([])
    }
    const found = await list(`q=${encodeURIComponent(tn(secret))}`)
    expect(found.items).toHaveLength(1)
    expect(found.items[0]!.subject).toBeNull()
  })

  it('pages by keyset without duplicates or gaps, in the list and in a search', async () => {
    for (const query of ['', 'q=jalan', 'status=belum_terverifikasi']) {
      const whole = await list(`${query}&limit=200`)
      const seen: ConsoleCaseItem[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const page: ConsoleCasePage = await list(
          `${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
        expect(page.items.length).toBeLessThanOrEqual(2)
        seen.push(...page.items)
        cursor = page.nextCursor
        pages++
      } while (cursor)
      expect(seen.map((i) => i.id)).toEqual(whole.items.map((i) => i.id))
      expect(new Set(seen.map((i) => i.id)).size).toBe(seen.length)
      expect(pages).toBe(Math.max(1, Math.ceil(whole.items.length / 2)))
    }
    // A list's cursor does not fit a search, nor the other way round.
    const listPage = await list('limit=2')
    const wrong = await as('viewer', `/v1/console/cases?q=jalan&cursor=${listPage.nextCursor}`)
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toMatchObject({ code: 'cursor' })
  })

  it('opens a case from its tracking number, however it is typed', async () => {
    const { clinic } = seeded.cases
    const typed = ` ${tn(clinic).toLowerCase()} `
    const res = await as('viewer', `/v1/console/cases/by-number/${encodeURIComponent(typed)}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ id: clinic.id, trackingNumber: tn(clinic) })
    const mistyped = tn(clinic).slice(0, -1) + (tn(clinic).endsWith('A') ? 'B' : 'A')
    const bad = await as('viewer', `/v1/console/cases/by-number/${mistyped}`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ code: 'tracking_number' })
    const other = encodeTrackingNumber({ stationCode: 'ZZZZ', day: '2026-11-02', sequence: 9 })
    const unknown = await as('viewer', `/v1/console/cases/by-number/${other}`)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ code: 'unknown_case' })
    const nonsense = await as('viewer', '/v1/console/cases/by-number/hello')
    expect(nonsense.statusCode).toBe(400)
  })

  it('shows the case page: header, the merged timeline, the deadline clock and what may follow', async () => {
    const { done, late } = seeded.cases
    const res = await as('viewer', `/v1/console/cases/${done.id}`)
    expect(res.statusCode, res.body).toBe(200)
    const page = res.json() as ConsoleCase
    expect(page.header).toMatchObject({
      trackingNumber: tn(done),
      status: 'selesai',
      statusDay: '2026-10-09',
      agencyCode: 'DLH',
      supervisory: false,
      screeningConclusion: 'cukup',
      subject: 'Sampah menumpuk di pasar',
      timeZone: 'Asia/Jakarta',
      receivedDay: '2026-10-01',
      contentWithheld: false,
      overdue: false,
    })
    expect(page.timeline.map((e) => e.summary.type)).toEqual([
      'case.received',
      'case.screened',
      'case.transitioned',
      'case.transitioned',
      'case.transitioned',
    ])
    expect(
      page.timeline.map((e) => e.summary.type === 'case.transitioned' && e.summary.transition),
    ).toEqual([false, false, 'screen', 'startFollowUp', 'complete'])
    expect(page.timeline.at(-1)!.summary).toMatchObject({
      day: '2026-10-09',
      applied: true,
      to: 'selesai',
    })
    expect(
      page.timeline.every((e) => !e.byCentre && e.originCode === page.header.station.code),
    ).toBe(true)
    expect(page.deadline).toMatchObject({ today: todayOf(seeded), deadline: null, ladder: null })
    expect(page.allowedTransitions).toEqual(['reopen'])

    const open = (await (await as('viewer', `/v1/console/cases/${late.id}`)).json()) as ConsoleCase
    expect(open.deadline.deadline).toMatchObject({ tier: 'firstResponse', state: 'overdue' })
    expect(open.deadline.deadline!.dueDay).toBe(open.header.dueDay)
    expect(open.header.overdue).toBe(true)
    expect(open.allowedTransitions).toEqual(
      expect.arrayContaining(['screen', 'requestCompletion', 'forward', 'archive']),
    )
    // A forwarded case waits for the agency's answer on the reminder ladder.
    const road = (await (
      await as('viewer', `/v1/console/cases/${seeded.cases.road.id}`)
    ).json()) as ConsoleCase
    expect(road.deadline.ladder).toMatchObject({ step: 'escalate' })
  })

  it('withholds a confidential case’s content from a viewer and shows it to a verifier', async () => {
    const { secret } = seeded.cases
    const viewer = (await (
      await as('viewer', `/v1/console/cases/${secret.id}`)
    ).json()) as ConsoleCase
    expect(viewer.header).toMatchObject({
      contentWithheld: true,
      subject: null,
      description: null,
      category: null,
      reportedParty: null,
    })
    expect(JSON.stringify(viewer)).not.toMatch(/Pungutan|pelicin|Kepegawaian/)
    const verifier = (await (
      await as('verifier', `/v1/console/cases/${secret.id}`)
    ).json()) as ConsoleCase
    expect(verifier.header).toMatchObject({
      contentWithheld: false,
      subject: 'Pungutan liar oleh pegawai kecamatan',
      category: 'Kepegawaian',
    })
    // No role sees a complainant's identity here.
    expect(JSON.stringify(verifier)).not.toMatch(/Budi|3171011501900001/)
  })

  it('hands an attachment to the roles allowed, logging each read before the bytes', async () => {
    const { photo, anonymous } = seeded.cases
    const url = `/v1/console/cases/${photo.id}/attachments/${seeded.photoSha}`
    const reads = async () =>
      Number(((await central.db('attachment_reads').count({ n: '*' }))[0] as { n: string }).n)
    const page = (await (await as('viewer', `/v1/console/cases/${photo.id}`)).json()) as ConsoleCase
    expect(page.attachments).toEqual([
      expect.objectContaining({
        sha256: seeded.photoSha,
        kind: 'photo',
        held: true,
        mime: 'image/png',
      }),
    ])
    const before = await reads()
    const refused = await as('viewer', url)
    expect(refused.statusCode).toBe(403)
    expect(await reads()).toBe(before)
    const res = await as('verifier', url)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('image/png')
    expect(res.rawPayload.equals(PNG_1X1)).toBe(true)
    const logged = await central.db('attachment_reads').orderBy('id', 'desc').first()
    expect(logged).toMatchObject({
      case_id: photo.id,
      sha256: seeded.photoSha,
      actor: 'pusat:verifier-uji',
    })
    expect(await reads()).toBe(before + 1)

    // The read is logged before the file is opened: a file gone from the store is refused, yet logged.
    const path = `${central.dataDir}/attachments/${seeded.photoSha.slice(0, 2)}/${seeded.photoSha}`
    await rm(path)
    const gone = await as('custodian', url)
    expect(gone.statusCode).toBe(404)
    expect(gone.json()).toMatchObject({ code: 'attachment_missing' })
    expect(await reads()).toBe(before + 2)

    // An anonymous complainant's identity document is the custodian's identity route's alone.
    // The station sealed it to the authority key at intake: the centre knows the box's hash.
    const anonPage = (await (
      await as('verifier', `/v1/console/cases/${anonymous.id}`)
    ).json()) as ConsoleCase
    expect(anonPage.attachments[0]).toMatchObject({ kind: 'ktp', sealedIdentity: true })
    const box = anonPage.attachments[0]!.sha256
    expect(box).not.toBe(seeded.ktp)
    const ktp = await as('custodian', `/v1/console/cases/${anonymous.id}/attachments/${box}`)
    expect(ktp.statusCode).toBe(403)
    expect(ktp.json()).toMatchObject({ code: 'sealed_identity' })
    expect(ktp.body).toMatch(/custodian/)
    expect(ktp.rawPayload.includes(PDF_MINIMAL.subarray(0, 8))).toBe(false)
    expect(await reads()).toBe(before + 2)
  })

  it('lists every identity opening, newest first, to the custodian and the admin only', async () => {
    const { anonymous } = seeded.cases
    const token = await createAdminToken(central.db, 'Kustodian Uji', clock.now())
    const reasons = ['Verifikasi atas permintaan Inspektur', 'Pemeriksaan ulang oleh tim etik']
    for (const reason of reasons) {
      const opened = await central.app.inject({
        method: 'POST',
        url: `/v1/admin/cases/${anonymous.id}/identity`,
        headers: { authorization: `Bearer ${token}` },
        payload: { reason },
      })
      expect(opened.statusCode, opened.body).toBe(200)
    }
    // Sealed at rest, opened for the list.
    const stored = (await central.db('identity_reads').pluck('reason')) as string[]
    expect(stored).toHaveLength(2)
    for (const r of stored) expect(r).toMatch(/^s1\./)

    const first = await as('custodian', '/v1/console/identity-reads?limit=1')
    expect(first.statusCode, first.body).toBe(200)
    const page1 = first.json() as { items: IdentityRead[]; nextCursor: string | null }
    expect(page1.items).toEqual([
      {
        id: expect.any(Number),
        at: expect.any(String),
        actor: 'pusat:Kustodian Uji',
        caseId: anonymous.id,
        trackingNumber: anonymous.trackingNumber,
        reason: reasons[1],
      },
    ])
    expect(page1.nextCursor).not.toBeNull()
    const second = await as(
      'admin',
      `/v1/console/identity-reads?limit=1&cursor=${page1.nextCursor}`,
    )
    const page2 = second.json() as { items: IdentityRead[]; nextCursor: string | null }
    expect(page2.items.map((i) => i.reason)).toEqual([reasons[0]])
    expect(page2.nextCursor).toBeNull()

    const before = await databaseFingerprint(central.db)
    for (const [role, status] of [
      [null, 401],
      ['viewer', 403],
      ['verifier', 403],
    ] as const) {
      const res = await as(role, '/v1/console/identity-reads')
      expect(res.statusCode, String(role)).toBe(status)
      expect((res.json() as { reason: string }).reason.length).toBeGreaterThan(5)
    }
    const bad = await as('custodian', '/v1/console/identity-reads?cursor=abc')
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ code: 'cursor' })
    expect(await databaseFingerprint(central.db)).toEqual(before)
  })

  it('records a verifier’s decision as theirs; it shows on the timeline as the centre’s', async () => {
    const { clinic } = seeded.cases
    const decision = {
      type: 'case.transitioned',
      transition: 'screen',
      day: todayOf(seeded),
      reason: 'Ditelaah di Pusat.',
      agencyCode: null,
    }
    const res = await as('verifier', {
      method: 'POST',
      url: `/v1/console/cases/${clinic.id}/decisions`,
      payload: { decision },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ actor: 'pusat:verifier-uji', type: 'case.transitioned' })
    const page = (await (
      await as('viewer', `/v1/console/cases/${clinic.id}`)
    ).json()) as ConsoleCase
    expect(page.header.status).toBe('belum_ditindaklanjuti')
    const last = page.timeline.at(-1)!
    expect(last).toMatchObject({ byCentre: true, centreActor: 'verifier-uji', originCode: null })
    expect(last.summary).toMatchObject({
      type: 'case.transitioned',
      applied: true,
      from: 'belum_terverifikasi',
    })
    // An admin token acts as an admin, under its label.
    const token = await createAdminToken(central.db, 'otomasi', clock.now())
    const byToken = await central.app.inject({
      method: 'POST',
      url: `/v1/console/cases/${clinic.id}/decisions`,
      headers: { authorization: `Bearer ${token}` },
      payload: {
        decision: {
          type: 'followup.recorded',
          kind: 'note',
          day: todayOf(seeded),
          agencyCode: null,
          letterNumber: null,
          note: 'Dicatat otomatis.',
        },
      },
    })
    expect(byToken.statusCode).toBe(200)
    expect(byToken.json()).toMatchObject({ actor: 'pusat:otomasi' })
  })

  it('refuses each role what it may not do, on the server, changing nothing', async () => {
    const { road } = seeded.cases
    const decide = {
      method: 'POST' as const,
      url: `/v1/console/cases/${road.id}/decisions`,
      payload: {
        decision: {
          type: 'case.transitioned',
          transition: 'complete',
          day: todayOf(seeded),
          reason: null,
          agencyCode: null,
        },
      },
    }
    const cases: Array<[CentreRole | null, Parameters<As>[1], number]> = [
      [null, '/v1/console/cases', 401],
      [null, `/v1/console/cases/${road.id}`, 401],
      ['viewer', decide, 403],
      ['custodian', decide, 403],
    ]
    for (const [role, request, status] of cases) {
      const before = backend === 'sqlite' ? await databaseFingerprint(central.db) : null
      const res = await as(role, request)
      expect(res.statusCode, `${role} ${JSON.stringify(request)}`).toBe(status)
      const body = res.json() as { code: string; reason: string }
      expect(body.reason.length).toBeGreaterThan(5)
      if (status === 403) expect(body.reason).toMatch(/needs the role/)
      if (before) expect(await databaseFingerprint(central.db)).toEqual(before)
    }
  })

  it('refuses bad input with a reason, changing nothing', async () => {
    const { road, fresh } = seeded.cases
    const bad: Array<[CentreRole, Parameters<As>[1], number, string]> = [
      ['viewer', '/v1/console/cases?status=open', 400, 'invalid'],
      ['viewer', '/v1/console/cases?from=2026-13-01', 400, 'invalid'],
      ['viewer', '/v1/console/cases?from=2026-11-02&to=2026-10-01', 400, 'day_order'],
      ['viewer', '/v1/console/cases?limit=0', 400, 'invalid'],
      ['viewer', '/v1/console/cases?cursor=bm90LWEtY3Vyc29y', 400, 'cursor'],
      ['viewer', '/v1/console/cases?station=ZZZZ', 404, 'unknown_station'],
      ['viewer', '/v1/console/cases?unknown=1', 400, 'invalid'],
      ['viewer', '/v1/console/cases/not-a-uuid', 400, 'invalid'],
      ['viewer', '/v1/console/cases/00000000-0000-4000-8000-000000000000', 404, 'unknown_case'],
      [
        'verifier',
        `/v1/console/cases/${road.id}/attachments/${'a'.repeat(64)}`,
        404,
        'unknown_attachment',
      ],
      [
        'verifier',
        {
          method: 'POST',
          url: `/v1/console/cases/${fresh.id}/decisions`,
          payload: {
            decision: {
              type: 'case.transitioned',
              transition: 'complete',
              day: todayOf(seeded),
              reason: null,
              agencyCode: null,
            },
          },
        },
        409,
        'transition',
      ],
      [
        'verifier',
        {
          method: 'POST',
          url: `/v1/console/cases/${fresh.id}/decisions`,
          payload: {
            decision: {
              type: 'case.transitioned',
              transition: 'screen',
              day: '2026-10-01',
              reason: null,
              agencyCode: null,
            },
          },
        },
        400,
        'day',
      ],
      [
        'verifier',
        {
          method: 'POST',
          url: `/v1/console/cases/${fresh.id}/decisions`,
          payload: {
            decision: {
              type: 'case.transitioned',
              transition: 'screen',
              day: todayOf(seeded),
              reason: null,
              agencyCode: null,
            },
            actor: 'x',
          },
        },
        400,
        'invalid',
      ],
    ]
    for (const [role, request, status, code] of bad) {
      const before = backend === 'sqlite' ? await databaseFingerprint(central.db) : null
      const count = await central.db('events').count({ n: '*' })
      const res = await as(role, request)
      expect(res.statusCode, JSON.stringify(request)).toBe(status)
      const body = res.json() as { code: string; reason: string }
      expect(body.code, JSON.stringify(request)).toBe(code)
      expect(body.reason.length).toBeGreaterThan(5)
      expect(await central.db('events').count({ n: '*' })).toEqual(count)
      if (before) expect(await databaseFingerprint(central.db)).toEqual(before)
    }
  })
})
