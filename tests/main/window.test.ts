import { afterEach, describe, expect, it, vi } from 'vitest'

// Electron's real module would try to download its program; the window code
// only needs a BrowserWindow class, which this fake records.
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown
  class FakeWebContents {
    id = 42
    listeners = new Map<string, Listener>()
    openHandler: ((details: { url: string }) => unknown) | undefined
    setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
      this.openHandler = handler
    }
    on(name: string, listener: Listener) {
      this.listeners.set(name, listener)
      return this
    }
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = []
    static loadResult: () => Promise<void> = () => Promise.resolve()
    webContents = new FakeWebContents()
    once_ = new Map<string, Listener>()
    show = vi.fn()
    loadURL = vi.fn((_url: string) => FakeBrowserWindow.loadResult())
    isDestroyed = () => false
    constructor(public options: Record<string, unknown>) {
      FakeBrowserWindow.created.push(this)
    }
    once(name: string, listener: Listener) {
      this.once_.set(name, listener)
      return this
    }
  }
  return { FakeBrowserWindow }
})

vi.mock('electron', () => ({ BrowserWindow: fake.FakeBrowserWindow }))

const {
  createMainWindow,
  hardenWebContents,
  installPermissionHandlers,
  isAppUrl,
  permissionAllowed,
  resolveAppUrl,
  windowOptions,
} = await import('../../src/main/window')

const APP = 'file:///opt/loket/resources/app.asar/out/renderer/index.html'
const DEV = 'http://localhost:5173/'

type Listener = (...args: unknown[]) => unknown

/** A stand-in for webContents that records what hardenWebContents installs. */
function fakeContents() {
  const listeners = new Map<string, Listener>()
  let openHandler: ((d: { url: string }) => unknown) | undefined
  return {
    listeners,
    open: (url: string) => openHandler?.({ url }),
    setWindowOpenHandler: vi.fn((h: (d: { url: string }) => unknown) => {
      openHandler = h
    }),
    on: vi.fn((name: string, h: Listener) => {
      listeners.set(name, h)
    }),
  }
}

/** Emits `name` the way Electron does (details object carrying the URL) and returns preventDefault. */
function emit(listeners: Map<string, Listener>, name: string, url = '') {
  const listener = listeners.get(name)
  if (!listener) throw new Error(`no listener for ${name}`)
  const event = { url, preventDefault: vi.fn() }
  listener(event, url)
  return event.preventDefault
}

afterEach(() => {
  fake.FakeBrowserWindow.created = []
  fake.FakeBrowserWindow.loadResult = () => Promise.resolve()
  vi.restoreAllMocks()
})

