import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import type { ApiErrorCode, ApiResponse } from '../shared/api'
import { translateMessage } from '../shared/messages'
import type { Station } from '../core/station'
import { keepSession } from '../shared/session'

/** Largest request body: a 10 MB attachment grows by a third in base64. */
export const MAX_BODY_BYTES = 15 * 1024 * 1024

const STATUS: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  attachment_missing: 400,
  conflict: 409,
  not_found: 404,
  unknown_method: 404,
  too_large: 413,
  unsupported_type: 415,
  transport: 400,
  cross_site: 403,
  unauthenticated: 401,
  forbidden: 403,
  locked: 423,
  internal: 500,
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
}

const SESSION_COOKIE = 'loket_session'

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=') || null
  }
  return null
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Content-Security-Policy', "frame-ancestors 'self'")
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

function refuse(res: ServerResponse, status: number, code: ApiErrorCode, key: string): void {
  const body: ApiResponse<never> = { ok: false, error: { code, message: translateMessage(key) } }
  sendJson(res, status, body)
}

/**
 * After the limit, this much more is read and thrown away so that the client,
 * still sending, reads our 413 instead of a broken pipe; past it, the
 * connection is cut.
 */
const DISCARD_BYTES = 64 * 1024 * 1024

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limit + DISCARD_BYTES) return 'too_large'
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit + DISCARD_BYTES) return 'too_large'
    if (size <= limit) chunks.push(chunk)
  }
  return size > limit ? 'too_large' : Buffer.concat(chunks)
}

/** Precompressed beside each built file (electron.vite.config.ts): `.br` first, then `.gz`. */
const ENCODINGS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const

/** The codings a request's Accept-Encoding accepts (q > 0); `*` accepts any. */
function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>()
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name)
  }
  return accepted
}

interface Variant {
  path: string
  size: number
  encoding: 'br' | 'gzip' | null
}

/** The smallest variant the client takes: the precompressed file when there is one, else the file itself. */
async function pickEncoding(
  file: string,
  info: { size: number },
  acceptEncoding: string | undefined,
): Promise<Variant> {
  const accepted = acceptedEncodings(acceptEncoding)
  for (const { encoding, suffix } of ENCODINGS) {
    if (!accepted.has(encoding) && !accepted.has('*')) continue
    const packed = await stat(file + suffix).catch(() => null)
    if (packed?.isFile()) return { path: file + suffix, size: packed.size, encoding }
  }
  return { path: file, size: info.size, encoding: null }
}

/** Vite's build names each file under assets/ by its content (`name-<hash>.js`). */
function isHashedAsset(rel: string): boolean {
  return rel.startsWith(`${sep}assets${sep}`) && /-[\w-]{8,}\.[a-z0-9]+$/i.test(rel)
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((t) => {
    const tag = t.trim()
    return tag === '*' || tag.replace(/^W\//, '') === etag
  })
}

/**
 * The browser transport: the same API calls as the Electron window, carried as
 * `POST /api/<method>` with a JSON body, plus the built renderer as static files.
 */
export function createHostServer(options: { station: Station; staticDir: string }): Server {
  const { station, staticDir } = options

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string) {
    if (req.method !== 'POST') return refuse(res, 405, 'unknown_method', 'error.unknown_method')
    // A JSON content type cannot be sent cross-origin without a preflight we never grant.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 415, 'invalid_input', 'error.invalid_input')
    }
    // Cross-site requests are refused: by Origin, and by the browser's own Sec-Fetch-Site.
    const origin = req.headers.origin
    const site = req.headers['sec-fetch-site']
    if (
      (origin !== undefined && origin !== `http://${req.headers.host}`) ||
      (site !== undefined && site !== 'same-origin' && site !== 'none')
    ) {
      return refuse(res, 403, 'cross_site', 'error.cross_site')
    }
    const body = await readBody(req, MAX_BODY_BYTES)
    if (body === 'too_large') {
      res.setHeader('Connection', 'close')
      return refuse(res, 413, 'too_large', `error.too_large|max=10`)
    }
    let input: unknown
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'))
    } catch {
      return refuse(res, 400, 'invalid_input', 'error.invalid_input')
    }
    const session = readCookie(req.headers.cookie, SESSION_COOKIE)
    const raw = await station.dispatch(method, input, { transport: 'http', session })
    // The session lives in an HttpOnly, same-site cookie; scripts on the page never see it.
    const reply = keepSession(raw, method, (token) =>
      res.setHeader(
        'Set-Cookie',
        token === null
          ? `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`
          : `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      ),
    )
    sendJson(res, reply.ok ? 200 : STATUS[reply.error.code], reply)
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    const rel = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname))
    const file = join(staticDir, rel)
    if (!file.startsWith(staticDir + sep)) {
      res.writeHead(404).end()
      return
    }
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Tidak ditemukan.')
      return
    }
    const sent = await pickEncoding(file, info, req.headers['accept-encoding'])
    const etag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}${sent.encoding ? `-${sent.encoding}` : ''}"`
    const headers: Record<string, string | number> = {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      // A hashed name never changes content; everything else (index.html) is asked again each time.
      'Cache-Control': isHashedAsset(rel) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: etag,
      Vary: 'Accept-Encoding',
    }
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers).end()
      return
    }
    if (sent.encoding) headers['Content-Encoding'] = sent.encoding
    headers['Content-Length'] = sent.size
    res.writeHead(200, headers)
    if (req.method === 'HEAD') return void res.end()
    createReadStream(sent.path).pipe(res)
  }

  return createServer((req, res) => {
    securityHeaders(res)
    const url = new URL(req.url ?? '/', 'http://localhost')
    const work =
      url.pathname === '/api/health'
        ? Promise.resolve(sendJson(res, 200, { ok: true, result: { status: 'ok' } }))
        : url.pathname.startsWith('/api/')
          ? handleApi(req, res, url.pathname.slice('/api/'.length))
          : handleStatic(req, res, url.pathname)
    work.catch((err: unknown) => {
      console.error(err)
      if (!res.headersSent) refuse(res, 500, 'internal', 'error.internal')
      else res.destroy()
    })
  })
}
