import {
  PASSPHRASE_MIN_LENGTH,
  osProtector,
  passphraseProtector,
  type KeyProtector,
} from '../core/crypto/dataKey'

/** The parts of Electron's safeStorage this file uses (a fake in tests). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>
  getSelectedStorageBackend?(): string
  encryptStringAsync(plain: string): Promise<Buffer>
  decryptStringAsync(box: Buffer): Promise<{ result: string }>
}

export type KeyChoice = { ok: true; protector: KeyProtector } | { ok: false; message: string }

/**
 * Chooses what protects the station's data key in the window: the OS key
 * store. On Linux without a keyring Electron falls back to a fixed key
 * ("basic_text"), which protects nothing; there, and wherever the key store
 * is missing, a passphrase from LOKET_DATA_PASSPHRASE is required instead.
 */
export async function chooseKeyProtector(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
): Promise<KeyChoice> {
  const passphrase = env['LOKET_DATA_PASSPHRASE']
  if (passphrase) {
    if (passphrase.length < PASSPHRASE_MIN_LENGTH) {
      return {
        ok: false,
        message: `LOKET_DATA_PASSPHRASE terlalu pendek: paling sedikit ${PASSPHRASE_MIN_LENGTH} karakter.`,
      }
    }
    return { ok: true, protector: passphraseProtector(passphrase) }
  }
  const available = await safeStorage.isAsyncEncryptionAvailable().catch(() => false)
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined
  if (!available || backend === 'basic_text') {
    return {
      ok: false,
      message:
        'Penyimpanan kunci sistem (keyring) tidak tersedia di komputer ini, jadi kunci data ' +
        'Loket tidak dapat dilindungi olehnya. Aktifkan keyring desktop (GNOME Keyring atau ' +
        `KWallet), atau jalankan Loket dengan kata sandi data: setel LOKET_DATA_PASSPHRASE ` +
        `(paling sedikit ${PASSPHRASE_MIN_LENGTH} karakter).`,
    }
  }
  return {
    ok: true,
    protector: osProtector({
      encryptString: (plain) => safeStorage.encryptStringAsync(plain),
      decryptString: async (box) => (await safeStorage.decryptStringAsync(box)).result,
    }),
  }
}
