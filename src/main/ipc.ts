import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { Station } from '../core/station'
import { IPC_CHANNEL, isApiMethod, type ApiResponse } from '../shared/api'
import { translateMessage } from '../shared/messages'
import { keepSession } from '../shared/session'
import { isAppUrl } from './window'

// One IPC channel carries every API call from the window to core's dispatch.
// Main checks who is calling and that the method exists; core validates the
// input by the method's schema, so main never interprets it.

/** The parts of an invoke event the sender check reads; tests pass fakes. */
export type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>

export type SenderPredicate = (event: SenderEvent) => boolean

/** True when a frame showing `url` is the app's own page (see `isAppUrl`). */
export function isTrustedSenderUrl(url: string, appUrl: string): boolean {
  return isAppUrl(url, appUrl)
}

/**
 * The sender check for our one window: the message must come from the main
 * frame (not a sub-frame such as the receipt's PDF viewer) of the window's
 * webContents, and that frame must be showing the app's page.
 */
export function trustedSender(options: {
  appUrl: string
  /** The webContents id of the main window, or null while there is none. */
  windowContentsId: () => number | null
}): SenderPredicate {
  return (event) => {
    const frame = event.senderFrame
    if (!frame || frame.parent !== null) return false
    const id = options.windowContentsId()
    if (id === null || event.sender.id !== id) return false
    return isTrustedSenderUrl(frame.url, options.appUrl)
  }
}

// Each window's session token, kept in main; the page never holds it.
const sessions = new Map<number, string>()

/** Registers the one handler on `IPC_CHANNEL`. */
export function registerApi(
  ipcMain: Pick<IpcMain, 'handle'>,
  station: Pick<Station, 'dispatch'>,
  isTrustedSender: SenderPredicate,
): void {
  ipcMain.handle(
    IPC_CHANNEL,
    async (event, method: unknown, input: unknown): Promise<ApiResponse<unknown>> => {
      if (!isTrustedSender(event)) {
        let where = 'tanpa frame'
        try {
          where = event.senderFrame?.url ?? where
        } catch {
          // A destroyed frame cannot tell its URL.
        }
        console.warn(`IPC ditolak: pengirim tidak dikenal (${where})`)
        throw new Error('Pengirim IPC tidak dikenal')
      }
      if (!isApiMethod(method)) {
        return {
          ok: false,
          error: { code: 'unknown_method', message: translateMessage('error.unknown_method') },
        }
      }
      try {
        // The window's session token stays here in main; the page never sees it.
        const owner = event.sender.id
        const reply = await station.dispatch(method, input, {
          transport: 'ipc',
          session: sessions.get(owner) ?? null,
        })
        return keepSession(reply, method, (token) =>
          token === null ? sessions.delete(owner) : sessions.set(owner, token),
        )
      } catch (err) {
        // Core's dispatch never throws; should it ever, the window still gets an
        // ApiResponse rather than an Electron error string.
        console.error('Dispatch gagal:', err)
        return {
          ok: false,
          error: { code: 'internal', message: translateMessage('error.internal') },
        }
      }
    },
  )
}
