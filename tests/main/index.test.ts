import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IPC_CHANNEL } from '../../src/shared/api'

// src/main/index.ts wires Electron's lifecycle; here every Electron object it
// touches is a recording stand-in, and core's openStation is faked, so the
// wiring can be checked without Electron's program or a database.

const h = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown
  const state = {
    order: [] as string[],
    appListeners: new Map<string, Listener[]>(),
    ready: Promise.resolve(),
    gotLock: true,
    isPackaged: false,
    windows: [] as FakeBrowserWindow[],
    ipcHandlers: new Map<string, Listener>(),
    menuTemplate: undefined as unknown,
    permissionRequest: undefined as Listener | undefined,
    permissionCheck: undefined as Listener | undefined,
    keyringBackend: 'gnome_libsecret',
  }
  let nextId = 1
  class FakeBrowserWindow {
    static getAllWindows = () => state.windows
    webContents = {
      id: nextId++,
      setWindowOpenHandler: () => {},
      on: () => {},
    }
    listeners = new Map<string, Listener>()
    loadURL = vi.fn(async (_url: string) => {})
    show = vi.fn()
    constructor(public options: { webPreferences: { preload: string } }) {
      state.windows.push(this)
    }
    once(name: string, l: Listener) {
      this.listeners.set(name, l)
      return this
    }
    on(name: string, l: Listener) {
      this.listeners.set(name, l)
      return this
    }
    isDestroyed = () => false
    isMinimized = () => false
    restore = vi.fn()
    focus = vi.fn()
  }
  const app = {
    enableSandbox: vi.fn(() => state.order.push('enableSandbox')),
    requestSingleInstanceLock: vi.fn(() => {
      state.order.push('requestSingleInstanceLock')
      return state.gotLock
    }),
    quit: vi.fn(),
    exit: vi.fn(),
    get isPackaged() {
      return state.isPackaged
    },
    whenReady: vi.fn(() => state.ready),
    getPath: vi.fn((name: string) => `/home/petugas/.config/Loket-${name}`),
    getVersion: () => '0.1.0',
    setAppUserModelId: vi.fn(),
    on: vi.fn((name: string, l: Listener) => {
      state.appListeners.set(name, [...(state.appListeners.get(name) ?? []), l])
    }),
  }
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: vi.fn((channel: string, l: Listener) => state.ipcHandlers.set(channel, l)),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((l: Listener) => (state.permissionRequest = l)),
        setPermissionCheckHandler: vi.fn((l: Listener) => (state.permissionCheck = l)),
      },
    },
    Menu: {
      buildFromTemplate: vi.fn((t: unknown) => {
        state.menuTemplate = t
        return { template: t }
      }),
      setApplicationMenu: vi.fn(),
    },
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn() },
    // A key store that works, unless a test says otherwise.
    safeStorage: {
      isAsyncEncryptionAvailable: vi.fn(async () => true),
      getSelectedStorageBackend: vi.fn(() => state.keyringBackend),
      encryptStringAsync: vi.fn(async (s: string) => Buffer.from(`os:${s}`)),
      decryptStringAsync: vi.fn(async (b: Buffer) => ({ result: b.toString().slice(3) })),
    },
  }
  const station = {
    dataDir: '',
    dispatch: vi.fn(async () => ({ ok: true, result: 'dispatched' })),
    close: vi.fn(async () => {}),
  }
  const openStation = vi.fn(async (o: { dataDir: string }) => {
    station.dataDir = o.dataDir
    return station
  })
  return { state, electron, station, openStation, FakeBrowserWindow }
})

vi.mock('electron', () => h.electron)
vi.mock('../../src/core/station', () => ({ openStation: h.openStation }))

const srcMain = fileURLToPath(new URL('../../src/main/', import.meta.url))
// Core's worker entry, as electron-vite's `?modulePath` names it (the source under Vitest).
const workerEntry = join(srcMain, '..', 'core', 'workers', 'worker.ts')
const savedEnv = { ...process.env }

/** Imports index.ts afresh (it acts on import) and lets the ready handler finish. */
async function boot() {
  vi.resetModules()
  await import('../../src/main/index')
  await vi.waitFor(() => {
    const settled =
      h.state.windows.length > 0 ||
      h.electron.dialog.showErrorBox.mock.calls.length > 0 ||
      !h.state.gotLock
    if (!settled) throw new Error('not ready yet')
  })
}

