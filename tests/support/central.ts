import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import knex from 'knex'
import type { FetchLike } from '../../src/core/sync/client'
import { openStation, type Station, type StationOptions } from '../../src/core/station'
import { buildServer } from '../../src/server/app'
import {
  ensureCentralIdentity,
  type CentralIdentity,
} from '../../src/server/central/centralIdentity'
import { createEnrolmentCode } from '../../src/server/central/enrolment'
import { loadConfig } from '../../src/server/config'
import { migrateServer, openServerDb, type ServerDb } from '../../src/server/db'
import { tempDir } from '../helpers'
import { as } from './actors'
import { TEST_KEYS } from './keys'

export type Backend = 'sqlite' | 'pg'

export interface Central {
  app: FastifyInstance
  db: ServerDb
  identity: CentralIdentity
  dataDir: string
  /** The centre's clock (the test's, or the real one). */
  now(): Date
  close(): Promise<void>
}

/** A fresh database in the run's PostgreSQL cluster. */
export async function createPgDatabase(baseUrl: string): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`
  const admin = knex({ client: 'pg', connection: `${baseUrl}/postgres` })
  try {
    await admin.raw(`CREATE DATABASE ${name}`)
  } finally {
    await admin.destroy()
  }
  return `${baseUrl}/${name}`
}

/** A central server on its own database, served through inject (no port). */
export async function startCentral(
  backend: Backend,
  pgUrl: string,
  env: Record<string, string> = {},
  now?: () => Date,
): Promise<Central> {
  const dir = tempDir('loket-central-')
  const databaseUrl = backend === 'pg' ? await createPgDatabase(pgUrl) : undefined
  const config = loadConfig({
    LOKET_SERVER_DATA: dir.path,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    LOKET_LOG_LEVEL: 'silent',
    ...env,
  })
  const db = openServerDb(config)
  await migrateServer(db)
  const identity = await ensureCentralIdentity(db, now ? now() : new Date())
  const app = await buildServer({ db, identity, config, logger: false, ...(now ? { now } : {}) })
  await app.ready()
  return {
    app,
    db,
    identity,
    dataDir: dir.path,
    now: now ?? (() => new Date()),
    close: async () => {
      await app.close()
      dir.remove()
    },
  }
}

export const CENTRAL_URL = 'http://central.test'

/** Carries a station's requests to the app in-process, as fetch would over the network. */
export function injectFetch(app: FastifyInstance): FetchLike {
  return async (url, init) => {
    const u = new URL(url)
    const res = await app.inject({
      method: init.method as 'GET',
      url: u.pathname + u.search,
      headers: init.headers,
      ...(init.body !== undefined ? { payload: Buffer.from(init.body) } : {}),
    })
    return { status: res.statusCode, json: async () => JSON.parse(res.body) as unknown }
  }
}

export async function call<T>(station: Station, method: string, input: unknown): Promise<T> {
  const r = await station.dispatch(method, input, as(method))
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.result as T
}

/** A station with sync driven by hand, enrolled with the central server. */
export async function enrolledStation(
  central: Central,
  dataDir: string,
  fetch: FetchLike = injectFetch(central.app),
  options: Partial<StationOptions> = {},
): Promise<Station> {
  const station = await openStation({
    keys: TEST_KEYS,
    dataDir,
    fetch,
    autoSync: false,
    timeZone: 'Asia/Jakarta',
    ...options,
  })
  const { code } = await createEnrolmentCode(central.db, { label: 'test' }, central.now())
  await call(station, 'sync.enrol', { serverUrl: CENTRAL_URL, code, stationName: 'Kab. Uji' })
  return station
}
