import { createHash, randomBytes } from 'node:crypto'
import { AUTH_HEADERS, requestSigningMaterial } from '../../shared/sync'
import type { Db } from '../db'
import { DomainError } from '../errors'
import { readSetting } from '../services/settings'
import { param, SyncFailure } from './failure'
import { syncKey } from './keys'
import type { StationSigner } from './signer'

export type FetchLike = (
  url: string,
  init: {
    method: string
    headers: Record<string, string>
    body?: string | Uint8Array
    signal?: AbortSignal
  },
) => Promise<{ status: number; json(): Promise<unknown> }>

export interface Answer {
  status: number
  json: unknown
}

/**
 * The way to the centre. Every request after enrolment is signed by the
 * station over method, path, time, a nonce and the body's hash; a network
 * failure, a busy server (429) or a server error (5xx) becomes a SyncFailure
 * to retry, any other answer is the caller's to judge.
 */
export class SignedTransport {
  constructor(
    private readonly o: {
      db: Db
      stationId: string
      now: () => Date
      signer: StationSigner
      fetch: FetchLike
      timeoutMs: number
    },
  ) {}

  /** One plain request, given up after the timeout. */
  async send(url: string, init: Parameters<FetchLike>[1]) {
    const controller = new AbortController()
    const t = setTimeout(() => controller.abort(), this.o.timeoutMs)
    try {
      return await this.o.fetch(url, { ...init, signal: controller.signal })
    } finally {
      clearTimeout(t)
    }
  }

  async request(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: string | Buffer,
    contentType = 'application/json',
  ): Promise<Answer> {
    const serverUrl = await readSetting(this.o.db, syncKey.serverUrl)
    if (!serverUrl) throw new DomainError('conflict', 'error.sync_not_enrolled')
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body)
    const time = String(this.o.now().getTime())
    const nonce = randomBytes(16).toString('hex')
    const material = requestSigningMaterial({
      method,
      url: path,
      time,
      nonce,
      bodySha256: createHash('sha256').update(bytes).digest('hex'),
    })
    const headers: Record<string, string> = {
      [AUTH_HEADERS.station]: this.o.stationId,
      [AUTH_HEADERS.time]: time,
      [AUTH_HEADERS.nonce]: nonce,
      [AUTH_HEADERS.signature]: await this.o.signer.sign(material),
    }
    if (body !== undefined) headers['content-type'] = contentType
    let res
    try {
      res = await this.send(`${serverUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: bytes } : {}),
      })
    } catch (err) {
      const detail = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name
      throw new SyncFailure(`sync.error.network|detail=${param(String(detail))}`, true)
    }
    let json: unknown = null
    try {
      json = await res.json()
    } catch {
      if (res.status < 500) throw new SyncFailure(`sync.error.server|status=${res.status}`, true)
    }
    if (res.status >= 500 || res.status === 429) {
      throw new SyncFailure(`sync.error.server|status=${res.status}`, true)
    }
    return { status: res.status, json }
  }
}
