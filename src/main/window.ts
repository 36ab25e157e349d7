import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  BrowserWindow,
  type BrowserWindowConstructorOptions,
  type PermissionCheckHandlerHandlerDetails,
  type Session,
  type WebContents,
} from 'electron'

// The Electron window is a sandboxed web page showing Loket's own renderer and
// nothing else: no Node, no new windows, no navigation elsewhere, no webviews,
// no permissions except the webcam for the app itself.

/** Security defaults in one place. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Loket',
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    // Shown on 'ready-to-show', so the clerk never sees a blank white frame.
    show: false,
    backgroundColor: '#f4f6f9',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  }
}

/**
 * The page the window shows: electron-vite's dev server when `devServerUrl` is
 * given, else the built `out/renderer/index.html` next to `out/main`.
 */
export function resolveAppUrl(options: { mainDir: string; devServerUrl?: string }): string {
  if (options.devServerUrl) return new URL(options.devServerUrl).href
  return pathToFileURL(join(options.mainDir, '..', 'renderer', 'index.html')).href
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** A file path as compared: percent-decoding and a Windows drive letter's case do not matter. */
function filePathKey(pathname: string): string {
  let path = pathname
  try {
    path = decodeURIComponent(pathname)
  } catch {
    // Malformed escapes: compare as written.
  }
  return path.replace(/^\/([A-Za-z]):/, (_m, drive: string) => `/${drive.toLowerCase()}:`)
}

/**
 * True when `url` is the app's own page: for the built app the very same
 * `index.html` file (any hash or query, which the router uses), for the dev
 * server the same origin. Anything unparsable is not the app.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const u = parseUrl(url)
  const app = parseUrl(appUrl)
  if (!u || !app) return false
  if (app.protocol === 'file:') {
    return (
      u.protocol === 'file:' &&
      u.host === app.host &&
      filePathKey(u.pathname) === filePathKey(app.pathname)
    )
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false
  return u.origin === app.origin
}

/** What `hardenWebContents` needs of a webContents; tests pass a fake. */
export type Hardenable = Pick<WebContents, 'setWindowOpenHandler' | 'on'>

/** No new windows, no navigation away from the app page, no webviews. */
export function hardenWebContents(contents: Hardenable, appUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  // Only renderer-initiated main-frame navigations reach here (not in-page hash
  // changes, not our own loadURL), so refusing all but the app page is safe.
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** One permission question, from a request or a check. */
export interface PermissionAsk {
  permission: string
  /** The URL of the frame asking; undefined when Electron did not say. */
  requestingUrl: string | undefined
  isMainFrame: boolean
  /** For 'media': which devices ('video' = camera, 'audio' = microphone). */
  mediaTypes?: readonly string[]
}

/**
 * Every permission is refused, with one exception: 'media' for the camera
 * only, asked by the main frame of the app's own page. The clerk photographs a
 * complainant's KTP with the webcam (getUserMedia({ video: true })); nothing
 * in Loket needs the microphone, the screen, location, notifications or
 * anything else, and no other page may ever use the camera.
 */
export function permissionAllowed(ask: PermissionAsk, appUrl: string): boolean {
  if (ask.permission !== 'media') return false
  if (!ask.isMainFrame || ask.requestingUrl === undefined) return false
  if (!isAppUrl(ask.requestingUrl, appUrl)) return false
  return !(ask.mediaTypes ?? []).includes('audio')
}

type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>

/** Installs the same rule for permission requests and permission checks. */
export function installPermissionHandlers(session: PermissionSession, appUrl: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : []
    callback(
      permissionAllowed(
        {
          permission,
          requestingUrl: details.requestingUrl,
          isMainFrame: details.isMainFrame,
          mediaTypes,
        },
        appUrl,
      ),
    )
  })
  session.setPermissionCheckHandler(
    (_contents, permission, _origin, details: PermissionCheckHandlerHandlerDetails) =>
      // The origin argument is just "file://" for the built app, so the
      // requesting frame's URL is what identifies our page.
      permissionAllowed(
        {
          permission,
          requestingUrl: details.requestingUrl,
          isMainFrame: details.isMainFrame,
          mediaTypes: details.mediaType ? [details.mediaType] : [],
        },
        appUrl,
      ),
  )
}

export interface MainWindowOptions {
  preloadPath: string
  appUrl: string
}

/** Creates the hardened window and loads the app page into it. */
export function createMainWindow({ preloadPath, appUrl }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath))
  hardenWebContents(win.webContents, appUrl)
  win.once('ready-to-show', () => win.show())
  win.loadURL(appUrl).catch((err: unknown) => {
    console.error(`Halaman Loket gagal dimuat (${appUrl}):`, err)
    // Never leave an invisible window behind: show whatever Chromium shows.
    if (!win.isDestroyed()) win.show()
  })
  return win
}
