// The station's sync settings: their one home. Every `sync.` key is named here
// and nowhere else in core (tests/lint/settingsKeys.test.ts holds core to it).

/** What every sync setting's key starts with; the status reads them all at once. */
export const SYNC_KEY_PREFIX = 'sync.'

export const syncKey = {
  serverUrl: 'sync.serverUrl',
  /** Sealed with the data key (see atRest.ts). */
  privateKey: 'sync.privateKey',
  publicKey: 'sync.publicKey',
  /** The central authority's X25519 key that anonymous identities are sealed to. */
  authorityPublicKey: 'sync.authorityPublicKey',
  centralStationId: 'sync.centralStationId',
  ackedSeq: 'sync.ackedSeq',
  pullCursor: 'sync.pullCursor',
  lastSuccess: 'sync.lastSuccess',
  lastAttempt: 'sync.lastAttempt',
  lastError: 'sync.lastError',
  enrolledAt: 'sync.enrolledAt',
} as const
