import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ApiResponse } from '../shared/api'
import { channelLabelsId, kindLabelsId } from '../shared/labels'
import { migrateToLatest, openDatabase, type Db } from './db'
import { createDispatch, type CallContext, type Handlers } from './dispatch'
import { EventLog } from './eventLog'
import { renderReceipt } from './receipt'
import { putAttachment } from './services/attachments'
import { createCase, getCase, listCases } from './services/cases'
import { discardDraft, getDraft, saveDraft } from './services/drafts'
import { recordExposure, recordFollowUp, screenCase, transitionCase } from './services/lifecycle'
import {
  deleteHoliday,
  listAgencies,
  listHolidays,
  saveAgency,
  saveHoliday,
} from './services/directory'
import { relatedCases } from './services/related'
import { getTemplates, renderCaseDocument, saveTemplate } from './services/documents'
import {
  clockForCase,
  deadlineQueue,
  getDeadlineSettings,
  updateDeadlineSettings,
} from './services/deadlines'
import { ensureStationIdentity, getSettings, updateSettings } from './services/settings'
import { getRapor } from './services/rapor'
import { ExportService } from './services/exports'

export type { CallContext } from './dispatch'

export interface Station {
  readonly dataDir: string
  readonly db: Db
  readonly exports: ExportService
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<ApiResponse<unknown>>
  close(): Promise<void>
}

export interface StationOptions {
  dataDir: string
  /** The clock; tests move it. */
  now?: () => Date
  log?: (err: unknown) => void
}

/** Opens (creating if needed) the station in a data folder and runs migrations. */
export async function openStation(options: StationOptions): Promise<Station> {
  const { dataDir } = options
  const now = options.now ?? (() => new Date())
  await mkdir(join(dataDir, 'attachments'), { recursive: true })
  const db = openDatabase(join(dataDir, 'loket.sqlite'))
  try {
    await migrateToLatest(db)
    const identity = await ensureStationIdentity(db)
    const log = await EventLog.open(db, identity.stationId, () => now().getTime())
    const exports = new ExportService(db, dataDir, now)
    await exports.init()

    const handlers: Handlers = {
      'settings.get': () => getSettings(db),
      'settings.update': (input) => updateSettings(db, input),
      'draft.get': ({ id }) => getDraft(db, id),
      'draft.save': ({ id, data }) => saveDraft(db, id, data, now()),
      'draft.discard': ({ id }) => discardDraft(db, id),
      'attachment.put': (input) => putAttachment(db, dataDir, input, now()),
      'case.create': (input, ctx) => createCase(db, log, identity, input, ctx.actor, now()),
      'case.list': (input) => listCases(db, input),
      'case.get': ({ id }) => getCase(db, log, id),
      'case.receipt': async ({ id }) => {
        const c = await getCase(db, log, id)
        const settings = await getSettings(db)
        const pdf = await renderReceipt({
          trackingNumber: c.trackingNumber,
          receivedAt: c.receivedAt,
          receivedBy: c.receivedBy,
          stationName: settings.stationName,
          channelLabel: channelLabelsId[c.channel],
          kindLabel: kindLabelsId[c.kind],
          subject: c.subject,
          summary: c.description,
          anonymous: c.anonymous,
          confidential: c.confidential,
          ...(c.complainant?.name && !c.anonymous ? { complainantName: c.complainant.name } : {}),
          attachmentsCount: c.attachments.length,
        })
        return {
          fileName: `tanda-terima-${c.trackingNumber}.pdf`,
          pdfBase64: pdf.toString('base64'),
        }
      },
      'case.screen': (input, ctx) => screenCase(db, log, input, ctx.actor),
      'case.transition': (input, ctx) => transitionCase(db, log, input, ctx.actor),
      'case.recordExposure': (input, ctx) => recordExposure(db, log, input, ctx.actor, now()),
      'case.recordFollowUp': (input, ctx) => recordFollowUp(db, log, input, ctx.actor),
      'case.related': ({ id }) => relatedCases(db, id),
      'case.document': (input) => renderCaseDocument(db, log, input, now()),
      'template.list': () => getTemplates(db),
      'template.save': ({ kind, title, body }) => saveTemplate(db, kind, { title, body }),
      'agency.list': ({ includeInactive }) => listAgencies(db, includeInactive ?? false),
      'agency.save': (input) => saveAgency(db, input, now()),
      'holiday.list': ({ year }) => listHolidays(db, year),
      'holiday.save': (input) => saveHoliday(db, input),
      'holiday.delete': ({ day }) => deleteHoliday(db, day),
      'deadline.settings': () => getDeadlineSettings(db),
      'deadline.updateSettings': (input) =>
        updateDeadlineSettings(
          db,
          Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
        ),
      'case.clock': ({ id }) => clockForCase(db, id, now()),
      'deadline.queue': (input) =>
        deadlineQueue(
          db,
          {
            attentionOnly: input.attentionOnly ?? false,
            limit: input.limit ?? 200,
            assignee: input.assignee,
          },
          now(),
        ),
      'rapor.get': ({ filter, publicOnly }) =>
        getRapor(db, filter, now(), { publicOnly: publicOnly ?? false }),
      'export.start': (input) => exports.start(input),
      'export.progress': async ({ jobId }) => exports.progress(jobId),
      'export.cancel': ({ jobId }) => exports.cancel(jobId),
      'export.chunk': ({ jobId, offset }) => exports.chunk(jobId, offset),
    }

    return {
      dataDir,
      db,
      exports,
      dispatch: createDispatch(handlers, options.log),
      close: () => db.destroy(),
    }
  } catch (err) {
    await db.destroy()
    throw err
  }
}
