import { refusalSchema } from '../../shared/sync'

/** A failure of one cycle, described by a message key for the person at the desk. */
export class SyncFailure extends Error {
  constructor(
    readonly messageKey: string,
    readonly retry: boolean,
  ) {
    super(messageKey)
    this.name = 'SyncFailure'
  }
}

/** A value for a message key's parameters: without the key's separators, not too long. */
export const param = (s: string) => s.replace(/[|=]/g, ' ').slice(0, 300)

/** The reason the centre gave for a refusal, or its HTTP status when it gave none. */
export function refusalReason(json: unknown, status: number): string {
  const r = refusalSchema.safeParse(json)
  return r.success ? r.data.reason : `HTTP ${status}`
}

/** A refusal by the centre: sending the same again will not help. */
export function refused(json: unknown, status: number): SyncFailure {
  return new SyncFailure(`sync.error.refused|reason=${param(refusalReason(json, status))}`, false)
}
