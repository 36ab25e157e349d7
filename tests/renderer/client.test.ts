import { describe, expect, it } from 'vitest'
import type { ApiResponse, Invoke } from '../../src/shared/api'
import { translateMessage } from '../../src/shared/messages'
import {
  ApiCallError,
  createApiClient,
  httpInvoke,
  pickInvoke,
} from '../../src/renderer/api/client'

function jsonReply(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

describe('httpInvoke', () => {
  it('posts the input as JSON to /api/<method> and returns the envelope', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = []
    const invoke = httpInvoke(async (url, init) => {
      seen.push({ url: String(url), init })
      return jsonReply({ ok: true, result: { id: 'intake', data: {}, updatedAt: 'x' } })
    })
    const res = await invoke('draft.get', { id: 'intake' })
    expect(res).toEqual({ ok: true, result: { id: 'intake', data: {}, updatedAt: 'x' } })
    expect(seen).toHaveLength(1)
    expect(seen[0]?.url).toBe('/api/draft.get')
    expect(seen[0]?.init?.method).toBe('POST')
    expect(new Headers(seen[0]?.init?.headers).get('content-type')).toBe('application/json')
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual({ id: 'intake' })
  })

  it('passes a refusal from the host through unchanged, whatever its status', async () => {
    const error = {
      code: 'invalid_input',
      message: 'Data belum lengkap',
      issues: [{ path: 'subject', message: 'validation.required' }],
    }
    const invoke = httpInvoke(async () => jsonReply({ ok: false, error }, 400))
    expect(await invoke('case.get', { id: 'x' })).toEqual({ ok: false, error })
  })

  it('turns a network failure into a transport error', async () => {
    const invoke = httpInvoke(async () => {
      throw new TypeError('Failed to fetch')
    })
    const res = await invoke('settings.get', {})
    expect(res.ok).toBe(false)
    if (!res.ok) {
      expect(res.error.code).toBe('transport')
      expect(res.error.message).toContain('Tidak dapat menghubungi')
    }
  })

  it('turns a reply that is not an API envelope into a transport error', async () => {
    const html = httpInvoke(
      async () => new Response('<html>502 Bad Gateway</html>', { status: 502 }),
    )
    const other = httpInvoke(async () => jsonReply({ hello: 'world' }))
    for (const invoke of [html, other]) {
      const res = await invoke('settings.get', {})
      expect(res.ok ? 'ok' : res.error.code).toBe('transport')
    }
  })
})

describe('createApiClient', () => {
  it('resolves to the result of a successful call', async () => {
    const invoke = (async () => ({ ok: true, result: { discarded: true } })) as Invoke
    await expect(createApiClient(invoke).call('draft.discard', { id: 'intake' })).resolves.toEqual({
      discarded: true,
    })
  })

  it('throws an ApiCallError carrying code, message and issues', async () => {
    const reply: ApiResponse = {
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'Data belum lengkap atau tidak valid.',
        issues: [{ path: 'complainant.nik', message: 'validation.nik.length' }],
      },
    }
    const client = createApiClient((async () => reply) as Invoke)
    const err: unknown = await client.call('case.get', { id: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiCallError)
    const e = err as ApiCallError
    expect(e.code).toBe('invalid_input')
    expect(e.message).toBe('Data belum lengkap atau tidak valid.')
    expect(e.issues).toEqual([{ path: 'complainant.nik', message: 'validation.nik.length' }])
  })

  it('gives an empty issue list when the error has none', async () => {
    const client = createApiClient((async () => ({
      ok: false,
      error: { code: 'not_found', message: 'Data tidak ditemukan.' },
    })) as Invoke)
    const e = (await client.call('case.get', { id: 'x' }).catch((x: unknown) => x)) as ApiCallError
    expect(e.code).toBe('not_found')
    expect(e.issues).toEqual([])
  })

  it('words a cross-site refusal as what happened and what to do, in the chosen language', async () => {
    // As the web host answers: 403 with an envelope in Indonesian.
    const invoke = httpInvoke(async () =>
      jsonReply(
        {
          ok: false,
          error: { code: 'cross_site', message: translateMessage('error.cross_site') },
        },
        403,
      ),
    )
    const refusal = async (translate?: (key: string) => string) =>
      (await createApiClient(invoke, () => {}, translate)
        .call('auth.state', {})
        .catch((x: unknown) => x)) as ApiCallError
    const id = await refusal()
    expect(id).toBeInstanceOf(ApiCallError)
    expect(id.code).toBe('cross_site')
    expect(id.message).toMatch(/lintas situs/)
    expect(id.message).toMatch(/Buka Loket langsung/)
    expect(id.message).not.toMatch(/Tidak dapat menghubungi/)
    const en = await refusal((key) => translateMessage(key, 'en'))
    expect(en.code).toBe('cross_site')
    expect(en.message).toMatch(/cross-site/)
    expect(en.message).toMatch(/Open Loket directly/)
  })

  it('reports a transport that throws as a transport error', async () => {
    const client = createApiClient((async () => {
      throw new Error('IPC channel closed')
    }) as Invoke)
    const e = (await client.call('settings.get', {}).catch((x: unknown) => x)) as ApiCallError
    expect(e).toBeInstanceOf(ApiCallError)
    expect(e.code).toBe('transport')
    expect(e.message).toMatch(/Tidak dapat menghubungi/)
  })
})

describe('pickInvoke', () => {
  it("uses Electron's bridge when the preload exposed one", async () => {
    const calls: string[] = []
    const bridge = {
      invoke: (async (method: string) => {
        calls.push(method)
        return { ok: true, result: null }
      }) as Invoke,
    }
    const invoke = pickInvoke({ loket: bridge })
    await invoke('draft.get', { id: 'intake' })
    expect(calls).toEqual(['draft.get'])
  })

  it('falls back to HTTP without a bridge', async () => {
    const original = globalThis.fetch
    const urls: string[] = []
    globalThis.fetch = async (url) => {
      urls.push(String(url))
      return jsonReply({ ok: true, result: null })
    }
    try {
      const res = await pickInvoke({})('draft.get', { id: 'intake' })
      expect(res).toEqual({ ok: true, result: null })
      expect(urls).toEqual(['/api/draft.get'])
    } finally {
      globalThis.fetch = original
    }
  })
})
