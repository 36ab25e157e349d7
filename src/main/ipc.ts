import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { IPC_CHANNEL, isApiMethod, type ApiResponse } from '../shared/api'
import { translateMessage } from '../shared/messages'
import type { Station } from '../core/station'
import { isAppUrl } from './window'

export interface SenderCheck {
  /** The app's URL, to compare the sender frame against. */
  appUrl: () => string
  /** The webContents id of our one window, or null before it exists. */
  windowId: () => number | null
}

/** Is this IPC message from the main frame of our window, showing our page? */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  check: SenderCheck,
): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  if (event.sender.id !== check.windowId()) return false
  return isAppUrl(frame.url, check.appUrl())
}

/** One channel carries every API call to core's dispatch, which validates the input. */
export function registerApi(
  ipcMain: Pick<IpcMain, 'handle'>,
  station: Pick<Station, 'dispatch'>,
  check: SenderCheck,
): void {
  ipcMain.handle(
    IPC_CHANNEL,
    async (event, method: unknown, input: unknown): Promise<ApiResponse<unknown>> => {
      if (!isTrustedSender(event, check)) {
        console.warn(
          `IPC ditolak: pengirim tidak dikenal (${event.senderFrame?.url ?? 'tanpa frame'})`,
        )
        throw new Error('Pengirim IPC tidak dikenal')
      }
      if (!isApiMethod(method)) {
        return {
          ok: false,
          error: { code: 'unknown_method', message: translateMessage('error.unknown_method') },
        }
      }
      return station.dispatch(method, input, { actor: 'petugas', transport: 'ipc' })
    },
  )
}
