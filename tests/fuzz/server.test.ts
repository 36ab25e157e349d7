import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto'
import fc from 'fast-check'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AUTH_HEADERS, requestSigningMaterial } from '../../src/shared/sync'
import type { Station } from '../../src/core/station'
import { createAdminToken } from '../../src/server/central/adminTokens'
import { tempDir, validIntake } from '../helpers'
import { call, enrolledStation, startCentral, type Backend, type Central } from '../support/central'
import { databaseFingerprint } from '../support/fingerprint'
import { signingKeyOf } from '../support/keys'

// Random and malformed requests to every route of the central server: never a
// 5xx, always a code and a reason on a 4xx, and nothing stored on a refusal.
const pgUrl = inject('pgUrl')
const RUNS: Record<Backend, number> = { sqlite: 150, pg: 40 }

type Send = (request: InjectOptions) => Promise<LightMyRequestResponse>
type Nonce = { nonce: string; station_id: string; expires_at: number | string }

// The replay guard records the nonce of every correctly signed request before the
// route looks at it, refused or not (a refused request must not be replayable
// either), and now and then sweeps out expired nonces. A refusal may change that
// table in those two ways only; every other table must stay as it was.
const NONCES = 'request_nonces'
function expectOnlyOwnNonce(before: Nonce[], after: Nonce[], own: string | undefined) {
  const now = Date.now()
  const afterIds = new Set(after.map((n) => n.nonce))
  const kept = before.filter((n) => afterIds.has(n.nonce) || Number(n.expires_at) >= now)
  expect(after.filter((n) => n.nonce !== own)).toEqual(kept)
}

