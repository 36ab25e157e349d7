// Finding the Electron binary, and what to say when it cannot be had.
// Electron 42 and later download their binary on first use, not at install,
// so the first `require('electron')` may try the network and fail.

/**
 * @param {(id: string) => unknown} requireFn
 * @returns {{ ok: true, path: string } | { ok: false, reason: string }}
 */
export function findElectron(requireFn) {
  try {
    const path = requireFn('electron')
    if (typeof path !== 'string' || path.length === 0) {
      return { ok: false, reason: 'the electron package did not return a program path' }
    }
    return { ok: true, path }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    return { ok: false, reason: message.split('\n')[0] ?? message }
  }
}

/** One paragraph in Indonesian, then the same in English, then the technical detail. */
export function explainMissingElectron(reason) {
  return [
    'Jendela aplikasi Loket (Electron) tidak dapat dibuka: programnya belum ada di komputer ini dan gagal diunduh, ' +
      'biasanya karena tidak ada akses internet ke server unduhan Electron. Tidak ada data yang hilang. ' +
      'Jalankan Loket di peramban dengan perintah "npm run web", lalu buka alamat yang ditampilkannya. ' +
      'Setelah komputer ini dapat mengunduh Electron, "npm start" akan membuka jendelanya.',
    '',
    'The Loket window (Electron) cannot open: its program is not on this computer and could not be downloaded, ' +
      "usually because there is no internet access to Electron's download server. No data is lost. " +
      'Run Loket in a browser with "npm run web" and open the address it prints. ' +
      'Once this computer can download Electron, "npm start" will open the window.',
    '',
    `Detail: ${reason}`,
  ].join('\n')
}
