import type { ApiErrorCode, ApiIssue } from '../shared/api'

/** A refusal a person can act on; dispatch turns it into an ApiError. */
export class DomainError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    /** Message key with parameters, see shared/messages.ts. */
    readonly messageKey: string = `error.${code}`,
    readonly issues?: ApiIssue[],
  ) {
    super(messageKey)
    this.name = 'DomainError'
  }
}
