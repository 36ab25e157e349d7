import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ApiResponse } from '../shared/api'
import { migrateToLatest, openDatabase, type Db } from './db'
import { createDispatch, type CallContext, type Handlers } from './dispatch'
import { auditDatabase } from './audit'
import { confirmHold, listHolds } from './services/privacy'
import { DomainError } from './errors'
import { EventLog } from './eventLog'
import { applyEvent } from './projections'
import { SyncClient, type FetchLike } from './sync/client'
import { putAttachment, removeOrphanAttachments, sealAttachmentFile } from './services/attachments'
import { createCase, getCase, listCases } from './services/cases'
import { discardDraft, draftKey, getDraft, saveDraft } from './services/drafts'
import { sealExisting } from './atRest'
import { bindCipher, openDataKey, type KeyProtector } from './crypto/dataKey'
import { recordExposure, recordFollowUp, screenCase, transitionCase } from './services/lifecycle'
import {
  deleteHoliday,
  holidayCoverage,
  listAgencies,
  listHolidays,
  saveAgency,
  saveHoliday,
} from './services/directory'
import { relatedCases } from './services/related'
import { listCategories, saveCategory } from './services/lists'
import { applyMapping, unmappedTexts } from './services/mapping'
import {
  auditRead,
  authState,
  changePassword,
  listUsers,
  login,
  logout,
  resetPassword,
  resolveSession,
  saveUser,
  setupStation,
  unlock,
} from './services/accounts'
import {
  mayReadConfidential,
  redactCase,
  redactPage,
  redactQueue,
  requireBatchAccess,
  requireContentAccess,
} from './services/access'
import { caseReceipt } from './services/receipts'
import { getTemplates, renderCaseDocument, saveTemplate } from './services/documents'
import {
  clockForCase,
  deadlineQueue,
  getDeadlineSettings,
  updateDeadlineSettings,
} from './services/deadlines'
import {
  ensureStationIdentity,
  ensureStationZone,
  getSettings,
  updateSettings,
} from './services/settings'
import type { StationZone } from '../shared/timeZone'
import { getRapor } from './services/rapor'
import { ExportService } from './services/exports'
import { WorkerPool } from './workers/pool'

export type { CallContext } from './dispatch'
export {
  DataKeyError,
  PASSPHRASE_MIN_LENGTH,
  osProtector,
  passphraseProtector,
  type KeyProtector,
} from './crypto/dataKey'

export interface Station {
  readonly dataDir: string
  readonly db: Db
  readonly sync: SyncClient
  readonly exports: ExportService
  dispatch(method: string, input: unknown, ctx: CallContext): Promise<ApiResponse<unknown>>
  close(): Promise<void>
}

export interface StationOptions {
  dataDir: string
  /** The clock; tests move it. */
  now?: () => Date
  log?: (err: unknown) => void
  /** How sync reaches the server; tests put faults here. */
  fetch?: FetchLike
  /** Start the sync loop by itself (default true); tests drive it by hand. */
  autoSync?: boolean
  syncIntervalMs?: number
  /** Events per sync batch at most; tests lower it. */
  syncBatchEvents?: number
  /** Pause between sweeps of attachments that no case or draft refers to. */
  orphanSweepMs?: number
  /**
   * What protects the station's data key: the OS key store in Electron, a
   * passphrase in the web host and tests (see crypto/dataKey.ts).
   */
  keys: KeyProtector
  /** The zone a new station counts its days in; by default the computer's (see osZone). */
  timeZone?: StationZone
  /**
   * The worker threads' entry file when core runs bundled (Electron passes
   * the built file); by default core's own TypeScript source (see workers/pool.ts).
   */
  workerEntry?: string
  /**
   * Start a worker thread as the station opens (the app does; tests need
   * not): started from the sources through tsx, one takes seconds, which the
   * first PDF would otherwise wait for.
   */
  warmWorkers?: boolean
}

