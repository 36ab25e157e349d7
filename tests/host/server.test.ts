import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { get, type IncomingHttpHeaders, type Server } from 'node:http'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { openStation, type Station } from '../../src/core/station'
import { createHostServer } from '../../src/host/server'
import { ApiCallError, createApiClient, httpInvoke } from '../../src/renderer/api/client'
import { translateMessage } from '../../src/shared/messages'
import { tempDir, validIntake } from '../helpers'
import { sendOversized } from '../support/oversized'
import { TEST_KEYS } from '../support/keys'

const CHUNK = 'IntakeView-B8xt_K-5.js'
const CHUNK_TEXT = `export const fields = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `field-${i}`))}\n`

/** A GET as sent, body undecoded (fetch would decompress it). */
function getRaw(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers, method }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    }).on('error', reject)
  })
}

describe('web host', () => {
  const dir = tempDir()
  const staticDir = join(dir.path, 'static')
  let station: Station
  let server: Server
  let base: string

  beforeAll(async () => {
    mkdirSync(join(staticDir, 'assets'), { recursive: true })
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Loket</title>')
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
    // As the build leaves them: a hashed chunk with its precompressed copies beside it.
    writeFileSync(join(staticDir, 'assets', CHUNK), CHUNK_TEXT)
    writeFileSync(join(staticDir, 'assets', `${CHUNK}.br`), brotliCompressSync(CHUNK_TEXT))
    writeFileSync(join(staticDir, 'assets', `${CHUNK}.gz`), gzipSync(CHUNK_TEXT))
    writeFileSync(join(staticDir, 'index.html.gz'), gzipSync('<!doctype html><title>Loket</title>'))
    writeFileSync(join(dir.path, 'secret.txt'), 'rahasia')
    station = await openStation({ keys: TEST_KEYS, dataDir: join(dir.path, 'data'), log: () => {} })
    server = createHostServer({ station, staticDir })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((r) => server.close(r))
    await station.close()
    dir.remove()
  })

  // The browser's cookie jar, for one signed-in user.
  let cookie = ''
  const post = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(cookie ? { Cookie: cookie } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })

  it('needs a signed-in session, kept in an HttpOnly same-site cookie the page cannot read', async () => {
    expect((await post('case.list', {})).status).toBe(401)
    const setup = await post('auth.setup', {
      stationName: 'Loket Uji',
      username: 'admin',
      displayName: 'Admin',
      password: 'kata-sandi-panjang',
    })
    expect(setup.status).toBe(200)
    const setCookie = setup.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^loket_session=[A-Za-z0-9_-]{40,};/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    const body = (await setup.json()) as { result: Record<string, unknown> }
    expect(body.result).not.toHaveProperty('sessionToken')
    expect(JSON.stringify(body)).not.toContain(setCookie.split(';')[0]!.split('=')[1]!)
    cookie = setCookie.split(';')[0]!
    // The admin creates a front-desk account and the tests go on as that clerk.
    expect(
      (
        await post('user.save', {
          username: 'siti',
          displayName: 'Siti',
          role: 'frontdesk',
          active: true,
          password: 'kata-sandi-siti',
        })
      ).status,
    ).toBe(200)
    expect((await post('case.create', validIntake())).status).toBe(403)
    const out = await post('auth.logout', {})
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0')
    expect((await post('case.list', {})).status).toBe(401)
    cookie = ''
    const login = await post('auth.login', { username: 'siti', password: 'kata-sandi-siti' })
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    expect((await post('case.list', {})).status).toBe(200)
    expect((await post('user.list', {})).status).toBe(403)
  })

  it('refuses a request the browser marks as cross-site (CSRF)', async () => {
    const before = (await station.db('events').count({ n: '*' }).first()) as { n: number }
    const r = await post('case.create', validIntake(), { 'Sec-Fetch-Site': 'cross-site' })
    expect(r.status).toBe(403)
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('cross_site')
    const after = (await station.db('events').count({ n: '*' }).first()) as { n: number }
    expect(after.n).toBe(before.n)
  })

  it('reaches the page as a refusal that says so, not as a lost connection', async () => {
    // The renderer's own client over this host, from a page the browser marks as another site.
    const invoke = httpInvoke((url, init) =>
      fetch(`${base}${String(url)}`, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), Origin: 'http://lain.example' },
      }),
    )
    for (const locale of ['id', 'en'] as const) {
      const client = createApiClient(
        invoke,
        () => {},
        (k) => translateMessage(k, locale),
      )
      const e = (await client.call('auth.state', {}).catch((x: unknown) => x)) as ApiCallError
      expect(e).toBeInstanceOf(ApiCallError)
      expect(e.code).toBe('cross_site')
      expect(e.message).toBe(translateMessage('error.cross_site', locale))
      expect(e.message).not.toBe(translateMessage('error.transport', locale))
    }
  })

  it('serves the renderer and a health check', async () => {
    const index = await fetch(`${base}/`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toMatch(/text\/html/)
    expect(index.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await (await fetch(`${base}/assets/app.js`)).text()).toBe('console.log(1)')
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({
      ok: true,
      result: { status: 'ok' },
    })
  })

  it('sends the precompressed copy the browser takes: brotli, else gzip, else the file itself', async () => {
    const url = `${base}/assets/${CHUNK}`
    const br = await getRaw(url, { 'Accept-Encoding': 'gzip, deflate, br, zstd' })
    expect(br.status).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(Number(br.headers['content-length'])).toBe(br.body.length)
    expect(br.body.length).toBeLessThan(CHUNK_TEXT.length / 2)
    expect(brotliDecompressSync(br.body).toString()).toBe(CHUNK_TEXT)

    for (const accept of ['gzip', 'br;q=0, gzip;q=0.8', 'GZIP, deflate']) {
      const gz = await getRaw(url, { 'Accept-Encoding': accept })
      expect(gz.headers['content-encoding']).toBe('gzip')
      expect(gunzipSync(gz.body).toString()).toBe(CHUNK_TEXT)
    }
    for (const accept of [undefined, 'identity', 'deflate', 'br;q=0, gzip;q=0']) {
      const plain = await getRaw(url, accept === undefined ? {} : { 'Accept-Encoding': accept })
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.body.toString()).toBe(CHUNK_TEXT)
      expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(CHUNK_TEXT))
    }
    // Every answer says it depends on Accept-Encoding, so no cache hands one client's to another.
    for (const r of [br, await getRaw(url), await getRaw(`${base}/`)]) {
      expect(r.headers['vary']).toBe('Accept-Encoding')
    }
    // A file without a compressed copy goes as it is, whatever is accepted.
    const small = await getRaw(`${base}/assets/app.js`, { 'Accept-Encoding': 'br, gzip' })
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(small.body.toString()).toBe('console.log(1)')
    const head = await getRaw(url, { 'Accept-Encoding': 'br' }, 'HEAD')
    expect(head.headers['content-length']).toBe(br.headers['content-length'])
    expect(head.body.length).toBe(0)
  })

  it('caches hashed assets for a year as immutable, and asks again for the page itself', async () => {
    const chunk = await getRaw(`${base}/assets/${CHUNK}`, { 'Accept-Encoding': 'br' })
    expect(chunk.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    for (const path of ['/', '/index.html']) {
      const page = await getRaw(`${base}${path}`, { 'Accept-Encoding': 'gzip' })
      expect(page.headers['cache-control']).toBe('no-cache')
      expect(page.headers['content-encoding']).toBe('gzip')
      expect(gunzipSync(page.body).toString()).toContain('<title>Loket</title>')
    }
    // A name without a content hash may change under the same name: never immutable.
    const unhashed = await getRaw(`${base}/assets/app.js`)
    expect(unhashed.headers['cache-control']).toBe('no-cache')
  })

  it('answers an unchanged page with 304 and no body, per encoding', async () => {
    const first = await getRaw(`${base}/`, { 'Accept-Encoding': 'gzip' })
    const etag = first.headers['etag'] as string
    expect(etag).toMatch(/^"[^"]+"$/)
    const again = await getRaw(`${base}/`, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect(again.headers['cache-control']).toBe('no-cache')
    expect(again.headers['etag']).toBe(etag)
    // The plain page is another representation, so the gzip copy's tag does not match it.
    const plain = await getRaw(`${base}/`, { 'If-None-Match': etag })
    expect(plain.status).toBe(200)
    expect(plain.headers['etag']).not.toBe(etag)
    expect(plain.body.toString()).toBe('<!doctype html><title>Loket</title>')
    const weak = await getRaw(`${base}/`, {
      'Accept-Encoding': 'gzip',
      'If-None-Match': `W/${etag}`,
    })
    expect(weak.status).toBe(304)
  })

  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`${base}/..%2Fsecret.txt`)
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('rahasia')
  })

  it('carries API calls to dispatch and maps refusals to HTTP statuses', async () => {
    const ok = await post('case.create', validIntake())
    expect(ok.status).toBe(200)
    const body = (await ok.json()) as { ok: boolean; result: { trackingNumber: string } }
    expect(body.ok).toBe(true)
    expect(body.result.trackingNumber).toMatch(/-/)

    const invalid = await post('case.create', { ...validIntake(), description: '' })
    expect(invalid.status).toBe(400)
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('invalid_input')
    expect((await post('case.nope', {})).status).toBe(404)
    expect((await post('case.get', { id: 'x' })).status).toBe(404)
    expect((await post('case.create', '{not json')).status).toBe(400)
  })

  it('refuses cross-origin and non-JSON requests, and oversized bodies, changing nothing', async () => {
    const before = (await station.db('events').count({ n: '*' }).first()) as { n: number }
    const cross = await post('case.create', validIntake(), { Origin: 'http://evil.example' })
    expect(cross.status).toBe(403)
    const form = await fetch(`${base}/api/case.create`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify(validIntake()),
    })
    expect(form.status).toBe(415)
    const huge = await post('case.create', {
      ...validIntake(),
      description: 'x'.repeat(16 * 1024 * 1024),
    })
    expect(huge.status).toBe(413)
    const get = await fetch(`${base}/api/case.list`)
    expect(get.status).toBe(405)
    const after = (await station.db('events').count({ n: '*' }).first()) as { n: number }
    expect(after.n).toBe(before.n)
  })

  it('answers a body over the limit with a clean 413 every time, read to its end', async () => {
    const port = (server.address() as AddressInfo).port
    const before = (await station.db('events').count({ n: '*' }).first()) as { n: number }
    const answers = []
    for (let i = 0; i < 20; i++) {
      answers.push(
        await sendOversized({
          port,
          path: '/api/case.create',
          bytes: 20 * 1024 * 1024,
          chunked: i % 4 === 3,
          headers: { Cookie: cookie },
        }),
      )
    }
    expect(answers).toEqual(Array(20).fill({ statusLine: 'HTTP/1.1 413 Payload Too Large' }))
    const after = (await station.db('events').count({ n: '*' }).first()) as { n: number }
    expect(after.n).toBe(before.n)
  }, 120_000)
})
