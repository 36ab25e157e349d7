// What `npm start` decides before it opens the Electron window, kept apart from
// start.mjs so tests can call it. Electron's package downloads its program on
// the first `require('electron')` and throws when it cannot, so that require is
// the check.
import path from 'node:path'

/** The first line of an error's message (or of any thrown value), never empty. */
export function firstLine(err) {
  const text = err instanceof Error ? err.message : String(err ?? '')
  const line = text.split(/\r?\n/, 1)[0]?.trim() ?? ''
  return line.length > 0 ? line : 'unknown error'
}

/**
 * Resolves the Electron program the way the electron package does.
 * @param {(id: string) => unknown} requireFn `createRequire(import.meta.url)` in start.mjs
 * @returns {{ ok: true, path: string } | { ok: false, reason: string }}
 */
export function findElectron(requireFn) {
  let path
  try {
    path = requireFn('electron')
  } catch (err) {
    return { ok: false, reason: firstLine(err) }
  }
  if (typeof path !== 'string' || path.length === 0) {
    return { ok: false, reason: 'the electron package did not give the path of its program' }
  }
  return { ok: true, path }
}

/**
 * What to tell the person: one paragraph in Indonesian, the same in English,
 * then the technical reason.
 * @param {unknown} err the reason from findElectron, or the error itself
 * @returns {string}
 */
export function explainMissingElectron(err) {
  const reason = firstLine(err)
  return [
    'Jendela aplikasi Loket (Electron) tidak dapat dibuka karena programnya belum ada di komputer ini ' +
      'dan gagal diunduh, biasanya karena komputer ini tidak dapat mengakses server unduhan Electron. ' +
      'Tidak ada data yang hilang. Loket tetap dapat dipakai di peramban: jalankan "npm run web", ' +
      'lalu buka alamat yang ditampilkannya. Setelah Electron dapat diunduh, "npm start" akan membuka jendelanya.',
    '',
    'The Loket window (Electron) cannot be opened because its program is not on this computer ' +
      "and could not be downloaded, usually because this computer cannot reach Electron's download server. " +
      'No data is lost. Loket still runs in a browser: run "npm run web" ' +
      'and open the address it prints. Once Electron can be downloaded, "npm start" will open the window.',
    '',
    `Detail: ${reason}`,
  ].join('\n')
}

/**
 * How to run `electron-vite dev` from the project root. On Windows the
 * node_modules/.bin shim is a .cmd file, which Node refuses to spawn without a
 * shell, so there the same CLI runs through node itself.
 * @param {string} root
 * @param {string} platform process.platform
 * @param {string} nodePath process.execPath
 * @returns {{ command: string, args: string[] }}
 */
export function electronViteDevCommand(root, platform, nodePath) {
  const p = platform === 'win32' ? path.win32 : path.posix
  if (platform === 'win32') {
    const cli = p.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
    return { command: nodePath, args: [cli, 'dev'] }
  }
  return { command: p.join(root, 'node_modules', '.bin', 'electron-vite'), args: ['dev'] }
}
