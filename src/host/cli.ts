import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DataKeyError, type Station } from '../core/station'
import { openWithPassphrase } from './passphrase'
import { createHostServer } from './server'

// `npm run web`: the station in a browser, on this machine only by default.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env['LOKET_PORT'] ?? '5170' },
    host: { type: 'string', default: process.env['LOKET_HOST'] ?? '127.0.0.1' },
    data: { type: 'string', default: process.env['LOKET_DATA'] ?? '.loket-data' },
    static: { type: 'string', default: 'out/renderer' },
  },
})

const dataDir = resolve(values.data)
const staticDir = resolve(values.static)
if (!existsSync(resolve(staticDir, 'index.html'))) {
  console.error(
    `Tampilan Loket belum dibangun (${staticDir} tidak berisi index.html). Jalankan "npm run web", yang membangunnya lebih dulu.`,
  )
  process.exit(1)
}

let station: Station
try {
  station = await openWithPassphrase({ dataDir, warmWorkers: true })
} catch (err) {
  console.error(err instanceof DataKeyError ? err.message : err)
  process.exit(1)
}
const server = createHostServer({ station, staticDir })
server.listen(Number(values.port), values.host, () => {
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : values.port
  console.log(`Loket berjalan di http://${values.host}:${port}/  (data: ${dataDir})`)
  console.log('Buka alamat itu di peramban. Tekan Ctrl+C untuk berhenti.')
})

async function shutdown() {
  server.close()
  await station.close()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
