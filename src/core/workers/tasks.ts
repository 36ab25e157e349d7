import type { ApiErrorCode, ApiIssue } from '../../shared/api'
import type { ExportVariant, RaporView } from '../../shared/rapor'
import type { WireEvent } from '../../shared/sync'
import { DomainError } from '../errors'
import type { OfficialDocument } from '../pdf/official'
import type { ReceiptData } from '../receipt'
import type { ExportFileSpec } from '../services/exportFile'
import { SyncFailure } from '../sync/failure'
import type { SealedEvent } from '../sync/pullPrepare'

// The work the station hands to its worker threads, typed once for both
// sides: each task's input and output travel by structured clone (so plain
// data, Dates and byte arrays), PDFs come back as bytes.

export interface Tasks {
  /** A case's receipt (receipt.ts). */
  'pdf.receipt': { input: ReceiptData; output: Uint8Array }
  /** A case's official document (pdf/official.ts). */
  'pdf.document': { input: OfficialDocument; output: Uint8Array }
  /** The rapor as a PDF (pdf/rapor.ts). */
  'pdf.rapor': { input: { view: RaporView; variant: ExportVariant; now: Date }; output: Uint8Array }
  /** Pulled events checked against their hashes and schemas, and sealed (sync/pullPrepare.ts). */
  'pull.prepare': { input: WireEvent[]; output: SealedEvent[] }
  /** An export file opened in this worker; the answer names it for the two below. */
  'export.open': { input: ExportFileSpec; output: number }
  /** A batch of rows as the database gave them: the UTF-8 bytes of one JSON array of ExportRow. */
  'export.rows': { input: { file: number; rows: Uint8Array }; output: null }
  'export.end': { input: { file: number }; output: null }
}

export type TaskName = keyof Tasks

/** Main thread → worker. The key comes first and once; tasks follow. */
export type ToWorker =
  | { kind: 'key'; key: Uint8Array }
  | { [K in TaskName]: { kind: 'task'; id: number; task: K; input: Tasks[K]['input'] } }[TaskName]

/** Worker → main thread: one answer per task. */
export type FromWorker =
  { id: number; ok: true; output: unknown } | { id: number; ok: false; error: WireError }

/**
 * A failure as it crosses between threads. The two kinds of error the desk
 * reads in words keep what it reads: a DomainError its code and message key,
 * a SyncFailure its message key and whether to retry.
 */
export type WireError =
  | { kind: 'domain'; code: ApiErrorCode; messageKey: string; issues?: ApiIssue[] }
  | { kind: 'sync'; messageKey: string; retry: boolean }
  | { kind: 'error'; name: string; message: string; stack?: string | undefined }

export function toWireError(err: unknown): WireError {
  if (err instanceof DomainError) {
    return {
      kind: 'domain',
      code: err.code,
      messageKey: err.messageKey,
      ...(err.issues ? { issues: err.issues } : {}),
    }
  }
  if (err instanceof SyncFailure) {
    return { kind: 'sync', messageKey: err.messageKey, retry: err.retry }
  }
  const e = err instanceof Error ? err : new Error(String(err))
  return { kind: 'error', name: e.name, message: e.message, stack: e.stack }
}

export function fromWireError(w: WireError): Error {
  if (w.kind === 'domain') return new DomainError(w.code, w.messageKey, w.issues)
  if (w.kind === 'sync') return new SyncFailure(w.messageKey, w.retry)
  const err = new Error(w.message)
  err.name = w.name
  // The worker's stack says where it failed; this thread's would only name the pool.
  if (w.stack) err.stack = w.stack
  return err
}
