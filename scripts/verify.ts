// `npm run verify [-- --data .loket-data]`: the audit check of a station's
// database, from the command line (the station need not be running). Exit 0
// when everything holds, 1 with the problems listed when not.
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { auditDatabase } from '../src/core/audit'
import { bindCipher, openDataKey, passphraseProtector } from '../src/core/crypto/dataKey'
import { openDatabase } from '../src/core/db'
import { askHidden } from '../src/host/passphrase'
import { readSetting } from '../src/core/services/settings'

const { values } = parseArgs({ options: { data: { type: 'string', default: '.loket-data' } } })
const db = openDatabase(join(resolve(values.data), 'loket.sqlite'))
try {
  const stationId = await readSetting(db, 'stationId')
  if (!stationId) throw new Error(`no Loket station in ${values.data}`)
  // The hashes cover the events as written, so the data key must be open to check them.
  const passphrase =
    process.env['LOKET_DATA_PASSPHRASE'] ??
    (process.stdin.isTTY ? await askHidden('Kata sandi data Loket: ') : '')
  if (!passphrase) {
    throw new Error('setel LOKET_DATA_PASSPHRASE / set LOKET_DATA_PASSPHRASE to open the data key')
  }
  bindCipher(db, await openDataKey(db, passphraseProtector(passphrase), { create: false }))
  const r = await auditDatabase(db, stationId)
  const line = (ok: boolean, what: string) => console.log(`${ok ? 'OK   ' : 'SALAH'} ${what}`)
  line(
    r.sqlite.ok,
    `berkas SQLite / SQLite file${r.sqlite.ok ? '' : `: ${r.sqlite.messages.join('; ')}`}`,
  )
  line(r.chain.ok, `rantai hash / hash chain (${r.chain.events} peristiwa / events)`)
  for (const p of r.chain.problems)
    console.log(`      ${p.problem} at ${p.stationId} #${p.seq} (${p.eventId})`)
  line(r.projections.ok, 'data kasus sesuai log / case data matches the log')
  for (const d of r.projections.differences) console.log(`      ${d}`)
  line(
    r.search.ok,
    `indeks pencarian / search index${r.search.message ? `: ${r.search.message}` : ''}`,
  )
  process.exitCode = r.ok ? 0 : 1
} catch (err) {
  console.error(`Pemeriksaan gagal / the check failed: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await db.destroy()
}