function emitApp(name: string, ...args: unknown[]) {
  for (const l of h.state.appListeners.get(name) ?? []) l(...args)
}

beforeEach(() => {
  vi.clearAllMocks()
  Object.assign(h.state, {
    order: [],
    appListeners: new Map(),
    ready: Promise.resolve(),
    gotLock: true,
    isPackaged: false,
    windows: [],
    ipcHandlers: new Map(),
    menuTemplate: undefined,
    permissionRequest: undefined,
    permissionCheck: undefined,
    keyringBackend: 'gnome_libsecret',
  })
  delete process.env['LOKET_DATA']
  delete process.env['LOKET_DATA_PASSPHRASE']
  delete process.env['ELECTRON_RENDERER_URL']
})

afterEach(() => {
  process.env = { ...savedEnv }
  vi.restoreAllMocks()
})

describe('the Electron entry point', () => {
  it('enables the sandbox for every renderer before anything else', async () => {
    await boot()
    expect(h.state.order.slice(0, 2)).toEqual(['enableSandbox', 'requestSingleInstanceLock'])
  })

  it('opens the station in LOKET_DATA, registers IPC, and shows the window from the preload', async () => {
    process.env['LOKET_DATA'] = 'tmp/loket-data'
    await boot()
    expect(h.openStation).toHaveBeenCalledWith({
      dataDir: resolve('tmp/loket-data'),
      keys: expect.objectContaining({ kind: 'os' }),
      workerEntry,
      warmWorkers: true,
    })
    expect(h.electron.ipcMain.handle).toHaveBeenCalledOnce()
    expect([...h.state.ipcHandlers.keys()]).toEqual([IPC_CHANNEL])
    expect(h.state.windows).toHaveLength(1)
    const win = h.state.windows[0]!
    expect(win.options.webPreferences.preload).toBe(join(srcMain, '..', 'preload', 'index.cjs'))
    expect(win.loadURL).toHaveBeenCalledWith(
      new URL('../../src/renderer/index.html', import.meta.url).href,
    )
  })

  it('keeps its data in userData/data by default', async () => {
    await boot()
    expect(h.electron.app.getPath).toHaveBeenCalledWith('userData')
    expect(h.openStation).toHaveBeenCalledWith({
      keys: expect.objectContaining({ kind: 'os' }),
      dataDir: resolve('/home/petugas/.config/Loket-userData', 'data'),
      workerEntry,
      warmWorkers: true,
    })
  })

  it('loads the electron-vite dev server in development only', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173'
    await boot()
    expect(h.state.windows[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173/')

    h.state.windows = []
    h.state.isPackaged = true
    await boot()
    const loaded = h.state.windows[0]!.loadURL.mock.calls[0]![0]
    expect(loaded).toMatch(/^file:\/\/.*\/renderer\/index\.html$/)
  })

  it('carries IPC from its own window to the station and refuses other senders', async () => {
    await boot()
    const win = h.state.windows[0]!
    const url = win.loadURL.mock.calls[0]![0]
    const handler = h.state.ipcHandlers.get(IPC_CHANNEL)!
    const from = (id: number) => ({ sender: { id }, senderFrame: { url, parent: null } })
    await expect(handler(from(win.webContents.id), 'settings.get', {})).resolves.toEqual({
      ok: true,
      result: 'dispatched',
    })
    expect(h.station.dispatch).toHaveBeenCalledWith(
      'settings.get',
      {},
      { transport: 'ipc', session: null },
    )
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await expect(handler(from(win.webContents.id + 100), 'settings.get', {})).rejects.toThrow()
    expect(h.station.dispatch).toHaveBeenCalledOnce()
  })

  it('installs permission handlers that refuse all but the camera for its page', async () => {
    await boot()
    const url = h.state.windows[0]!.loadURL.mock.calls[0]![0]
    const decide = (permission: string, requestingUrl: string, extra: object = {}) => {
      const cb = vi.fn()
      h.state.permissionRequest!({}, permission, cb, { requestingUrl, isMainFrame: true, ...extra })
      return cb.mock.calls[0]![0]
    }
    expect(decide('geolocation', url)).toBe(false)
    expect(decide('notifications', url)).toBe(false)
    expect(decide('openExternal', url, { externalURL: 'https://example.com' })).toBe(false)
    expect(decide('media', 'https://evil.example/', { mediaTypes: ['video'] })).toBe(false)
    expect(decide('media', url, { mediaTypes: ['video'] })).toBe(true)
    expect(
      h.state.permissionCheck!(null, 'geolocation', 'file://', {
        requestingUrl: url,
        isMainFrame: true,
      }),
    ).toBe(false)
  })

  it('sets a minimal Indonesian menu', async () => {
    await boot()
    expect(h.electron.Menu.setApplicationMenu).toHaveBeenCalledOnce()
    const template = h.state.menuTemplate as Array<{
      label: string
      submenu: Array<{ label?: string }>
    }>
    expect(template.map((m) => m.label)).toEqual(['Berkas', 'Tampilan', 'Bantuan'])
    const labels = template.flatMap((m) => m.submenu.map((i) => i.label).filter(Boolean))
    expect(labels).toEqual(
      expect.arrayContaining(['Keluar', 'Muat ulang', 'Perbesar', 'Perkecil', 'Tentang Loket']),
    )
  })

  it('leaves at once, without opening the data, when another Loket is running', async () => {
    h.state.gotLock = false
    await boot()
    await new Promise((r) => setTimeout(r, 10))
    expect(h.electron.app.quit).toHaveBeenCalled()
    expect(h.openStation).not.toHaveBeenCalled()
    expect(h.state.windows).toHaveLength(0)
  })

  it('focuses the existing window when a second instance starts', async () => {
    await boot()
    emitApp('second-instance')
    expect(h.state.windows[0]!.focus).toHaveBeenCalledOnce()
  })

  it('quits when the last window closes, except on macOS', async () => {
    await boot()
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!
    try {
      Object.defineProperty(process, 'platform', { value: 'darwin' })
      emitApp('window-all-closed')
      expect(h.electron.app.quit).not.toHaveBeenCalled()
      Object.defineProperty(process, 'platform', { value: 'win32' })
      emitApp('window-all-closed')
      expect(h.electron.app.quit).toHaveBeenCalledOnce()
    } finally {
      Object.defineProperty(process, 'platform', platform)
    }
  })

  it('closes the station before the process ends', async () => {
    await boot()
    const first = { preventDefault: vi.fn() }
    emitApp('will-quit', first)
    expect(first.preventDefault).toHaveBeenCalledOnce()
    expect(h.station.close).toHaveBeenCalledOnce()
    await vi.waitFor(() => expect(h.electron.app.quit).toHaveBeenCalledOnce())
    // The quit that follows the close is let through.
    const second = { preventDefault: vi.fn() }
    emitApp('will-quit', second)
    expect(second.preventDefault).not.toHaveBeenCalled()
    expect(h.station.close).toHaveBeenCalledOnce()
  })

  it('explains and exits when the data cannot be opened', async () => {
    h.openStation.mockRejectedValueOnce(new Error('SQLITE_CANTOPEN'))
    await boot()
    expect(h.electron.dialog.showErrorBox).toHaveBeenCalledOnce()
    const [title, body] = h.electron.dialog.showErrorBox.mock.calls[0]!
    expect(title).toBe('Loket tidak dapat dibuka')
    expect(body).toContain('SQLITE_CANTOPEN')
    expect(h.electron.app.exit).toHaveBeenCalledWith(1)
    expect(h.state.windows).toHaveLength(0)
    expect(h.electron.ipcMain.handle).not.toHaveBeenCalled()
  })

  it('refuses to start without a real key store unless given a data passphrase', async () => {
    if (process.platform !== 'linux') return
    h.state.keyringBackend = 'basic_text'
    await boot()
    expect(h.openStation).not.toHaveBeenCalled()
    const [, body] = h.electron.dialog.showErrorBox.mock.calls[0]!
    expect(body).toContain('LOKET_DATA_PASSPHRASE')
    expect(h.electron.app.exit).toHaveBeenCalledWith(1)

    vi.clearAllMocks()
    Object.assign(h.state, { windows: [], appListeners: new Map() })
    process.env['LOKET_DATA_PASSPHRASE'] = 'kata sandi data yang panjang'
    await boot()
    expect(h.openStation).toHaveBeenCalledWith(
      expect.objectContaining({ keys: expect.objectContaining({ kind: 'passphrase' }) }),
    )
  })
})
