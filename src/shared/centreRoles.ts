// The people at the centre (the Inspektorat or Diskominfo that runs the central
// server) and what each may do in its console and API.

export const CENTRE_ROLES = ['admin', 'verifier', 'custodian', 'viewer'] as const
export type CentreRole = (typeof CENTRE_ROLES)[number]

/**
 * - admin: accounts, stations, enrolment codes, calendar and rules, conflicts;
 * - verifier: decides on cases (transitions, follow-ups), resolves conflicts;
 * - custodian: the only role that opens anonymous identities, always with a reason;
 * - viewer: reads lists, cases and the rapor.
 */
export const CENTRE_ROLE_NOTES: Record<CentreRole, string> = {
  admin: 'accounts, stations, calendar and rules',
  verifier: 'decides on cases',
  custodian: 'opens anonymous identities, with a reason',
  viewer: 'reads lists, cases and the rapor',
}

/** Who is behind a request at the centre, and the name recorded for what they do. */
export interface CentrePrincipal {
  /** A signed-in account, or an admin token for automation. */
  kind: 'account' | 'token'
  /** The actor recorded on events and logs: `pusat:<label>` for a token, `pusat:<username>` for an account. */
  actor: string
  role: CentreRole
  /** The account's username (accounts only). */
  username?: string
}
