import { randomBytes } from 'node:crypto'
import { ADMIN_LABEL_MAX, centreActor } from '../../shared/sync'
import type { ServerDb } from '../db'
import { sha256hex } from './crypto'
import { Refused } from './refused'

// Admin tokens, for the centre's own staff and tools; only their hashes are kept.

export async function createAdminToken(db: ServerDb, label: string, now: Date): Promise<string> {
  const name = label.trim()
  if (name.length === 0 || name.length > ADMIN_LABEL_MAX) {
    throw new Refused(400, {
      code: 'label',
      reason: `the token label must be 1–${ADMIN_LABEL_MAX} characters (it names the admin in what they record)`,
    })
  }
  const token = randomBytes(32).toString('base64url')
  await db('admin_tokens').insert({
    token_hash: sha256hex(token),
    label: name,
    created_at: now.toISOString(),
  })
  return token
}

/** Checks an admin token and answers who it is: the actor recorded for what the admin does. */
export async function checkAdminToken(
  db: ServerDb,
  authorization: string | undefined,
): Promise<string> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '')
  const row = m
    ? ((await db('admin_tokens')
        .where({ token_hash: sha256hex(m[1]!) })
        .first('label')) as { label: string } | undefined)
    : undefined
  if (!row)
    throw new Refused(401, { code: 'unauthorized', reason: 'a valid admin token is required' })
  return centreActor(row.label)
}
