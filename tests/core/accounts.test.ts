import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  api,
  type ApiMethod,
  type AuthState,
  type CaseDetail,
  type CasePage,
  type CreatedCase,
} from '../../src/shared/api'
import { METHOD_ACCESS, ROLES, type Role } from '../../src/shared/roles'
import { openStation, type Station } from '../../src/core/station'
import { hashPassword, verifyPassword } from '../../src/core/services/accounts'
import { tempDir, validIntake } from '../helpers'
import { asUser } from '../support/actors'
import { TEST_KEYS } from '../support/keys'

const METHODS = Object.keys(api) as ApiMethod[]

describe('roles: every method as every role', () => {
  let dir: ReturnType<typeof tempDir>
  let station: Station
  beforeEach(async () => {
    dir = tempDir()
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      autoSync: false,
      log: () => {},
    })
  })
  afterEach(async () => {
    await station.close()
    dir.remove()
  })

  it('refuses exactly what the table forbids, before reading the input', async () => {
    let checked = 0
    for (const method of METHODS) {
      const access = METHOD_ACCESS[method]
      const anon = await station.dispatch(method, {}, { transport: 'test' })
      if (access === 'public')
        expect(anon.ok || anon.error.code !== 'unauthenticated', method).toBe(true)
      else expect(!anon.ok && anon.error.code, method).toBe('unauthenticated')
      for (const role of ROLES) {
        const r = await station.dispatch(method, {}, asUser(`u-${role}`, role))
        const allowed = access === 'public' || access === 'signedIn' || access.includes(role)
        const refusedByRole =
          !r.ok && (r.error.code === 'forbidden' || r.error.code === 'unauthenticated')
        expect(refusedByRole, `${method} as ${role}`).toBe(!allowed)
        checked++
      }
    }
    expect(checked).toBe(METHODS.length * ROLES.length)
  })

  it('keeps roles apart where it matters', () => {
    const may = (m: ApiMethod, r: Role) => {
      const a = METHOD_ACCESS[m]
      return a === 'public' || a === 'signedIn' || a.includes(r)
    }
    expect(may('case.create', 'frontdesk')).toBe(true)
    expect(may('case.screen', 'frontdesk')).toBe(false)
    expect(may('case.create', 'admin')).toBe(false)
    expect(may('user.save', 'supervisor')).toBe(false)
    expect(may('sync.exportBatch', 'auditor')).toBe(false)
    expect(may('sync.exportBatch', 'supervisor')).toBe(true)
    expect(may('settings.update', 'admin')).toBe(true)
  })
})

