import { describe, expect, it, vi } from 'vitest'
import { IPC_CHANNEL } from '../../src/shared/api'
import { registerApi } from '../../src/main/ipc'

const APP = 'file:///opt/loket/out/renderer/index.html'

function setup() {
  let handler: ((event: unknown, method: unknown, input: unknown) => Promise<unknown>) | undefined
  let channel = ''
  const ipcMain = {
    handle: vi.fn((ch: string, h: typeof handler) => {
      channel = ch
      handler = h
    }),
  }
  const dispatch = vi.fn(async () => ({ ok: true as const, result: { fine: true } }))
  registerApi(ipcMain as never, { dispatch }, { appUrl: () => APP, windowId: () => 7 })
  const call = (event: unknown, method: unknown, input: unknown = {}) =>
    handler!(event, method, input)
  return { call, dispatch, channel: () => channel }
}

const mainFrame = (url: string) => ({ url, parent: null })
const event = (id: number, frame: unknown) => ({ sender: { id }, senderFrame: frame })

describe('IPC', () => {
  it('listens on the contract channel only', () => {
    expect(setup().channel()).toBe(IPC_CHANNEL)
  })

  it('carries a call from our window to dispatch', async () => {
    const { call, dispatch } = setup()
    const res = await call(event(7, mainFrame(`${APP}#/intake`)), 'case.list', { limit: 5 })
    expect(res).toEqual({ ok: true, result: { fine: true } })
    expect(dispatch).toHaveBeenCalledWith(
      'case.list',
      { limit: 5 },
      { actor: 'petugas', transport: 'ipc' },
    )
  })

  it('rejects unknown senders without reaching dispatch', async () => {
    const { call, dispatch } = setup()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await expect(call(event(8, mainFrame(APP)), 'case.list')).rejects.toThrow('tidak dikenal')
    await expect(call(event(7, mainFrame('https://evil.example/')), 'case.list')).rejects.toThrow()
    await expect(call(event(7, { url: APP, parent: {} }), 'case.list')).rejects.toThrow()
    await expect(call(event(7, null), 'case.list')).rejects.toThrow()
    expect(dispatch).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it('answers an unknown method without reaching dispatch', async () => {
    const { call, dispatch } = setup()
    const res = (await call(event(7, mainFrame(APP)), 'fs.readFile')) as {
      ok: boolean
      error: { code: string }
    }
    expect(res.ok).toBe(false)
    expect(res.error.code).toBe('unknown_method')
    expect(dispatch).not.toHaveBeenCalled()
  })
})