describe.each<Backend>(['sqlite', 'pg'])('fuzzing every server route (%s)', (backend) => {
  let central: Central
  let station: Station
  const dir = tempDir()
  let admin = ''
  let routes: Array<{ method: string; url: string }> = []
  beforeAll(async () => {
    central = await startCentral(backend, pgUrl, {
      LOKET_RATE_LIMIT: '1000000',
      LOKET_ENROL_RATE_LIMIT: '1000000',
      LOKET_STATUS_RATE_LIMIT: '1000000',
    })
    station = await enrolledStation(central, dir.path)
    await call(station, 'case.create', validIntake())
    await call(station, 'sync.now', {})
    admin = await createAdminToken(central.db, 'fuzz', new Date())
    const doc = central.app.swagger() as { paths: Record<string, Record<string, unknown>> }
    routes = Object.entries(doc.paths).flatMap(([url, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), url })),
    )
    routes.push({ method: 'GET', url: '/openapi.json' })
  })
  afterAll(async () => {
    await station.close()
    await central.close()
    dir.remove()
  })

  const segment = fc.oneof(
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.constantFrom(
      '..%2F..%2Fetc',
      '%00',
      'ABCD-261123-0001-X',
      'a'.repeat(64),
      '00000000-0000-4000-8000-000000000000',
    ),
  )
  const body = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 500 }),
    fc.constantFrom('{', 'null', '[]', '{"protocol":1,"events":[]}', 'x'.repeat(300_000)),
  )

  /**
   * Sends `runs` random requests and returns how many reached the server and
   * passed every check. `through` stands between the fuzzer and the server: the
   * last test uses it to break things on purpose.
   */
  async function fuzzRoutes(runs: number, through: (toServer: Send) => Send = (f) => f) {
    const privateKey = await signingKeyOf(station.db)
    const key = createPrivateKey({
      key: Buffer.from(privateKey, 'base64'),
      format: 'der',
      type: 'pkcs8',
    })
    let sent = 0
    const send = through((request) => {
      sent++
      return central.app.inject(request)
    })
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        segment,
        fc.option(fc.string({ maxLength: 60 }).map(encodeURIComponent)),
        body,
        fc.constantFrom('json', 'octet', 'text', 'none'),
        fc.constantFrom('none', 'admin', 'signed', 'garbage'),
        async (which, param, query, payload, type, auth) => {
          const route = routes[which % routes.length]!
          const url = route.url.replace(/\{[^}]+\}/g, param) + (query ? `?${query}` : '')
          const headers: Record<string, string> = {}
          if (type === 'json') headers['content-type'] = 'application/json'
          if (type === 'octet') headers['content-type'] = 'application/octet-stream'
          if (type === 'text') headers['content-type'] = 'text/plain'
          const bytes = route.method === 'GET' ? Buffer.alloc(0) : Buffer.from(payload)
          if (auth === 'admin') headers['authorization'] = `Bearer ${admin}`
          if (auth === 'garbage') {
            headers[AUTH_HEADERS.station] = param
            headers[AUTH_HEADERS.signature] = payload.slice(0, 90)
            headers[AUTH_HEADERS.time] = String(which)
            headers[AUTH_HEADERS.nonce] = 'zz'
          }
          if (auth === 'signed') {
            const time = String(Date.now())
            const nonce = randomBytes(16).toString('hex')
            const material = requestSigningMaterial({
              method: route.method,
              url,
              time,
              nonce,
              bodySha256: createHash('sha256').update(bytes).digest('hex'),
            })
            headers[AUTH_HEADERS.station] = station.sync.stationId
            headers[AUTH_HEADERS.time] = time
            headers[AUTH_HEADERS.nonce] = nonce
            headers[AUTH_HEADERS.signature] = sign(null, Buffer.from(material), key).toString(
              'base64',
            )
          }
          const nonces = () => central.db<Nonce>(NONCES).orderBy('nonce').select('*')
          const before = await databaseFingerprint(central.db, { except: [NONCES] })
          const noncesBefore = await nonces()
          const res = await send({
            method: route.method as 'GET',
            url,
            headers,
            ...(route.method === 'GET' ? {} : { payload: bytes }),
          })
          expect(res.statusCode, `${route.method} ${url}`).toBeLessThan(500)
          if (res.statusCode >= 400) {
            const b = res.json() as { code?: unknown; reason?: unknown }
            expect(typeof b.code).toBe('string')
            expect(typeof b.reason).toBe('string')
            expect(
              await databaseFingerprint(central.db, { except: [NONCES] }),
              'a refusal changed the database',
            ).toEqual(before)
            expectOnlyOwnNonce(noncesBefore, await nonces(), headers[AUTH_HEADERS.nonce])
          }
        },
      ),
      { numRuns: runs, seed: 20261123 },
    )
    return sent
  }

  it('refuses cleanly whatever it is sent', { timeout: 180_000 }, async () => {
    expect(await fuzzRoutes(RUNS[backend] * 10)).toBe(RUNS[backend] * 10)
  })

  it('fails when a refusal rewrites a row in place, or requests never reach the server', async () => {
    /** The check that fails when every refusal is followed by `write`. */
    const failedCheck = async (write: () => Promise<unknown>) => {
      const writesOnRefusal =
        (toServer: Send): Send =>
        async (request) => {
          const res = await toServer(request)
          if (res.statusCode >= 400) await write()
          return res
        }
      const failure = await fuzzRoutes(5, writesOnRefusal).then(
        () => undefined,
        (e: unknown) => e,
      )
      return String((failure as Error | undefined)?.cause)
    }
    const stations = () => central.db('stations').orderBy('id').select('id', 'name')
    const stationsBefore = await stations()
    expect(
      await failedCheck(() =>
        central.db('stations').update({ name: central.db.raw(`name || '~'`) }),
      ),
    ).toMatch(/a refusal changed the database/)
    // Even the replay guard's table is held to its rule: no nonce may be rewritten.
    expect(
      await failedCheck(() =>
        central.db(NONCES).update({ expires_at: central.db.raw('expires_at + 1') }),
      ),
    ).toMatch(/expected \[.*\] to deeply equal/s)
    // Rewritten in place, no row added or removed: counting rows would not have seen it.
    const stationsAfter = await stations()
    expect(stationsAfter.map((r) => r.id)).toEqual(stationsBefore.map((r) => r.id))
    expect(stationsAfter.map((r) => r.name)).not.toEqual(stationsBefore.map((r) => r.name))

    // A stand-in that answers every other request itself: the count comes up short.
    let n = 0
    const skipsHalf =
      (toServer: Send): Send =>
      (request) =>
        n++ % 2 === 0 ? toServer(request) : central.app.inject({ url: '/health' })
    expect(await fuzzRoutes(20, skipsHalf)).toBe(10)
  })
})
