import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { batchFileSchema } from '../shared/sync'
import { createAdminToken } from './central/adminTokens'
import { importBatchFile } from './central/batchFiles'
import { ensureCentralIdentity } from './central/centralIdentity'
import { createEnrolmentCode } from './central/enrolment'
import { Refused } from './central/refused'
import { loadConfig } from './config'
import { migrateServer, openServerDb } from './db'
import { startServer } from './server'

// `npm run server [-- <command>]`: serve (the default), or a central admin's task.
const USAGE = `Pemakaian / usage: npm run server -- [perintah / command]
  serve                                     jalankan server / run the server (default)
  enrolment-code --label "Kab. Sampang" [--station-code MDR]
                                            kode pendaftaran sekali pakai untuk satu stasiun
                                            one-time enrolment code for one station
  admin-token --label "nama"                token admin untuk rute /v1/admin / admin API token
  import <berkas.loket-batch>               impor berkas batch dari USB / import a batch file
Lingkungan / environment: DATABASE_URL (postgres://…; tanpa ini / without it: SQLite),
  LOKET_SERVER_DATA (.loket-server), LOKET_SERVER_HOST (127.0.0.1), LOKET_SERVER_PORT (5180),
  LOKET_TRUST_PROXY (false; alamat proksi / the proxy's addresses)`

async function withDb<T>(fn: (db: ReturnType<typeof openServerDb>) => Promise<T>): Promise<T> {
  const db = openServerDb(loadConfig())
  try {
    await migrateServer(db)
    await ensureCentralIdentity(db, new Date())
    return await fn(db)
  } finally {
    await db.destroy()
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      label: { type: 'string' },
      'station-code': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command = 'serve', ...rest] = positionals
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  switch (command) {
    case 'serve': {
      const config = loadConfig()
      const app = await startServer(config)
      const stop = () => void app.close().then(() => process.exit(0))
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      console.log(
        `Server pusat Loket berjalan di http://${config.host}:${config.port} (${config.databaseUrl ? 'PostgreSQL' : `SQLite di ${config.dataDir}`})`,
      )
      return -1
    }
    case 'enrolment-code': {
      if (!values.label) break
      const r = await withDb((db) =>
        createEnrolmentCode(
          db,
          { label: values.label!, stationCode: values['station-code'] },
          new Date(),
        ),
      )
      console.log(`Kode pendaftaran / enrolment code: ${r.code}`)
      console.log(`Kode stasiun / station code:       ${r.stationCode}`)
      console.log(`Berlaku sampai / valid until:      ${r.expiresAt}`)
      console.log('Kode ini hanya ditampilkan sekali. / This code is shown only once.')
      return 0
    }
    case 'admin-token': {
      if (!values.label) break
      const token = await withDb((db) => createAdminToken(db, values.label!, new Date()))
      console.log(token)
      return 0
    }
    case 'import': {
      const [file] = rest
      if (!file) break
      let parsed
      try {
        parsed = batchFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')))
      } catch (err) {
        console.error(`Berkas tidak dapat dibaca / cannot read the file: ${(err as Error).message}`)
        return 1
      }
      if (!parsed.success) {
        console.error('Bukan berkas batch Loket yang sah / not a valid Loket batch file.')
        return 1
      }
      const r = await withDb((db) => importBatchFile(db, parsed.data, new Date()))
      console.log(
        `Diimpor / imported: ${r.batches} batch, ${r.stored} peristiwa baru / new events, ${r.duplicates} sudah ada / already stored.`,
      )
      return 0
    }
  }
  console.error(USAGE)
  return 2
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code
  },
  (err: unknown) => {
    if (err instanceof Refused) console.error(`Ditolak / refused: ${err.refusal.reason}`)
    else console.error(err)
    process.exitCode = 1
  },
)
