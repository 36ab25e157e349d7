import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BrowserWindow, Menu, app, ipcMain, session } from 'electron'
import { openStation, type Station } from '../core/station'
import { registerApi } from './ipc'
import { buildMenu } from './menu'
import { hardenWebContents, permissionAllowed, windowOptions } from './window'

const here = fileURLToPath(new URL('.', import.meta.url))
const appUrl =
  process.env['ELECTRON_RENDERER_URL'] ?? pathToFileURL(join(here, '../renderer/index.html')).href

let mainWindowId: number | null = null
let station: Station | null = null

app.enableSandbox()
if (!app.requestSingleInstanceLock()) app.quit()

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0]
  if (win) {
    if (win.isMinimized()) win.restore()
    win.focus()
  }
})

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrl))

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs')))
  mainWindowId = win.webContents.id
  win.once('ready-to-show', () => win.show())
  win.on('closed', () => {
    mainWindowId = null
  })
  void win.loadURL(appUrl)
}

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
    callback(permissionAllowed(permission, contents.getURL(), appUrl)),
  )
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) =>
    permissionAllowed(permission, origin, appUrl),
  )
  const dataDir = process.env['LOKET_DATA'] ?? join(app.getPath('userData'), 'data')
  station = await openStation({ dataDir })
  registerApi(ipcMain, station, { appUrl: () => appUrl, windowId: () => mainWindowId })
  Menu.setApplicationMenu(buildMenu())
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('will-quit', () => {
  void station?.close()
})
