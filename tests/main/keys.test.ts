import { describe, expect, it } from 'vitest'
import { chooseKeyProtector, type SafeStorageLike } from '../../src/main/keys'

// A stand-in for Electron's safeStorage: it "encrypts" by XOR with a byte that
// belongs to this machine, so another machine's store cannot open the key.
function fakeStore(machine: number, backend = 'gnome_libsecret'): SafeStorageLike {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ machine))
  return {
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (s) => xor(Buffer.from(`loket:${s}`)),
    decryptStringAsync: async (b) => {
      const s = xor(b).toString()
      if (!s.startsWith('loket:')) throw new Error('not ours')
      return { result: s.slice(6) }
    },
  }
}

describe('the window’s data key protector', () => {
  it('wraps the data key with the OS key store, and only that store unwraps it', async () => {
    const here = await chooseKeyProtector(fakeStore(0x21), 'linux', {})
    if (!here.ok) throw new Error(here.message)
    expect(here.protector.kind).toBe('os')
    const key = Buffer.alloc(32, 7)
    const record = await here.protector.wrap(key)
    expect(JSON.stringify(record)).not.toContain(key.toString('base64'))
    expect((await here.protector.unwrap(record)).equals(key)).toBe(true)
    const elsewhere = await chooseKeyProtector(fakeStore(0x42), 'linux', {})
    if (!elsewhere.ok) throw new Error(elsewhere.message)
    await expect(elsewhere.protector.unwrap(record)).rejects.toThrow(/penyimpanan kunci sistem/)
  })

  it('refuses Linux’s plain-text fallback and a missing store, and says what to do', async () => {
    for (const store of [
      fakeStore(1, 'basic_text'),
      { ...fakeStore(1), isAsyncEncryptionAvailable: async () => false },
    ]) {
      const r = await chooseKeyProtector(store, 'linux', {})
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.message).toMatch(/keyring.*LOKET_DATA_PASSPHRASE/s)
    }
    // Windows and macOS have no such fallback: the backend name is a Linux matter.
    const win = await chooseKeyProtector(fakeStore(1, 'basic_text'), 'win32', {})
    expect(win.ok).toBe(true)
  })

  it('takes a passphrase from LOKET_DATA_PASSPHRASE instead, if it is long enough', async () => {
    const short = await chooseKeyProtector(fakeStore(1), 'linux', {
      LOKET_DATA_PASSPHRASE: 'pendek',
    })
    expect(short.ok).toBe(false)
    const long = await chooseKeyProtector(fakeStore(1, 'basic_text'), 'linux', {
      LOKET_DATA_PASSPHRASE: 'kata sandi data yang panjang',
    })
    expect(long.ok && long.protector.kind).toBe('passphrase')
  })
})
