import { contextBridge, ipcRenderer } from 'electron'
import type { IPC_CHANNEL, LoketBridge } from '../shared/api'

// The sandboxed preload exposes exactly one function and imports no values
// from shared (api.ts pulls in zod). It repeats the channel name instead; the
// `satisfies` makes type checking fail if it ever differs from IPC_CHANNEL.
const channel = 'loket:invoke' satisfies typeof IPC_CHANNEL

const bridge: LoketBridge = {
  invoke: (method, input) => ipcRenderer.invoke(channel, method, input),
}

contextBridge.exposeInMainWorld('loket', bridge)