describe('window options', () => {
  it('are sandboxed, isolated, without Node and hidden until ready', () => {
    const o = windowOptions('/x/out/preload/index.cjs')
    expect(o.webPreferences).toMatchObject({
      preload: '/x/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    })
    expect(o.show).toBe(false)
    expect(o.title).toBe('Loket')
    expect(o.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i)
    expect(o.minWidth).toBeLessThanOrEqual(o.width!)
    expect(o.minHeight).toBeLessThanOrEqual(o.height!)
  })
})

describe('hardenWebContents', () => {
  it('denies every new window, whatever the URL', () => {
    const c = fakeContents()
    hardenWebContents(c as never, APP)
    expect(c.setWindowOpenHandler).toHaveBeenCalledOnce()
    for (const url of ['https://example.com', APP, 'javascript:alert(1)', 'about:blank']) {
      expect(c.open(url)).toEqual({ action: 'deny' })
    }
  })

  it('blocks navigation away from the app page, and allows the page itself', () => {
    const c = fakeContents()
    hardenWebContents(c as never, APP)
    expect(emit(c.listeners, 'will-navigate', 'https://example.com')).toHaveBeenCalledOnce()
    expect(emit(c.listeners, 'will-navigate', 'file:///etc/passwd')).toHaveBeenCalledOnce()
    expect(emit(c.listeners, 'will-navigate', 'file:///opt/loket/out/evil.html')).toHaveBeenCalled()
    expect(emit(c.listeners, 'will-navigate', `${APP}#/cases`)).not.toHaveBeenCalled()
  })

  it('allows only the dev server origin in development', () => {
    const c = fakeContents()
    hardenWebContents(c as never, DEV)
    expect(
      emit(c.listeners, 'will-navigate', 'http://localhost:5173/#/intake'),
    ).not.toHaveBeenCalled()
    expect(emit(c.listeners, 'will-navigate', 'http://localhost:5174/')).toHaveBeenCalled()
    expect(emit(c.listeners, 'will-navigate', 'https://localhost:5173/')).toHaveBeenCalled()
  })

  it('refuses to attach webviews', () => {
    const c = fakeContents()
    hardenWebContents(c as never, APP)
    expect(emit(c.listeners, 'will-attach-webview')).toHaveBeenCalledOnce()
  })
})

describe('the app URL', () => {
  it('is the dev server in development and the built index.html otherwise', () => {
    expect(
      resolveAppUrl({ mainDir: '/opt/loket/out/main', devServerUrl: 'http://localhost:5173' }),
    ).toBe(DEV)
    expect(resolveAppUrl({ mainDir: '/opt/loket/out/main' })).toBe(
      'file:///opt/loket/out/renderer/index.html',
    )
    expect(resolveAppUrl({ mainDir: '/opt/Loket App/out/main/' })).toBe(
      'file:///opt/Loket%20App/out/renderer/index.html',
    )
  })

  it('matches exactly the same file or the same dev origin', () => {
    expect(isAppUrl(`${APP}#/intake?x=1`, APP)).toBe(true)
    expect(isAppUrl(`${APP}?q=1`, APP)).toBe(true)
    expect(isAppUrl('file:///tmp/evil.html', APP)).toBe(false)
    expect(
      isAppUrl('file://otherhost/opt/loket/resources/app.asar/out/renderer/index.html', APP),
    ).toBe(false)
    expect(isAppUrl('http://localhost:5173/', APP)).toBe(false)
    expect(isAppUrl(APP, DEV)).toBe(false)
    expect(isAppUrl('not a url', APP)).toBe(false)
    expect(isAppUrl(APP, 'not a url')).toBe(false)
    expect(isAppUrl('data:text/html,hi', 'data:text/html,hi')).toBe(false)
  })

  it('ignores how the path is spelled: percent-encoding and the Windows drive letter case', () => {
    const win = 'file:///C:/Program%20Files/Loket/resources/app.asar/out/renderer/index.html'
    expect(
      isAppUrl('file:///c:/Program Files/Loket/resources/app.asar/out/renderer/index.html', win),
    ).toBe(true)
    expect(
      isAppUrl('file:///D:/Program%20Files/Loket/resources/app.asar/out/renderer/index.html', win),
    ).toBe(false)
  })
})

describe('permissions', () => {
  const ask = (permission: string, over: Record<string, unknown> = {}) => ({
    permission,
    requestingUrl: APP,
    isMainFrame: true,
    ...over,
  })

  it('refuses everything but the camera for the app page', () => {
    for (const p of [
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'display-capture',
      'midi',
      'usb',
    ]) {
      expect(permissionAllowed(ask(p), APP), p).toBe(false)
    }
    expect(permissionAllowed(ask('media', { mediaTypes: ['video'] }), APP)).toBe(true)
  })

  it('refuses the camera to other pages, sub-frames, unknown requesters and the microphone', () => {
    expect(permissionAllowed(ask('media', { requestingUrl: 'https://evil.example/' }), APP)).toBe(
      false,
    )
    expect(permissionAllowed(ask('media', { requestingUrl: 'file:///tmp/x.html' }), APP)).toBe(
      false,
    )
    expect(permissionAllowed(ask('media', { isMainFrame: false }), APP)).toBe(false)
    expect(permissionAllowed(ask('media', { requestingUrl: undefined }), APP)).toBe(false)
    expect(permissionAllowed(ask('media', { mediaTypes: ['video', 'audio'] }), APP)).toBe(false)
    expect(permissionAllowed(ask('media', { mediaTypes: ['audio'] }), APP)).toBe(false)
  })

  it('installs the same rule for requests and for checks', () => {
    type RequestHandler = (c: unknown, p: string, cb: (ok: boolean) => void, d: object) => void
    type CheckHandler = (c: unknown, p: string, origin: string, d: object) => boolean
    let onRequest: RequestHandler | undefined
    let onCheck: CheckHandler | undefined
    const session = {
      setPermissionRequestHandler: vi.fn((h: RequestHandler) => (onRequest = h)),
      setPermissionCheckHandler: vi.fn((h: CheckHandler) => (onCheck = h)),
    }
    installPermissionHandlers(session as never, APP)

    const request = (permission: string, details: object) => {
      const callback = vi.fn()
      onRequest!({}, permission, callback, details)
      expect(callback).toHaveBeenCalledOnce()
      return callback.mock.calls[0]![0] as boolean
    }
    const ours = { requestingUrl: `${APP}#/intake`, isMainFrame: true }
    expect(request('geolocation', ours)).toBe(false)
    expect(request('notifications', ours)).toBe(false)
    expect(request('openExternal', { ...ours, externalURL: 'https://example.com' })).toBe(false)
    expect(
      request('media', {
        requestingUrl: 'https://evil.example/',
        isMainFrame: true,
        mediaTypes: ['video'],
      }),
    ).toBe(false)
    expect(request('media', { ...ours, mediaTypes: ['audio'] })).toBe(false)
    expect(request('media', { ...ours, mediaTypes: ['video'] })).toBe(true)

    // For a file:// page the origin argument is only "file://"; the frame URL decides.
    expect(onCheck!(null, 'media', 'file:///', { ...ours, mediaType: 'video' })).toBe(true)
    expect(onCheck!(null, 'media', 'file:///', { isMainFrame: true, mediaType: 'video' })).toBe(
      false,
    )
    expect(
      onCheck!(null, 'media', 'https://evil.example', {
        requestingUrl: 'https://evil.example/',
        isMainFrame: true,
        mediaType: 'video',
      }),
    ).toBe(false)
    expect(onCheck!(null, 'notifications', 'file:///', ours)).toBe(false)
    expect(onCheck!(null, 'geolocation', 'file:///', ours)).toBe(false)
  })
})

describe('createMainWindow', () => {
  it('creates the hardened window, loads the app page and shows it once ready', async () => {
    const win = createMainWindow({ preloadPath: '/x/out/preload/index.cjs', appUrl: APP })
    const created = fake.FakeBrowserWindow.created
    expect(created).toHaveLength(1)
    const w = created[0]!
    expect(win).toBe(w)
    expect(w.options).toEqual(windowOptions('/x/out/preload/index.cjs'))
    expect(w.loadURL).toHaveBeenCalledWith(APP)
    // Hardened: no new windows, navigation and webview listeners in place.
    expect(w.webContents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    expect([...w.webContents.listeners.keys()].sort()).toEqual([
      'will-attach-webview',
      'will-navigate',
    ])
    // Hidden until Chromium has painted.
    await Promise.resolve()
    expect(w.show).not.toHaveBeenCalled()
    w.once_.get('ready-to-show')!()
    expect(w.show).toHaveBeenCalledOnce()
  })

  it('shows the window anyway when the page cannot be loaded', async () => {
    fake.FakeBrowserWindow.loadResult = () => Promise.reject(new Error('ERR_FILE_NOT_FOUND'))
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    createMainWindow({ preloadPath: '/x/p.cjs', appUrl: APP })
    await vi.waitFor(() => expect(fake.FakeBrowserWindow.created[0]!.show).toHaveBeenCalled())
    expect(String(error.mock.calls[0]?.[0])).toContain(APP)
  })
})
