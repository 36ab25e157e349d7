import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IntakeInput, ScreeningInput } from '../src/shared/schemas'
import type { Db } from '../src/core/db'
import { dayInZone, type StationZone } from '../src/shared/timeZone'

/** Today in a zone (the test stations' is WIB), for tests that run on the real clock. */
export function todayIn(zone: StationZone = 'Asia/Jakarta', at: Date = new Date()): string {
  return dayInZone(at, zone)
}

/**
 * A station's (and centre's) clock in a test: a fixed moment that moves only
 * when told, so no test depends on the day it runs. A step at the desk is
 * dated on the day it is taken, and a later day is refused, so `reach(day)`
 * moves the clock to noon WIB of that day when that is later (never back).
 */
const STEP_METHODS = [
  'case.screen',
  'case.transition',
  'case.recordExposure',
  'case.recordFollowUp',
]

export class TestClock {
  private at: Date
  constructor(start: Date | string) {
    this.at = new Date(start)
  }
  readonly now = (): Date => this.at
  set(at: Date | string): void {
    this.at = new Date(at)
  }
  reach(day: string): void {
    const noon = new Date(`${day}T05:00:00Z`)
    if (noon > this.at) this.at = noon
  }
  /** Before a handling step (screening, transition, exposure, follow-up): moves to its day. */
  reachStep(method: string, input: unknown): void {
    if (!STEP_METHODS.includes(method)) return
    const day = (input as { day?: unknown } | null)?.day
    if (typeof day === 'string') this.reach(day)
  }
}

export function tempDir(prefix = 'loket-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export function validIntake(overrides: Partial<IntakeInput> = {}): IntakeInput {
  return {
    channel: 'walk_in',
    kind: 'pengaduan',
    receivedBy: 'Siti Rahmawati',
    complainant: {
      name: 'Budi Santoso',
      nik: '3171011501900001',
      phone: '0812-3456-7890',
      email: 'budi@contoh.id',
      address: 'Jl. Merdeka No. 1, Kelurahan Sukamaju',
      directlyAffected: true,
    },
    anonymous: false,
    confidential: false,
    reportedParty: {
      agency: 'Dinas Pekerjaan Umum',
      person: 'Kepala Seksi Jalan',
      position: 'Kasi',
    },
    location: 'Desa Sukamaju, Kecamatan Sukajaya',
    incidentDate: '2026-10-01',
    subject: 'Jalan desa rusak tidak diperbaiki',
    description:
      'Jalan desa sepanjang dua kilometer rusak berat sejak Juni. Anggaran perbaikan sudah dicairkan tetapi pekerjaan tidak dilaksanakan.',
    category: 'Infrastruktur',
    attachments: [],
    ...overrides,
  }
}

/** A screening (telaah) that concludes "cukup": enough to act on. */
export function validScreening(
  caseId: string,
  overrides: Partial<ScreeningInput> = {},
): ScreeningInput {
  return {
    caseId,
    day: '2026-11-03',
    checklist: { what: true, who: true, where: true, when: true, why: false, how: true },
    withinAuthority: true,
    supervisory: true,
    directlyExperienced: true,
    evidencePresent: true,
    relatedCaseIds: [],
    conclusion: 'cukup',
    reasoning: 'Uraian lengkap, ada bukti foto, terlapor ASN di lingkungan pemda.',
    ...overrides,
  }
}

/** A minimal valid PNG (1×1, transparent). */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

export const PDF_MINIMAL = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
)

/**
 * Gives a station a central authority key, as enrolment does, so anonymous
 * identities can be sealed; returns the private half, which only the centre holds.
 */
export async function grantAuthorityKey(db: Db): Promise<string> {
  const { generateKeyPairSync } = await import('node:crypto')
  const pair = generateKeyPairSync('x25519')
  await db('settings')
    .insert({
      key: 'sync.authorityPublicKey',
      value: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    })
    .onConflict('key')
    .merge()
  return pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')
}
