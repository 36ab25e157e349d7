import { contextBridge, ipcRenderer } from 'electron'
import type { IPC_CHANNEL, LoketBridge } from '../shared/api'

// The sandboxed preload stays tiny: it repeats the channel name, and the type
// below fails to compile if it ever differs from the contract's.
const channel: typeof IPC_CHANNEL = 'loket:invoke'

const bridge: LoketBridge = {
  invoke: (method, input) => ipcRenderer.invoke(channel, method, input),
}

contextBridge.exposeInMainWorld('loket', bridge)
