import { describe, expect, it, vi } from 'vitest'
import {
  hardenWebContents,
  isAppUrl,
  permissionAllowed,
  windowOptions,
} from '../../src/main/window'

type Handler = (event: { preventDefault: () => void }, url: string) => void

function fakeContents() {
  const handlers = new Map<string, Handler>()
  let openHandler: ((d: { url: string }) => { action: string }) | undefined
  return {
    handlers,
    open: (url: string) => openHandler?.({ url }),
    setWindowOpenHandler: vi.fn((h: (d: { url: string }) => { action: string }) => {
      openHandler = h
    }),
    on: vi.fn((name: string, h: Handler) => {
      handlers.set(name, h)
    }),
  }
}

function fire(c: ReturnType<typeof fakeContents>, name: string, url = '') {
  const event = { preventDefault: vi.fn() }
  c.handlers.get(name)?.(event, url)
  return event.preventDefault
}

const APP = 'file:///opt/loket/resources/app.asar/out/renderer/index.html'

describe('Electron window', () => {
  it('is sandboxed, isolated and without Node', () => {
    const o = windowOptions('/x/preload/index.cjs')
    expect(o.webPreferences?.sandbox).toBe(true)
    expect(o.webPreferences?.contextIsolation).toBe(true)
    expect(o.webPreferences?.nodeIntegration).toBe(false)
    expect(o.webPreferences?.webSecurity).toBe(true)
    expect(o.webPreferences?.webviewTag).toBe(false)
    expect(o.webPreferences?.preload).toBe('/x/preload/index.cjs')
    expect(o.show).toBe(false)
  })

  it('denies every new window', () => {
    const c = fakeContents()
    hardenWebContents(c as never, APP)
    expect(c.open('https://example.com')).toEqual({ action: 'deny' })
    expect(c.open(APP)).toEqual({ action: 'deny' })
  })

  it('blocks navigation away from the app and webviews', () => {
    const c = fakeContents()
    hardenWebContents(c as never, APP)
    expect(fire(c, 'will-navigate', 'https://example.com/')).toHaveBeenCalled()
    expect(fire(c, 'will-navigate', 'file:///etc/passwd')).toHaveBeenCalled()
    expect(fire(c, 'will-redirect', 'https://example.com/')).toHaveBeenCalled()
    expect(fire(c, 'will-navigate', `${APP}#/cases`)).not.toHaveBeenCalled()
    expect(fire(c, 'will-attach-webview')).toHaveBeenCalled()
  })

  it('matches the app URL exactly, for files and for the dev server', () => {
    expect(isAppUrl(`${APP}#/intake`, APP)).toBe(true)
    expect(isAppUrl('file:///tmp/evil.html', APP)).toBe(false)
    expect(isAppUrl('http://localhost:5173/#/x', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isAppUrl('not a url', APP)).toBe(false)
  })

  it('refuses permission requests, except the camera for the app itself', () => {
    for (const p of ['geolocation', 'notifications', 'openExternal', 'clipboard-read', 'midi']) {
      expect(permissionAllowed(p, APP, APP)).toBe(false)
    }
    expect(permissionAllowed('media', 'https://evil.example/', APP)).toBe(false)
    expect(permissionAllowed('media', APP, APP)).toBe(true)
  })
})