/** Opens (creating if needed) the station in a data folder and runs migrations. */
export async function openStation(options: StationOptions): Promise<Station> {
  const { dataDir } = options
  const now = options.now ?? (() => new Date())
  await mkdir(join(dataDir, 'attachments'), { recursive: true })
  const db = openDatabase(join(dataDir, 'loket.sqlite'))
  // Ended with the database if opening fails after it started.
  let pool: WorkerPool | undefined
  try {
    await migrateToLatest(db)
    const cipher = await openDataKey(db, options.keys)
    bindCipher(db, cipher)
    await sealExisting(db, cipher, (sha256) => sealAttachmentFile(cipher, dataDir, sha256))
    const identity = await ensureStationIdentity(db)
    await ensureStationZone(db, options.timeZone)
    const log = await EventLog.open(db, identity.stationId, applyEvent, () => now().getTime())
    const workers = (pool = new WorkerPool({
      dataKey: cipher.dataKeyCopy(),
      entry: options.workerEntry,
      onError: options.log ?? console.error,
    }))
    if (options.warmWorkers) workers.warm()
    const sync = new SyncClient({
      db,
      log,
      identity,
      dataDir,
      now,
      workers,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.syncIntervalMs ? { intervalMs: options.syncIntervalMs } : {}),
      ...(options.syncBatchEvents ? { batchEvents: options.syncBatchEvents } : {}),
      onError: options.log ?? console.error,
      autoStart: options.autoSync !== false,
    })
    // Whatever writes to the log wakes sync, which sends it when the server is there.
    const sending =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const r = await fn(...args)
        sync.nudge()
        return r
      }
    const exports = new ExportService(db, dataDir, now, workers)
    await exports.init()

    // Attachments of saves that were refused and never made good: at start and now and then.
    const report = options.log ?? console.error
    let sweeping: Promise<unknown> = Promise.resolve()
    const sweepOrphans = () =>
      (sweeping = removeOrphanAttachments(db, dataDir, now()).catch(report))
    await sweepOrphans()
    const sweepTimer = setInterval(sweepOrphans, options.orphanSweepMs ?? 6 * 3_600_000)
    sweepTimer.unref()

    const handlers: Handlers = {
      'auth.state': async (_input, ctx) => authState(db, ctx.user),
      'auth.setup': (input) => setupStation(db, input, now()),
      'auth.login': (input) => login(db, input, now()),
      'auth.logout': (_input, ctx) => logout(db, ctx.session),
      'auth.unlock': ({ password }, ctx) => unlock(db, ctx.user!, password, now()),
      'auth.changePassword': (input, ctx) => changePassword(db, ctx.user!, input),
      'user.list': () => listUsers(db),
      'user.save': (input) => saveUser(db, input, now()),
      'user.resetPassword': (input) => resetPassword(db, input),
      'settings.get': () => getSettings(db),
      'settings.update': (input) => updateSettings(db, input),
      'draft.get': async ({ id }, ctx) => {
        const d = await getDraft(db, draftKey(ctx.user!, id))
        return d && { ...d, id }
      },
      'draft.save': ({ id, data }, ctx) => saveDraft(db, draftKey(ctx.user!, id), data, now()),
      'draft.discard': ({ id }, ctx) => discardDraft(db, draftKey(ctx.user!, id)),
      'attachment.put': (input) => putAttachment(db, dataDir, input, now()),
      'case.create': sending((input, ctx) =>
        createCase(
          db,
          dataDir,
          log,
          { ...input, ...(input.draftId ? { draftId: draftKey(ctx.user!, input.draftId) } : {}) },
          ctx.actor,
          now(),
        ),
      ),
      'case.list': async (input, ctx) =>
        redactPage(
          await listCases(db, input, { confidentialText: mayReadConfidential(ctx.user) }),
          ctx.user!,
        ),
      'case.get': async ({ id }, ctx) => {
        const c = redactCase(await getCase(db, log, id), ctx.user!)
        if (c.complainant) await auditRead(db, ctx.user!, 'case.get', id, 'identity', now())
        if (c.confidential && !c.redacted) {
          await auditRead(db, ctx.user!, 'case.get', id, 'confidential', now())
        }
        return c
      },
      'case.receipt': ({ id }, ctx) => caseReceipt(db, log, id, ctx.user!, now(), workers),
      'case.screen': sending((input, ctx) => screenCase(db, log, input, ctx.actor, now())),
      'case.transition': sending((input, ctx) => transitionCase(db, log, input, ctx.actor, now())),
      'case.recordExposure': sending((input, ctx) =>
        recordExposure(db, log, input, ctx.actor, now()),
      ),
      'case.recordFollowUp': sending((input, ctx) =>
        recordFollowUp(db, log, input, ctx.actor, now()),
      ),
      'case.related': ({ id }, ctx) =>
        relatedCases(db, id, { confidentialContent: mayReadConfidential(ctx.user) }),
      'case.document': async (input, ctx) => {
        const { confidential } = await requireContentAccess(db, input.caseId, ctx.user!)
        const file = await renderCaseDocument(db, log, input, now(), workers)
        if (confidential) {
          await auditRead(db, ctx.user!, 'case.document', input.caseId, 'confidential', now())
        }
        return file
      },
      'template.list': () => getTemplates(db),
      'template.save': ({ kind, title, body }) => saveTemplate(db, kind, { title, body }),
      'agency.list': ({ includeInactive }) => listAgencies(db, includeInactive ?? false),
      'agency.save': (input) => saveAgency(db, input, now()),
      'category.list': ({ includeInactive }) => listCategories(db, includeInactive ?? false),
      'category.save': (input) => saveCategory(db, input, now()),
      'mapping.unmapped': (_input, ctx) =>
        unmappedTexts(db, { confidentialContent: mayReadConfidential(ctx.user) }),
      'mapping.apply': sending((input, ctx) =>
        applyMapping(db, log, input, ctx.actor, {
          confidentialContent: mayReadConfidential(ctx.user),
        }),
      ),
      'holiday.list': ({ year }) => listHolidays(db, year),
      'holiday.save': (input) => saveHoliday(db, input),
      'holiday.delete': ({ day }) => deleteHoliday(db, day),
      'holiday.coverage': () => holidayCoverage(db, now()),
      'deadline.settings': () => getDeadlineSettings(db),
      'deadline.updateSettings': (input) =>
        updateDeadlineSettings(
          db,
          Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
        ),
      'case.clock': ({ id }) => clockForCase(db, id, now()),
      'audit.verify': () => auditDatabase(db, identity.stationId),
      'privacy.holds': () => listHolds(db),
      'privacy.confirm': sending((input, ctx) => confirmHold(db, log, input, ctx.actor, now())),
      'sync.status': () => sync.status(),
      'sync.enrol': (input) => sync.enrol(input),
      'sync.now': async () => {
        // A failure is part of the status the desk sees, not an error of this call.
        await sync.runOnce().catch((err: unknown) => {
          if (err instanceof DomainError) throw err
        })
        return sync.status()
      },
      'sync.conflicts': () => sync.conflicts(),
      'sync.exportBatch': async ({ afterSeq }, ctx) => {
        const out = await sync.exportBatch(afterSeq)
        await requireBatchAccess(db, out.batch?.events.map((e) => e.caseId) ?? [], ctx.user!)
        return out
      },
      'sync.signBatchFile': (input) => sync.signBatchFile(input),
      'deadline.queue': async (input, ctx) =>
        redactQueue(
          await deadlineQueue(
            db,
            {
              attentionOnly: input.attentionOnly ?? false,
              limit: input.limit ?? 200,
              assignee: input.assignee,
            },
            now(),
          ),
          ctx.user!,
        ),
      'rapor.get': ({ filter, publicOnly }, ctx) =>
        getRapor(db, filter, now(), {
          publicOnly: publicOnly ?? false,
          confidentialContent: mayReadConfidential(ctx.user),
        }),
      'export.start': (input, ctx) =>
        exports.start(input, { confidentialContent: mayReadConfidential(ctx.user) }),
      'export.progress': async ({ jobId }) => exports.progress(jobId),
      'export.cancel': ({ jobId }) => exports.cancel(jobId),
      'export.chunk': ({ jobId, offset }) => exports.chunk(jobId, offset),
    }

    if (options.autoSync !== false) sync.start()
    return {
      dataDir,
      db,
      sync,
      exports,
      dispatch: createDispatch(handlers, (token) => resolveSession(db, token, now()), options.log),
      close: async () => {
        clearInterval(sweepTimer)
        await sweeping
        await sync.stop()
        await workers.close()
        await db.destroy()
      },
    }
  } catch (err) {
    await pool?.close()
    await db.destroy()
    throw err
  }
}
