import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto'
import type { AuthState, UserRecord } from '../../shared/api'
import type { Role, SessionUser } from '../../shared/roles'
import type { Db } from '../db'
import { DomainError } from '../errors'
import { readSetting, stationZone, writeSetting } from './settings'
import type { StationZone } from '../../shared/timeZone'

// Local accounts: scrypt-hashed passwords, lockout after repeated failures,
// sessions that expire when idle. Only hashes of passwords and session tokens
// are stored.

/** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB of memory per hash, about 0.1 s here. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32, maxmem: 64 * 1024 * 1024 }
export const MAX_FAILURES = 5
export const LOCKOUT_MINUTES = 15
/** A session ends after this long without a call … */
export const SESSION_IDLE_MINUTES = 30
/** … and the window locks itself sooner, keeping the session. */
export const IDLE_LOCK_MINUTES = 10

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      SCRYPT.keylen,
      { N, r, p, maxmem: SCRYPT.maxmem },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p)
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, N, r, p, salt, key] = stored.split('$')
  if (alg !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const got = await derive(password, Buffer.from(salt, 'base64'), Number(N), Number(r), Number(p))
  return got.length === expected.length && timingSafeEqual(got, expected)
}

// Compared against when the user name is unknown, so both cases take the same time.
const DUMMY = hashPassword('loket-no-such-user')

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

interface UserRow {
  id: string
  username: string
  display_name: string
  role: Role
  password_hash: string
  active: number | boolean
  failed_attempts: number
  locked_until: string | null
  created_at: string
}

const toSessionUser = (u: UserRow): SessionUser => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
})

const toRecord = (u: UserRow): UserRecord => ({
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  active: Boolean(u.active),
  lockedUntil: u.locked_until,
  createdAt: u.created_at,
})

async function stateFor(db: Db, user: SessionUser | null): Promise<AuthState> {
  const count = (await db('users').count({ n: '*' })) as { n: number }[]
  return {
    needsSetup: Number(count[0]?.n ?? 0) === 0,
    stationName: (await readSetting(db, 'stationName')) ?? 'Loket Pengaduan',
    timeZone: await stationZone(db),
    user,
    idleLockMinutes: IDLE_LOCK_MINUTES,
  }
}

export const authState = stateFor

async function openSession(db: Db, user: UserRow, now: Date): Promise<AuthState> {
  const token = randomBytes(32).toString('base64url')
  await db('sessions').insert({
    token_hash: tokenHash(token),
    user_id: user.id,
    created_at: now.toISOString(),
    last_seen: now.toISOString(),
  })
  return { ...(await stateFor(db, toSessionUser(user))), sessionToken: token }
}

/** First run: the station's name and its first admin, once. */
export async function setupStation(
  db: Db,
  input: {
    stationName: string
    username: string
    displayName: string
    password: string
    timeZone?: StationZone | undefined
  },
  now: Date,
): Promise<AuthState> {
  const hash = await hashPassword(input.password)
  const user = await db.transaction(async (trx) => {
    const count = (await trx('users').count({ n: '*' })) as { n: number }[]
    if (Number(count[0]?.n ?? 0) > 0) throw new DomainError('conflict', 'error.setupDone')
    const row: UserRow = {
      id: randomUUID(),
      username: input.username,
      display_name: input.displayName.trim(),
      role: 'admin',
      password_hash: hash,
      active: true,
      failed_attempts: 0,
      locked_until: null,
      created_at: now.toISOString(),
    }
    await trx('users').insert(row)
    await writeSetting(trx, 'stationName', input.stationName.trim())
    if (input.timeZone) await writeSetting(trx, 'timeZone', input.timeZone)
    return row
  })
  return openSession(db, user, now)
}

export async function login(
  db: Db,
  input: { username: string; password: string },
  now: Date,
): Promise<AuthState> {
  const user = (await db('users')
    .where({ username: input.username.trim().toLowerCase() })
    .first()) as UserRow | undefined
  if (!user || !user.active) {
    await verifyPassword(input.password, await DUMMY)
    throw new DomainError('unauthenticated', 'error.badLogin')
  }
  if (user.locked_until && user.locked_until > now.toISOString()) {
    const minutes = Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 60_000)
    throw new DomainError('locked', `error.locked|minutes=${minutes}`)
  }
  if (!(await verifyPassword(input.password, user.password_hash))) {
    const failures = user.failed_attempts + 1
    const lock = failures >= MAX_FAILURES
    await db('users')
      .where({ id: user.id })
      .update({
        failed_attempts: lock ? 0 : failures,
        locked_until: lock
          ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString()
          : null,
      })
    if (lock) throw new DomainError('locked', `error.locked|minutes=${LOCKOUT_MINUTES}`)
    throw new DomainError('unauthenticated', 'error.badLogin')
  }
  await db('users').where({ id: user.id }).update({ failed_attempts: 0, locked_until: null })
  return openSession(db, user, now)
}

