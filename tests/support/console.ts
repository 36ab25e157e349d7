import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import type { CreatedCase } from '../../src/shared/api'
import { CENTRE_ROLES, type CentreRole } from '../../src/shared/centreRoles'
import { dayInZone } from '../../src/shared/timeZone'
import type { Station } from '../../src/core/station'
import { putAttachment } from '../../src/core/services/attachments'
import { PNG_1X1, PDF_MINIMAL, TestClock, tempDir, validIntake } from '../helpers'
import { call, enrolledStation, type Central } from './central'

// What the console's route tests share: requests as a person in a centre role
// (a stand-in for the accounts' sign-in, through the principal plugin's
// resolvers), and a small seeded set of cases at two stations on a test clock.

const ROLE_HEADER = 'x-test-centre-role'

/** Lets requests name their role in a header, as a signed-in account would have one. */
export function signInByHeader(central: Central): void {
  central.app.principalResolvers.push(async (req) => {
    const role = req.headers[ROLE_HEADER]
    if (typeof role !== 'string' || !(CENTRE_ROLES as readonly string[]).includes(role)) return null
    return { kind: 'account', actor: `pusat:${role}-uji`, role: role as CentreRole, username: role }
  })
}

export type As = (
  role: CentreRole | null,
  request: InjectOptions | string,
) => Promise<LightMyRequestResponse>

export function requestsAs(central: Central): As {
  return (role, request) => {
    const r = typeof request === 'string' ? { url: request } : request
    return central.app.inject({
      ...r,
      headers: { ...(r.headers ?? {}), ...(role ? { [ROLE_HEADER]: role } : {}) },
    })
  }
}

export interface Seeded {
  clock: TestClock
  first: Station
  second: Station
  dirs: Array<{ remove(): void }>
  cases: Record<
    'road' | 'clinic' | 'secret' | 'anonymous' | 'photo' | 'done' | 'late' | 'west' | 'fresh',
    CreatedCase
  >
  /** SHA-256 of the attachments: the anonymous case's KTP and the named case's photo. */
  ktp: string
  photoSha: string
  close(): Promise<void>
}

/**
 * Two stations (WIB and WITA) and nine cases: received on 1 October 2026 but
 * the last, one confidential, one anonymous with a KTP copy, one with a photo,
 * one completed within its deadline and one left unscreened (late by November),
 * all synced. The clock stands at Monday 2 November 2026, 09:00 WIB.
 */
export async function seedConsole(central: Central, clock: TestClock): Promise<Seeded> {
  const d1 = tempDir()
  const d2 = tempDir()
  const first = await enrolledStation(central, d1.path, undefined, { now: clock.now })
  const second = await enrolledStation(central, d2.path, undefined, {
    now: clock.now,
    timeZone: 'Asia/Makassar',
  })
  const intake = async (station: Station, over: Parameters<typeof validIntake>[0]) =>
    call<CreatedCase>(station, 'case.create', validIntake(over))
  const attach = async (
    station: Station,
    dir: string,
    name: string,
    bytes: Buffer,
    kind: 'ktp' | 'photo',
  ) =>
    putAttachment(
      station.db,
      dir,
      { name, kind, contentBase64: bytes.toString('base64') },
      clock.now(),
    )
  const ktp = await attach(first, d1.path, 'ktp.pdf', PDF_MINIMAL, 'ktp')
  const photo = await attach(first, d1.path, 'foto-jalan.png', PNG_1X1, 'photo')
  const cases = {
    road: await intake(first, {
      subject: 'Jalan desa rusak parah',
      description: 'Aspal jalan desa mengelupas dan berlubang di banyak tempat.',
      category: 'Infrastruktur',
    }),
    clinic: await intake(first, {
      channel: 'phone',
      kind: 'aspirasi',
      subject: 'Antrian puskesmas terlalu panjang',
      description: 'Pasien puskesmas menunggu sejak subuh.',
      category: 'Kesehatan',
    }),
    secret: await intake(first, {
      channel: 'letter',
      confidential: true,
      subject: 'Pungutan liar oleh pegawai kecamatan',
      description: 'Pegawai kecamatan meminta uang pelicin untuk surat keterangan.',
      category: 'Kepegawaian',
    }),
    anonymous: await intake(first, {
      anonymous: true,
      subject: 'Bantuan sosial tidak tepat sasaran',
      description: 'Bantuan beras dibagikan kepada kerabat perangkat desa.',
      category: 'Bantuan Sosial',
      attachments: [{ sha256: ktp.sha256, kind: 'ktp', name: 'ktp.pdf' }],
    }),
    photo: await intake(first, {
      subject: 'Lampu jalan padam',
      description: 'Lampu penerangan jalan padam sebulan.',
      category: 'Infrastruktur',
      attachments: [{ sha256: photo.sha256, kind: 'photo', name: 'foto-jalan.png' }],
    }),
    done: await intake(first, {
      subject: 'Sampah menumpuk di pasar',
      description: 'Sampah pasar tidak diangkut.',
      category: 'Kebersihan',
    }),
    late: await intake(first, {
      channel: 'whatsapp',
      subject: 'Jalan longsor belum ditangani',
      description: 'Longsor menutup separuh jalan kabupaten.',
      category: 'Infrastruktur',
    }),
    west: await intake(second, {
      subject: 'Air bersih tidak mengalir',
      description: 'Air PDAM mati tiga hari.',
      category: 'Air Bersih',
    }),
  } as Omit<Seeded['cases'], 'fresh'> as Seeded['cases']
  const step = async (method: string, input: Record<string, unknown> & { day: string }) => {
    clock.reach(input.day)
    await call(first, method, input)
  }
  await step('case.screen', {
    caseId: cases.done.id,
    day: '2026-10-02',
    checklist: { what: true, where: true, when: true, who: true, why: true, how: true },
    withinAuthority: true,
    agencyCode: 'DLH',
    supervisory: false,
    directlyExperienced: true,
    evidencePresent: true,
    relatedCaseIds: [],
    conclusion: 'cukup',
    reasoning: 'Cukup untuk ditindaklanjuti.',
  })
  await step('case.transition', {
    caseId: cases.done.id,
    transition: 'startFollowUp',
    day: '2026-10-05',
  })
  await step('case.transition', {
    caseId: cases.done.id,
    transition: 'complete',
    day: '2026-10-09',
  })
  await step('case.transition', {
    caseId: cases.road.id,
    transition: 'forward',
    day: '2026-10-05',
    agencyCode: 'DPUPR',
    reason: 'Kewenangan dinas PU.',
  })
  clock.set(new Date('2026-11-02T02:00:00Z'))
  cases.fresh = await intake(first, {
    subject: 'Jalan berlubang dekat sekolah',
    description: 'Lubang besar di depan sekolah dasar.',
    category: 'Infrastruktur',
  })
  await call(first, 'sync.now', {})
  await call(second, 'sync.now', {})
  return {
    clock,
    first,
    second,
    dirs: [d1, d2],
    cases,
    ktp: ktp.sha256,
    photoSha: photo.sha256,
    close: async () => {
      await first.close()
      await second.close()
      for (const d of [d1, d2]) d.remove()
    },
  }
}

/** Today at the first station (WIB). */
export const todayOf = (s: Seeded) => dayInZone(s.clock.now(), 'Asia/Jakarta')
