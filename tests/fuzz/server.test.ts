import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AUTH_HEADERS, requestSigningMaterial } from '../../src/shared/sync'
import type { Station } from '../../src/core/station'
import { createAdminToken } from '../../src/server/central'
import { tempDir, validIntake } from '../helpers'
import { call, enrolledStation, startCentral, type Backend, type Central } from '../support/central'
import { signingKeyOf } from '../support/keys'

// Random and malformed requests to every route of the central server: never a
// 5xx, always a code and a reason on a 4xx, and nothing stored on a refusal.
const pgUrl = inject('pgUrl')
const RUNS: Record<Backend, number> = { sqlite: 150, pg: 40 }

async function serverFingerprint(central: Central): Promise<string> {
  const parts: string[] = []
  for (const table of [
    'stations',
    'enrolment_codes',
    'events',
    'batches',
    'cases',
    'conflicts',
    'attachments',
    'admin_tokens',
    'identity_reads',
  ]) {
    const [row] = (await central.db(table).count({ n: '*' })) as { n: number | string }[]
    parts.push(`${table}:${row?.n}`)
  }
  return parts.join(',')
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

  it('refuses cleanly whatever it is sent', { timeout: 180_000 }, async () => {
    const privateKey = await signingKeyOf(station.db)
    const key = createPrivateKey({
      key: Buffer.from(privateKey, 'base64'),
      format: 'der',
      type: 'pkcs8',
    })
    let sent = 0
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
          const before = await serverFingerprint(central)
          const res = await central.app.inject({
            method: route.method as 'GET',
            url,
            headers,
            ...(route.method === 'GET' ? {} : { payload: bytes }),
          })
          sent++
          expect(res.statusCode, `${route.method} ${url}`).toBeLessThan(500)
          if (res.statusCode >= 400) {
            const b = res.json() as { code?: unknown; reason?: unknown }
            expect(typeof b.code).toBe('string')
            expect(typeof b.reason).toBe('string')
            expect(await serverFingerprint(central)).toBe(before)
          }
        },
      ),
      { numRuns: RUNS[backend] * 10, seed: 20261123 },
    )
    expect(sent).toBe(RUNS[backend] * 10)
  })
})
