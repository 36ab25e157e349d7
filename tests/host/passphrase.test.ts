import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataKeyError } from '../../src/core/crypto/dataKey'
import { openWithPassphrase } from '../../src/host/passphrase'
import { tempDir } from '../helpers'

describe('the web host’s data passphrase', () => {
  const dir = tempDir()

  it('takes LOKET_DATA_PASSPHRASE, refuses a wrong one, and explains when it cannot ask', async () => {
    const dataDir = join(dir.path, 'station')
    const env = { LOKET_DATA_PASSPHRASE: 'kata sandi data host' }
    const first = await openWithPassphrase({ dataDir, autoSync: false }, env)
    await first.close()
    await expect(
      openWithPassphrase(
        { dataDir, autoSync: false },
        { LOKET_DATA_PASSPHRASE: 'kata sandi lain' },
      ),
    ).rejects.toThrow(/Kata sandi data salah/)
    const again = await openWithPassphrase({ dataDir, autoSync: false }, env)
    await again.close()
    // No passphrase and no terminal to ask at (as under a service manager).
    expect(process.stdin.isTTY).toBeFalsy()
    await expect(openWithPassphrase({ dataDir, autoSync: false }, {})).rejects.toBeInstanceOf(
      DataKeyError,
    )
    dir.remove()
  })
})
