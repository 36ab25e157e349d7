import type { DocumentFile } from '../../shared/api'
import { channelLabelsId, kindLabelsId, statusLabelsId } from '../../shared/labels'
import { reminderLadder } from '../../shared/deadlines'
import type {
  CaseScreenedPayload,
  CaseTransitionedPayload,
  ExposureRecordedPayload,
} from '../../shared/events'
import { dayInZone } from '../../shared/timeZone'
import { DEFAULT_TEMPLATES, fillTemplate, type TemplateKind } from '../../shared/templates'
import { aad } from '../atRest'
import { cipherOf } from '../crypto/dataKey'
import type { Db } from '../db'
import { DomainError } from '../errors'
import type { EventLog } from '../eventLog'
import { formatDayId, type OfficialDocument } from '../pdf/official'
import type { WorkerPool } from '../workers/pool'
import { getCase } from './cases'
import { getDeadlineSettings } from './deadlines'
import { workingCalendar } from './directory'
import { getSettings, readSetting, writeSetting } from './settings'

export type DocumentKind = 'screeningMemo' | 'referralLetter' | 'reminder' | 'exposureMinutes'

const CHECKLIST_LABELS: Record<keyof CaseScreenedPayload['checklist'], string> = {
  what: 'Apa (what)',
  who: 'Siapa (who)',
  where: 'Di mana (where)',
  when: 'Kapan (when)',
  why: 'Mengapa (why)',
  how: 'Bagaimana (how)',
}

const DECISION_LABELS: Record<ExposureRecordedPayload['decision'], string> = {
  forward: 'Diteruskan kepada instansi berwenang',
  clarification: 'Klarifikasi',
  special_examination: 'Pemeriksaan khusus (audit investigatif)',
  law_enforcement: 'Dilimpahkan kepada aparat penegak hukum',
  close: 'Ditutup',
}

export async function getTemplates(
  db: Db,
): Promise<Record<TemplateKind, { title: string; body: string }>> {
  const raw = await readSetting(db, 'templates')
  return { ...DEFAULT_TEMPLATES, ...(raw ? (JSON.parse(raw) as object) : {}) }
}

export async function saveTemplate(
  db: Db,
  kind: TemplateKind,
  template: { title: string; body: string },
): Promise<{ title: string; body: string }> {
  const all = await getTemplates(db)
  await writeSetting(db, 'templates', JSON.stringify({ ...all, [kind]: template }))
  return template
}

async function agencyName(db: Db, code: string | null): Promise<string> {
  if (!code) return 'instansi berwenang'
  const row = (await db('agencies').where({ code }).first('name')) as { name: string } | undefined
  return row?.name ?? code
}

async function lastEvent<T>(
  db: Db,
  caseId: string,
  type: string,
  match?: (p: T) => boolean,
): Promise<T | null> {
  const rows = (await db('events')
    .where({ case_id: caseId, type })
    .orderBy('hlc', 'desc')
    .select('id', 'payload')) as { id: string; payload: string }[]
  const cipher = cipherOf(db)
  for (const r of rows) {
    const p = JSON.parse(cipher.open(r.payload, aad.event(r.id))) as T
    if (!match || match(p)) return p
  }
  return null
}

/**
 * Renders one of the case's documents; every text comes from its events. The
 * PDF is drawn in a worker thread.
 */
