import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, Menu, app, dialog, ipcMain, safeStorage, session } from 'electron'
import { openStation, type Station } from '../core/station'
// The worker threads' entry, bundled apart by electron-vite (core's heavy work runs there).
import workerEntry from '../core/workers/worker?modulePath'
import { registerApi, trustedSender } from './ipc'
import { chooseKeyProtector } from './keys'
import { buildMenu } from './menu'
import { createMainWindow, installPermissionHandlers, resolveAppUrl } from './window'

// The Electron shell, kept thin: it opens core's station, carries IPC to it
// and shows one hardened window. Everything testable lives in window.ts and
// ipc.ts; this file only wires them to Electron's lifecycle.

// The bundle is ESM (package.json "type": "module"); out/main/index.js sits
// next to out/preload/index.cjs and out/renderer/index.html.
const mainDir = fileURLToPath(new URL('.', import.meta.url))

app.enableSandbox()

if (!app.requestSingleInstanceLock()) {
  // Another Loket is already running on this data folder: it gets focused
  // through 'second-instance', this one leaves without touching the database.
  app.quit()
} else {
  start()
}

function start(): void {
  // The dev server is honoured only in development: a packaged Loket always
  // shows its own files, whatever the environment says.
  const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
  const appUrl = resolveAppUrl({ mainDir, ...(devServerUrl ? { devServerUrl } : {}) })
  const preloadPath = join(mainDir, '..', 'preload', 'index.cjs')

  let station: Station | null = null
  let mainWindow: BrowserWindow | null = null
  let mainContentsId: number | null = null

  function openWindow(): void {
    const win = createMainWindow({ preloadPath, appUrl })
    mainWindow = win
    mainContentsId = win.webContents.id
    win.on('closed', () => {
      mainWindow = null
      mainContentsId = null
    })
  }

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  // Close the database before the process ends: hold the quit, close, quit again.
  app.on('will-quit', (event) => {
    const closing = station
    if (!closing) return
    station = null
    event.preventDefault()
    closing
      .close()
      .catch((err: unknown) => console.error('Gagal menutup data Loket:', err))
      .finally(() => app.quit())
  })

  void app.whenReady().then(async () => {
    if (process.platform === 'win32') app.setAppUserModelId('id.go.loket.station')
    installPermissionHandlers(session.defaultSession, appUrl)
    Menu.setApplicationMenu(buildMenu())

    const dataDir = resolve(process.env['LOKET_DATA'] || join(app.getPath('userData'), 'data'))
    const keys = await chooseKeyProtector(safeStorage, process.platform, process.env)
    if (!keys.ok) {
      dialog.showErrorBox('Loket tidak dapat dibuka', keys.message)
      app.exit(1)
      return
    }
    let opened: Station
    try {
      opened = await openStation({ dataDir, keys: keys.protector, workerEntry, warmWorkers: true })
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      dialog.showErrorBox(
        'Loket tidak dapat dibuka',
        `Data di ${dataDir} tidak dapat dibuka.\n\n${reason}\n\n` +
          'Tutup Loket lain yang mungkin masih berjalan, lalu coba lagi. ' +
          'Jika berulang, hubungi admin.',
      )
      app.exit(1)
      return
    }

    station = opened
    registerApi(ipcMain, opened, trustedSender({ appUrl, windowContentsId: () => mainContentsId }))
    openWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow()
    })
  })
}
