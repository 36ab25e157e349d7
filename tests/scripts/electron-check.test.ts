import { describe, expect, it } from 'vitest'
import { explainMissingElectron, findElectron } from '../../scripts/electron-check.mjs'

describe('npm start when Electron is missing', () => {
  it('reports the failure instead of crashing', () => {
    const r = findElectron(() => {
      throw new Error('Electron failed to install correctly\nstack…')
    })
    expect(r).toEqual({ ok: false, reason: 'Electron failed to install correctly' })
  })

  it('returns the binary path when it is there', () => {
    expect(findElectron(() => '/opt/electron/electron')).toEqual({
      ok: true,
      path: '/opt/electron/electron',
    })
    expect(findElectron(() => undefined).ok).toBe(false)
  })

  it('explains in Indonesian and English how to use the browser mode', () => {
    const text = explainMissingElectron('fetch failed')
    const [id, , en] = text.split('\n')
    expect(id).toContain('npm run web')
    expect(id).toContain('Tidak ada data yang hilang')
    expect(en).toContain('npm run web')
    expect(en).toContain('No data is lost')
    expect(text).toContain('Detail: fetch failed')
  })
})