describe('accounts', () => {
  let dir: ReturnType<typeof tempDir>
  let station: Station
  let clock = new Date('2026-11-23T03:00:00Z')
  beforeEach(async () => {
    dir = tempDir()
    clock = new Date('2026-11-23T03:00:00Z')
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      autoSync: false,
      now: () => clock,
      log: () => {},
    })
  })
  afterEach(async () => {
    await station.close()
    dir.remove()
  })

  const call = async (method: string, input: unknown, session?: string | null) => {
    const r = await station.dispatch(method, input, { transport: 'http', session: session ?? null })
    return r
  }
  const setup = async () => {
    const r = await call('auth.setup', {
      stationName: 'Inspektorat Kab. Uji',
      username: 'Admin',
      displayName: 'Admin Loket',
      password: 'sandi-admin-panjang',
    })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return (r.result as AuthState).sessionToken!
  }

  it('sets up the station once, with its first admin', async () => {
    const state = await call('auth.state', {})
    expect(state.ok && (state.result as AuthState).needsSetup).toBe(true)
    const token = await setup()
    const me = await call('auth.state', {}, token)
    expect(me.ok && (me.result as AuthState).user).toMatchObject({
      username: 'admin',
      role: 'admin',
    })
    const again = await call('auth.setup', {
      stationName: 'X',
      username: 'lain',
      displayName: 'Lain',
      password: 'sandi-lain-panjang',
    })
    expect(!again.ok && again.error.code).toBe('conflict')
    const settings = await call('settings.get', {}, token)
    expect(settings.ok && (settings.result as { stationName: string }).stationName).toBe(
      'Inspektorat Kab. Uji',
    )
  })

  it('hashes passwords with scrypt and never stores them or session tokens in clear', async () => {
    const token = await setup()
    const row = await station.db('users').first()
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(row.password_hash).not.toContain('sandi-admin-panjang')
    const session = await station.db('sessions').first()
    expect(session.token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(session.token_hash).not.toBe(token)
    expect(await verifyPassword('sandi-admin-panjang', row.password_hash)).toBe(true)
    expect(await verifyPassword('sandi-admin-panjanG', row.password_hash)).toBe(false)
    expect(await hashPassword('x')).not.toBe(await hashPassword('x'))
  })

  it('locks an account after five wrong passwords, for fifteen minutes', async () => {
    await setup()
    for (let i = 0; i < 4; i++) {
      const r = await call('auth.login', { username: 'admin', password: 'salah' })
      expect(!r.ok && r.error.code).toBe('unauthenticated')
    }
    const fifth = await call('auth.login', { username: 'admin', password: 'salah' })
    expect(!fifth.ok && fifth.error.code).toBe('locked')
    const right = await call('auth.login', { username: 'admin', password: 'sandi-admin-panjang' })
    expect(!right.ok && right.error.message).toMatch(/15 menit/)
    clock = new Date(clock.getTime() + 16 * 60_000)
    const later = await call('auth.login', { username: 'admin', password: 'sandi-admin-panjang' })
    expect(later.ok).toBe(true)
    const unknown = await call('auth.login', { username: 'tidakada', password: 'salah' })
    expect(!unknown.ok && unknown.error.code).toBe('unauthenticated')
  })

  it('ends a session after thirty idle minutes, and on sign-out', async () => {
    const token = await setup()
    clock = new Date(clock.getTime() + 29 * 60_000)
    expect((await call('case.list', {}, token)).ok).toBe(true)
    clock = new Date(clock.getTime() + 29 * 60_000)
    expect((await call('case.list', {}, token)).ok).toBe(true)
    clock = new Date(clock.getTime() + 31 * 60_000)
    const idle = await call('case.list', {}, token)
    expect(!idle.ok && idle.error.code).toBe('unauthenticated')
    const fresh = await call('auth.login', { username: 'admin', password: 'sandi-admin-panjang' })
    const t2 = (fresh.ok && (fresh.result as AuthState).sessionToken) as string
    await call('auth.logout', {}, t2)
    const after = await call('case.list', {}, t2)
    expect(!after.ok && after.error.code).toBe('unauthenticated')
  })

  it('lets the admin manage accounts; the last admin stays; deactivation signs out', async () => {
    const admin = await setup()
    const save = (input: object) => call('user.save', input, admin)
    expect(
      (await save({ username: 'siti', displayName: 'Siti', role: 'frontdesk', active: true })).ok,
    ).toBe(false)
    expect(
      (
        await save({
          username: 'siti',
          displayName: 'Siti',
          role: 'frontdesk',
          active: true,
          password: 'sandi-siti-12',
        })
      ).ok,
    ).toBe(true)
    const login = await call('auth.login', { username: 'siti', password: 'sandi-siti-12' })
    const siti = (login.ok && (login.result as AuthState).sessionToken) as string
    expect((await call('case.create', validIntake(), siti)).ok).toBe(true)
    expect((await call('user.list', {}, siti)).ok).toBe(false)
    await save({ username: 'siti', displayName: 'Siti', role: 'frontdesk', active: false })
    expect((await call('case.list', {}, siti)).ok).toBe(false)
    const demote = await save({
      username: 'admin',
      displayName: 'Admin',
      role: 'auditor',
      active: true,
    })
    expect(!demote.ok && demote.error.message).toMatch(/satu admin/)
    const short = await call(
      'auth.changePassword',
      { current: 'sandi-admin-panjang', next: 'pendek' },
      admin,
    )
    expect(!short.ok && short.error.issues?.[0]?.message).toBe('validation.passwordShort|min=10')
  })

  it('unlocks a locked window with the same user’s password only', async () => {
    const token = await setup()
    const wrong = await call('auth.unlock', { password: 'salah' }, token)
    // Refused as a wrong field, not as a lost session: the window stays locked.
    expect(!wrong.ok && wrong.error.code).toBe('invalid_input')
    const right = await call('auth.unlock', { password: 'sandi-admin-panjang' }, token)
    expect(right.ok && (right.result as AuthState).user?.username).toBe('admin')
    expect((await call('settings.get', {}, token)).ok).toBe(true)
  })
})

describe('confidential content and the audit of reads', () => {
  let dir: ReturnType<typeof tempDir>
  let station: Station
  beforeEach(async () => {
    dir = tempDir()
    station = await openStation({
      keys: TEST_KEYS,
      dataDir: dir.path,
      autoSync: false,
      log: () => {},
    })
  })
  afterEach(async () => {
    await station.close()
    dir.remove()
  })
  const as = async <T>(role: Role, method: string, input: unknown): Promise<T> => {
    const r = await station.dispatch(method, input, asUser(`u-${role}`, role))
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.result as T
  }

  it('shows a confidential complaint’s content only to the roles that handle it', async () => {
    const c = await as<CreatedCase>(
      'frontdesk',
      'case.create',
      validIntake({
        confidential: true,
        subject: 'Suap perizinan',
        description: 'Rincian rahasia',
      }),
    )
    const desk = await as<CaseDetail>('frontdesk', 'case.get', { id: c.id })
    expect(desk.redacted).toBe(true)
    expect(JSON.stringify(desk)).not.toMatch(/Suap perizinan|Rincian rahasia|Budi/)
    const list = await as<CasePage>('admin', 'case.list', {})
    expect(JSON.stringify(list)).not.toContain('Suap perizinan')
    const auditor = await as<CaseDetail>('auditor', 'case.get', { id: c.id })
    expect(auditor.subject).toBe('Suap perizinan')
    const reads = await station.db('audit_reads').where({ case_id: c.id }).orderBy('id')
    expect(reads.map((r: { username: string; what: string }) => `${r.username}:${r.what}`)).toEqual(
      ['u-auditor:identity', 'u-auditor:confidential'],
    )
  })

  it('records who acted on every event', async () => {
    const c = await as<CreatedCase>('frontdesk', 'case.create', validIntake())
    const d = await as<CaseDetail>('supervisor', 'case.get', { id: c.id })
    expect(d.timeline[0]!.actor).toBe('u-frontdesk')
  })
})
