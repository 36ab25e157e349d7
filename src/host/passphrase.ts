import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  DataKeyError,
  PASSPHRASE_MIN_LENGTH,
  openStation,
  passphraseProtector,
  type Station,
  type StationOptions,
} from '../core/station'

/** Reads a line from the terminal without echoing it. */
export function askHidden(prompt: string): Promise<string> {
  const input = process.stdin
  return new Promise((resolve) => {
    process.stdout.write(prompt)
    let typed = ''
    input.setRawMode(true)
    input.resume()
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\u0003') {
          process.stdout.write('\n')
          process.exit(130)
        } else if (ch === '\r' || ch === '\n') {
          input.setRawMode(false)
          input.pause()
          input.off('data', onData)
          process.stdout.write('\n')
          resolve(typed)
          return
        } else if (ch === '\u007f' || ch === '\b') {
          typed = typed.slice(0, -1)
        } else if (ch >= ' ') {
          typed += ch
        }
      }
    }
    input.on('data', onData)
  })
}

/**
 * Opens the station in the web host with its data key behind a passphrase:
 * LOKET_DATA_PASSPHRASE when set, otherwise asked at the terminal (twice for
 * a new data folder, up to three tries for an existing one).
 */
export async function openWithPassphrase(
  options: Omit<StationOptions, 'keys'>,
  env: Record<string, string | undefined> = process.env,
): Promise<Station> {
  const given = env['LOKET_DATA_PASSPHRASE']
  if (given) return openStation({ ...options, keys: passphraseProtector(given) })
  if (!process.stdin.isTTY) {
    throw new DataKeyError(
      'Data Loket dienkripsi dengan kata sandi data. Setel LOKET_DATA_PASSPHRASE, ' +
        'atau jalankan perintah ini di terminal agar kata sandinya dapat ditanyakan.',
    )
  }
  const fresh = !existsSync(join(options.dataDir, 'loket.sqlite'))
  if (fresh) {
    console.log(
      'Data stasiun baru. Data pribadi pelapor akan dienkripsi dengan kata sandi data.\n' +
        `Pilih kata sandi (paling sedikit ${PASSPHRASE_MIN_LENGTH} karakter) dan simpan di tempat aman:\n` +
        'tanpa kata sandi ini data tidak dapat dibuka oleh siapa pun.',
    )
    for (;;) {
      const first = await askHidden('Kata sandi data: ')
      if (first.length < PASSPHRASE_MIN_LENGTH) {
        console.log(`Terlalu pendek: paling sedikit ${PASSPHRASE_MIN_LENGTH} karakter.`)
        continue
      }
      if ((await askHidden('Ulangi kata sandi data: ')) !== first) {
        console.log('Kedua isian tidak sama. Coba lagi.')
        continue
      }
      return openStation({ ...options, keys: passphraseProtector(first) })
    }
  }
  for (let attempt = 1; ; attempt++) {
    const passphrase = await askHidden('Kata sandi data Loket: ')
    try {
      return await openStation({ ...options, keys: passphraseProtector(passphrase) })
    } catch (err) {
      if (!(err instanceof DataKeyError) || attempt >= 3) throw err
      console.log(err.message)
    }
  }
}
