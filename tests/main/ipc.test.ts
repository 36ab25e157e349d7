import { afterEach, describe, expect, it, vi } from 'vitest'
import { IPC_CHANNEL } from '../../src/shared/api'
import type { ApiResponse } from '../../src/shared/api'

// ipc.ts reaches electron only through window.ts; the real module would try to
// download Electron's program, so it is replaced by an empty stand-in.
vi.mock('electron', () => ({ BrowserWindow: class {} }))

const { isTrustedSenderUrl, registerApi, trustedSender } = await import('../../src/main/ipc')

const APP = 'file:///opt/loket/out/renderer/index.html'
const WINDOW_ID = 7

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>

function setup(windowId: number | null = WINDOW_ID) {
  const handlers = new Map<string, Handler>()
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => {
      handlers.set(channel, handler)
    }),
  }
  const response = { ok: true as const, result: { items: [], nextCursor: null } }
  const dispatch = vi.fn(
    async (_method: string, _input: unknown, _ctx: unknown): Promise<ApiResponse<unknown>> =>
      response,
  )
  registerApi(
    ipcMain as never,
    { dispatch },
    trustedSender({ appUrl: APP, windowContentsId: () => windowId }),
  )
  const call = (event: unknown, ...args: unknown[]) => handlers.get(IPC_CHANNEL)!(event, ...args)
  return { ipcMain, handlers, dispatch, call, response }
}

const mainFrame = (url: string) => ({ url, parent: null })
const subFrame = (url: string) => ({ url, parent: mainFrame(url) })
const event = (senderId: number, frame: unknown) => ({
  sender: { id: senderId },
  senderFrame: frame,
})
const ours = () => event(WINDOW_ID, mainFrame(`${APP}#/cases`))

afterEach(() => {
  vi.restoreAllMocks()
})

describe('IPC registration', () => {
  it('registers one handler, on the contract channel', () => {
    const { ipcMain, handlers } = setup()
    expect(ipcMain.handle).toHaveBeenCalledOnce()
    expect([...handlers.keys()]).toEqual([IPC_CHANNEL])
  })
})

describe('a trusted call', () => {
  it('reaches dispatch with its method, input and the IPC context, and returns its answer', async () => {
    const { call, dispatch, response } = setup()
    const input = { limit: 5, query: 'jalan' }
    await expect(call(ours(), 'case.list', input)).resolves.toBe(response)
    expect(dispatch).toHaveBeenCalledOnce()
    expect(dispatch).toHaveBeenCalledWith('case.list', input, {
      transport: 'ipc',
      session: null,
    })
  })

  it('keeps the session token in main: the page gets the sign-in without it, later calls carry it', async () => {
    const { call, dispatch } = setup()
    dispatch.mockResolvedValueOnce({
      ok: true,
      result: { user: { username: 'siti' }, sessionToken: 'tok-123' },
    })
    const login = (await call(ours(), 'auth.login', { username: 'siti', password: 'x' })) as {
      result: Record<string, unknown>
    }
    expect(login.result).toEqual({ user: { username: 'siti' } })
    await call(ours(), 'case.list', {})
    expect(dispatch).toHaveBeenLastCalledWith(
      'case.list',
      {},
      { transport: 'ipc', session: 'tok-123' },
    )
    await call(ours(), 'auth.logout', {})
    await call(ours(), 'case.list', {})
    expect(dispatch).toHaveBeenLastCalledWith('case.list', {}, { transport: 'ipc', session: null })
  })

  it('turns a dispatch that throws (it should not) into an internal ApiResponse', async () => {
    const { call, dispatch } = setup()
    dispatch.mockRejectedValueOnce(new Error('boom: /secret/path'))
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = (await call(ours(), 'case.get', { id: 'x' })) as { ok: boolean; error: object }
    expect(res.ok).toBe(false)
    expect(res.error).toMatchObject({ code: 'internal' })
    expect(JSON.stringify(res)).not.toContain('secret')
  })
})

describe('an untrusted sender', () => {
  const cases: Array<[string, unknown, number | null]> = [
    ['another page in our window', event(WINDOW_ID, mainFrame('https://evil.example/')), WINDOW_ID],
    ['another file', event(WINDOW_ID, mainFrame('file:///tmp/evil.html')), WINDOW_ID],
    ['a sub-frame showing our page', event(WINDOW_ID, subFrame(APP)), WINDOW_ID],
    ['another webContents', event(WINDOW_ID + 1, mainFrame(APP)), WINDOW_ID],
    ['a frame that is gone', event(WINDOW_ID, null), WINDOW_ID],
    ['any sender while there is no window', event(WINDOW_ID, mainFrame(APP)), null],
  ]

  it.each(cases)('is rejected without reaching dispatch: %s', async (_name, ev, windowId) => {
    const { call, dispatch } = setup(windowId)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await expect(call(ev, 'case.list', {})).rejects.toThrow('Pengirim IPC tidak dikenal')
    expect(dispatch).not.toHaveBeenCalled()
    expect(warn).toHaveBeenCalledOnce()
  })

  it('is rejected even with an unknown method (the sender is checked first)', async () => {
    const { call, dispatch } = setup()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await expect(call(event(99, mainFrame(APP)), 'fs.readFile', '/etc/passwd')).rejects.toThrow()
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('is decided by the predicate given to registerApi', async () => {
    const handlers = new Map<string, Handler>()
    const predicate = vi.fn(() => false)
    const dispatch = vi.fn()
    registerApi(
      { handle: (c: string, h: Handler) => handlers.set(c, h) } as never,
      { dispatch },
      predicate,
    )
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const ev = ours()
    await expect(handlers.get(IPC_CHANNEL)!(ev, 'case.list', {})).rejects.toThrow()
    expect(predicate).toHaveBeenCalledWith(ev)
    expect(dispatch).not.toHaveBeenCalled()
  })
})

describe('an unknown method', () => {
  it.each(['fs.readFile', 'case.delete', '__proto__', 'constructor', 'toString', '', 42, null])(
    'answers unknown_method without reaching dispatch: %s',
    async (method) => {
      const { call, dispatch } = setup()
      await expect(call(ours(), method, {})).resolves.toEqual({
        ok: false,
        error: { code: 'unknown_method', message: 'Perintah tidak dikenal oleh aplikasi.' },
      })
      expect(dispatch).not.toHaveBeenCalled()
    },
  )
})

describe('isTrustedSenderUrl', () => {
  it('accepts the app page only', () => {
    expect(isTrustedSenderUrl(APP, APP)).toBe(true)
    expect(isTrustedSenderUrl(`${APP}#/intake`, APP)).toBe(true)
    expect(isTrustedSenderUrl('file:///opt/loket/out/renderer/other.html', APP)).toBe(false)
    expect(isTrustedSenderUrl('about:blank', APP)).toBe(false)
    expect(isTrustedSenderUrl('', APP)).toBe(false)
    expect(isTrustedSenderUrl('http://localhost:5173/#/', 'http://localhost:5173/')).toBe(true)
    expect(isTrustedSenderUrl('http://127.0.0.1:5173/', 'http://localhost:5173/')).toBe(false)
  })
})