export async function renderCaseDocument(
  db: Db,
  log: EventLog,
  input: { caseId: string; kind: DocumentKind; exposureId?: string | undefined },
  now: Date,
  workers: WorkerPool,
): Promise<DocumentFile> {
  const c = await getCase(db, log, input.caseId)
  const settings = await getSettings(db)
  const today = dayInZone(now, settings.timeZone)
  const place = `${settings.stationName}, ${formatDayId(today)}`
  const marking = c.confidential ? 'RAHASIA' : undefined
  const base = {
    stationName: settings.stationName,
    placeAndDate: place,
    ...(marking ? { marking } : {}),
  }
  const caseFields: Array<[string, string]> = [
    ['Nomor registrasi', c.trackingNumber],
    [
      'Diterima',
      `${formatDayId(dayInZone(c.receivedAt, c.timeZone))} (${channelLabelsId[c.channel]})`,
    ],
    ['Jenis', kindLabelsId[c.kind]],
    ['Status', statusLabelsId[c.status]],
    ['Perihal', c.subject],
    ['Pelapor', c.anonymous ? 'Dirahasiakan (anonim)' : (c.complainant?.name ?? '-')],
    [
      'Terlapor',
      [c.reportedParty.agencyName, c.reportedParty.person, c.reportedParty.position]
        .filter(Boolean)
        .join(', ') || '-',
    ],
  ]
  let doc: OfficialDocument
  let name: string

  if (input.kind === 'screeningMemo') {
    const s = await lastEvent<CaseScreenedPayload>(db, c.id, 'case.screened')
    if (!s) throw new DomainError('not_found')
    const missing = (Object.keys(s.checklist) as Array<keyof typeof s.checklist>).filter(
      (k) => !s.checklist[k],
    )
    doc = {
      ...base,
      title: 'TELAAHAN STAF',
      number: c.trackingNumber,
      sections: [
        { heading: 'I. Pengaduan', fields: caseFields, paragraphs: [c.description] },
        {
          heading: 'II. Kelengkapan 5W+1H',
          fields: (Object.keys(CHECKLIST_LABELS) as Array<keyof typeof CHECKLIST_LABELS>).map(
            (k) => [CHECKLIST_LABELS[k], s.checklist[k] ? 'Ada' : 'Belum ada'],
          ),
          ...(missing.length
            ? {
                paragraphs: [
                  `Belum terjawab: ${missing.map((k) => CHECKLIST_LABELS[k]).join(', ')}.`,
                ],
              }
            : {}),
        },
        {
          heading: 'III. Analisis',
          fields: [
            [
              'Kewenangan',
              s.withinAuthority
                ? 'Kewenangan kami'
                : `Bukan kewenangan kami (${await agencyName(db, s.agencyCode)})`,
            ],
            ['Berkadar pengawasan', s.supervisory ? 'Ya' : 'Tidak'],
            ['Dialami langsung', s.directlyExperienced ? 'Ya' : 'Tidak'],
            ['Bukti', s.evidencePresent ? 'Ada' : 'Tidak ada'],
            [
              'Pengaduan terkait',
              s.relatedCaseIds.length ? `${s.relatedCaseIds.length} pengaduan` : 'Tidak ada',
            ],
          ],
        },
        {
          heading: 'IV. Kesimpulan',
          fields: [['Kesimpulan', s.conclusion === 'cukup' ? 'Cukup' : 'Tidak cukup']],
          paragraphs: [s.reasoning],
        },
      ],
      signatures: [{ role: 'Penelaah', name: '' }],
    }
    name = 'telaahan-staf'
  } else if (input.kind === 'exposureMinutes') {
    const e = await lastEvent<ExposureRecordedPayload>(
      db,
      c.id,
      'exposure.recorded',
      (p) => input.exposureId === undefined || p.exposureId === input.exposureId,
    )
    if (!e) throw new DomainError('not_found')
    doc = {
      ...base,
      title: 'BERITA ACARA EKSPOSE',
      number: c.trackingNumber,
      sections: [
        {
          paragraphs: [
            `Pada ${formatDayId(e.day)} bertempat di ${e.place} telah dilaksanakan ekspose atas pengaduan berikut.`,
          ],
          fields: caseFields.slice(0, 5),
        },
        {
          heading: 'Peserta',
          list: e.participants.map(
            (p) => `${p.name}, ${p.role}${p.present ? '' : ' (berhalangan)'}`,
          ),
        },
        { heading: 'Ringkasan', paragraphs: [e.summary] },
        { heading: 'Analisis', paragraphs: [e.analysis] },
        { heading: 'Rekomendasi', paragraphs: [e.recommendation] },
        {
          heading: 'Keputusan',
          fields: [
            ['Keputusan', DECISION_LABELS[e.decision]],
            ...(e.decision === 'forward'
              ? [['Diteruskan kepada', await agencyName(db, e.agencyCode)] as [string, string]]
              : []),
            ['Penanggung jawab', e.followUpOwner],
            ['Batas waktu', e.followUpDue ? formatDayId(e.followUpDue) : '-'],
          ],
        },
      ],
      signatures: e.participants
        .filter((p) => p.present)
        .map((p) => ({ role: p.role, name: p.name })),
    }
    name = 'berita-acara-ekspose'
  } else {
    const fwd = await lastEvent<CaseTransitionedPayload>(
      db,
      c.id,
      'case.transitioned',
      (p) => p.transition === 'forward',
    )
    if (!fwd) throw new DomainError('not_found')
    const templates = await getTemplates(db)
    let kind: TemplateKind = 'referral'
    let days = 0
    if (input.kind === 'reminder') {
      const ladder = reminderLadder(
        fwd.day,
        today,
        await workingCalendar(db),
        await getDeadlineSettings(db),
      )
      days = ladder.daysWithoutAnswer
      if (ladder.step === 'waiting') throw new DomainError('conflict')
      kind = ladder.step === 'escalate' ? 'escalation' : ladder.step
    }
    const t = templates[kind]
    const body = fillTemplate(t.body, {
      agency: await agencyName(db, fwd.agencyCode),
      trackingNumber: c.trackingNumber,
      subject: c.subject,
      receivedDay: formatDayId(dayInZone(c.receivedAt, c.timeZone)),
      forwardedDay: formatDayId(fwd.day),
      daysWithoutAnswer: String(days),
      station: settings.stationName,
    })
    doc = {
      ...base,
      title: t.title,
      number: c.trackingNumber,
      sections: [
        {
          fields: [
            ['Kepada', await agencyName(db, fwd.agencyCode)],
            ['Perihal', c.subject],
          ],
        },
        // The complaint's substance travels; the complainant's identity never does.
        { paragraphs: [body] },
        ...(kind === 'referral'
          ? [{ heading: 'Uraian pengaduan', paragraphs: [c.description] }]
          : []),
      ],
      signatures: [{ role: kind === 'escalation' ? 'Inspektur' : 'Kepala', name: '' }],
    }
    name = kind
  }
  const pdf = await workers.renderPdf('pdf.document', { ...doc, createdAt: now })
  return { fileName: `${name}-${c.trackingNumber}.pdf`, pdfBase64: pdf.toString('base64') }
}
