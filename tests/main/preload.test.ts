import { describe, expect, it, vi } from 'vitest'
import { IPC_CHANNEL } from '../../src/shared/api'

// The preload runs in Electron's sandbox; here contextBridge and ipcRenderer
// are stand-ins that record what the preload does with them.
const stub = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, result: 1 })),
}))

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => stub.exposed.set(key, value),
  },
  ipcRenderer: { invoke: stub.invoke },
}))

await import('../../src/preload/index')

describe('preload', () => {
  it('exposes exactly one key, loket, holding only invoke', () => {
    expect([...stub.exposed.keys()]).toEqual(['loket'])
    const bridge = stub.exposed.get('loket') as Record<string, unknown>
    expect(Object.keys(bridge)).toEqual(['invoke'])
    expect(typeof bridge['invoke']).toBe('function')
  })

  it('invoke sends method and input on the contract channel and returns the answer', async () => {
    const bridge = stub.exposed.get('loket') as {
      invoke: (m: string, i: unknown) => Promise<unknown>
    }
    const input = { limit: 1 }
    await expect(bridge.invoke('case.list', input)).resolves.toEqual({ ok: true, result: 1 })
    expect(stub.invoke).toHaveBeenCalledOnce()
    expect(stub.invoke.mock.calls[0]).toEqual([IPC_CHANNEL, 'case.list', input])
  })
})
