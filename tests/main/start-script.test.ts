import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import {
  electronViteDevCommand,
  explainMissingElectron,
  findElectron,
} from '../../scripts/electron-check.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))

describe('findElectron', () => {
  it('asks the electron package for its program and returns the path', () => {
    const requireFn = vi.fn(() => '/opt/electron/electron')
    expect(findElectron(requireFn)).toEqual({ ok: true, path: '/opt/electron/electron' })
    expect(requireFn).toHaveBeenCalledWith('electron')
  })

  it('returns ok: false with the first line of the reason when the require throws', () => {
    const r = findElectron(() => {
      throw new Error('Electron failed to install correctly. Please delete it.\n    at stack line')
    })
    expect(r).toEqual({
      ok: false,
      reason: 'Electron failed to install correctly. Please delete it.',
    })
    expect(
      findElectron(() => {
        throw 'fetch failed'
      }),
    ).toEqual({ ok: false, reason: 'fetch failed' })
  })

  it('does not accept something that is not a program path', () => {
    expect(findElectron(() => undefined).ok).toBe(false)
    expect(findElectron(() => '').ok).toBe(false)
    expect(findElectron(() => ({ path: '/x' })).ok).toBe(false)
  })
})

describe('explainMissingElectron', () => {
  const text = explainMissingElectron(new Error('fetch failed\nTypeError at undici'))
  const [indonesian = '', blank, english = '', blank2, detail] = text.split('\n')

  it('is one paragraph in Indonesian, then the same in English, then the reason', () => {
    expect(blank).toBe('')
    expect(blank2).toBe('')
    expect(indonesian).toContain('tidak dapat dibuka')
    expect(indonesian).toContain('gagal diunduh')
    expect(indonesian).toContain('Tidak ada data yang hilang')
    expect(english).toContain('cannot be opened')
    expect(english).toContain('could not be downloaded')
    expect(english).toContain('No data is lost')
    expect(detail).toBe('Detail: fetch failed')
    expect(text).not.toContain('undici')
  })

  it('points to the browser mode, npm run web, in both languages', () => {
    expect(indonesian).toContain('npm run web')
    expect(english).toContain('npm run web')
  })
})

describe('electronViteDevCommand', () => {
  it('runs node_modules/.bin/electron-vite dev on Linux and macOS', () => {
    expect(electronViteDevCommand('/src/loket', 'linux', '/usr/bin/node')).toEqual({
      command: '/src/loket/node_modules/.bin/electron-vite',
      args: ['dev'],
    })
  })

  it('runs the same CLI through node on Windows, where .bin holds a .cmd shim', () => {
    expect(electronViteDevCommand('C:\\src\\loket', 'win32', 'C:\\node\\node.exe')).toEqual({
      command: 'C:\\node\\node.exe',
      args: ['C:\\src\\loket\\node_modules\\electron-vite\\bin\\electron-vite.js', 'dev'],
    })
  })
})

describe('scripts/start.mjs', () => {
  it('explains and exits with 1, without starting anything, when Electron cannot be had', () => {
    // A require hook makes `require('electron')` fail the way a refused download does,
    // whatever this machine has installed.
    const dir = mkdtempSync(join(tmpdir(), 'loket-start-'))
    try {
      const hook = join(dir, 'no-electron.cjs')
      writeFileSync(
        hook,
        `const Module = require('node:module')
const load = Module._load
Module._load = function (request, ...rest) {
  if (request === 'electron') throw new Error('Electron failed to install correctly (simulated)\\nsecond line')
  return load.call(this, request, ...rest)
}
`,
      )
      const run = spawnSync(
        process.execPath,
        ['--require', hook, join(root, 'scripts', 'start.mjs')],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 20_000,
        },
      )
      expect(run.status).toBe(1)
      expect(run.stderr).toContain('Jendela aplikasi Loket (Electron) tidak dapat dibuka')
      expect(run.stderr).toContain('The Loket window (Electron) cannot be opened')
      expect(run.stderr.match(/npm run web/g)).toHaveLength(2)
      expect(run.stderr).toContain('Detail: Electron failed to install correctly (simulated)')
      expect(run.stderr).not.toContain('second line')
      expect(run.stdout).toBe('')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
