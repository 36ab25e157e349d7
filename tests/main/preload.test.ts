import { describe, expect, it, vi } from 'vitest'
import { IPC_CHANNEL } from '../../src/shared/api'

const exposed: Record<string, unknown> = {}
const invoke = vi.fn(async () => ({ ok: true, result: 1 }))

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      exposed[key] = value
    },
  },
  ipcRenderer: { invoke },
}))

describe('preload', () => {
  it('exposes one typed invoke and nothing else', async () => {
    await import('../../src/preload/index')
    expect(Object.keys(exposed)).toEqual(['loket'])
    const bridge = exposed['loket'] as Record<string, unknown>
    expect(Object.keys(bridge)).toEqual(['invoke'])
    const invokeFn = bridge['invoke'] as (m: string, i: unknown) => Promise<unknown>
    await expect(invokeFn('case.list', { limit: 1 })).resolves.toEqual({ ok: true, result: 1 })
    expect(invoke).toHaveBeenCalledWith(IPC_CHANNEL, 'case.list', { limit: 1 })
  })
})
