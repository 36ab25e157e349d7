import type { Refusal } from '../../shared/sync'

/** A request the centre turns down, with the status and the refusal it answers with. */
export class Refused extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422,
    readonly refusal: Refusal,
  ) {
    super(refusal.reason)
    this.name = 'Refused'
  }
}

export const unknownCase = (): Refused =>
  new Refused(404, { code: 'unknown_case', reason: 'no such case has reached the server' })
