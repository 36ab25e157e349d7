import type { BrowserWindowConstructorOptions, WebContents } from 'electron'

/** Security defaults in one place: the window is a sandboxed web page and nothing more. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Loket',
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    backgroundColor: '#f4f6f9',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  }
}

/** The app's own origin: the dev server in development, the built file otherwise. */
export function appOrigin(appUrl: string): string {
  const u = new URL(appUrl)
  return u.protocol === 'file:' ? `file://${u.pathname}` : u.origin
}

/** True when a URL belongs to the app itself (ignoring the hash the router uses). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const u = new URL(url)
    const app = new URL(appUrl)
    if (app.protocol === 'file:') return u.protocol === 'file:' && u.pathname === app.pathname
    return u.origin === app.origin
  } catch {
    return false
  }
}

type Hardenable = Pick<WebContents, 'setWindowOpenHandler' | 'on'>

/** No new windows, no navigation away from the app, no webviews. */
export function hardenWebContents(contents: Hardenable, appUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/**
 * Permissions: everything is refused except the camera and microphone group
 * ('media'), and only for the app's own page, because the clerk may photograph
 * a KTP with the webcam.
 */
export function permissionAllowed(
  permission: string,
  requestingUrl: string,
  appUrl: string,
): boolean {
  return permission === 'media' && isAppUrl(requestingUrl, appUrl)
}