/** The signed-in user behind a session token, or null; a call keeps the session alive. */
export async function resolveSession(
  db: Db,
  token: string | null | undefined,
  now: Date,
): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null
  const hash = tokenHash(token)
  const row = (await db('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where({ 's.token_hash': hash })
    .first('u.*', 's.last_seen')) as (UserRow & { last_seen: string }) | undefined
  if (!row || !row.active) return null
  const idle = now.getTime() - Date.parse(row.last_seen)
  if (idle > SESSION_IDLE_MINUTES * 60_000) {
    await db('sessions').where({ token_hash: hash }).delete()
    return null
  }
  // Touch at most once a minute: reads stay reads.
  if (idle > 60_000)
    await db('sessions').where({ token_hash: hash }).update({ last_seen: now.toISOString() })
  return toSessionUser(row)
}

export async function logout(db: Db, token: string | null | undefined): Promise<AuthState> {
  if (token)
    await db('sessions')
      .where({ token_hash: tokenHash(token) })
      .delete()
  return stateFor(db, null)
}

/** The locked window asks for the signed-in user's password again. */
export async function unlock(
  db: Db,
  user: SessionUser,
  password: string,
  now: Date,
): Promise<AuthState> {
  const state = await login(db, { username: user.username, password }, now).catch(
    (err: unknown) => {
      // A wrong password here keeps the session: the window stays locked, not signed out.
      if (err instanceof DomainError && err.code === 'unauthenticated') {
        throw new DomainError('invalid_input', 'error.badLogin', [
          { path: 'password', message: 'error.badLogin' },
        ])
      }
      throw err
    },
  )
  // The window keeps its session; the one just opened is not needed.
  if (state.sessionToken) await logout(db, state.sessionToken)
  return stateFor(db, user)
}

export async function changePassword(
  db: Db,
  user: SessionUser,
  input: { current: string; next: string },
): Promise<{ changed: true }> {
  const row = (await db('users').where({ id: user.id }).first()) as UserRow
  if (!(await verifyPassword(input.current, row.password_hash))) {
    throw new DomainError('invalid_input', 'error.invalid_input', [
      { path: 'current', message: 'error.badLogin' },
    ])
  }
  await db('users')
    .where({ id: user.id })
    .update({ password_hash: await hashPassword(input.next) })
  return { changed: true }
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
  return ((await db('users').orderBy('username')) as UserRow[]).map(toRecord)
}

export async function saveUser(
  db: Db,
  input: {
    username: string
    displayName: string
    role: Role
    active: boolean
    password?: string | undefined
  },
  now: Date,
): Promise<UserRecord> {
  const hash = input.password ? await hashPassword(input.password) : null
  return db.transaction(async (trx) => {
    const existing = (await trx('users').where({ username: input.username }).first()) as
      UserRow | undefined
    if (!existing) {
      if (!hash) {
        throw new DomainError('invalid_input', 'error.invalid_input', [
          { path: 'password', message: 'error.passwordRequired' },
        ])
      }
      const row: UserRow = {
        id: randomUUID(),
        username: input.username,
        display_name: input.displayName.trim(),
        role: input.role,
        password_hash: hash,
        active: input.active,
        failed_attempts: 0,
        locked_until: null,
        created_at: now.toISOString(),
      }
      await trx('users').insert(row)
      return toRecord(row)
    }
    if (existing.role === 'admin' && (input.role !== 'admin' || !input.active)) {
      const admins = (await trx('users')
        .where({ role: 'admin', active: true })
        .count({ n: '*' })) as {
        n: number
      }[]
      if (Number(admins[0]?.n) <= 1) {
        throw new DomainError('conflict', 'error.lastAdmin')
      }
    }
    const patch = {
      display_name: input.displayName.trim(),
      role: input.role,
      active: input.active,
      ...(hash ? { password_hash: hash, failed_attempts: 0, locked_until: null } : {}),
    }
    await trx('users').where({ id: existing.id }).update(patch)
    // A deactivated account or a changed role signs out everywhere.
    if (!input.active || input.role !== existing.role)
      await trx('sessions').where({ user_id: existing.id }).delete()
    return toRecord({ ...existing, ...patch } as UserRow)
  })
}

export async function resetPassword(
  db: Db,
  input: { username: string; password: string },
): Promise<{ changed: true }> {
  const hash = await hashPassword(input.password)
  const n = await db('users')
    .where({ username: input.username })
    .update({ password_hash: hash, failed_attempts: 0, locked_until: null })
  if (n === 0) throw new DomainError('not_found')
  const user = (await db('users').where({ username: input.username }).first('id')) as { id: string }
  await db('sessions').where({ user_id: user.id }).delete()
  return { changed: true }
}

/** Records that a user saw sensitive data of a case. */
export async function auditRead(
  db: Db,
  user: SessionUser,
  action: string,
  caseId: string,
  what: string,
  now: Date,
): Promise<void> {
  await db('audit_reads').insert({
    user_id: user.id,
    username: user.username,
    action,
    case_id: caseId,
    what,
    at: now.toISOString(),
  })
}
