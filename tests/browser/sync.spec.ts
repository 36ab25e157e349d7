import { readFile } from 'node:fs/promises'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { buildServer } from '../../src/server/app'
import { importBatchFile } from '../../src/server/central/batchFiles'
import { ensureCentralIdentity } from '../../src/server/central/centralIdentity'
import { createEnrolmentCode } from '../../src/server/central/enrolment'
import { loadConfig } from '../../src/server/config'
import { migrateServer, openServerDb } from '../../src/server/db'
import { batchFileSchema } from '../../src/shared/sync'
import { STATE } from './accounts'

test.use({ storageState: STATE.admin })
// The second test needs the station the first one enrolled.
test.describe.configure({ mode: 'serial' })

// The station meets a real central server on a loopback port: enrolment, sync,
// the server going away, and the batch file that carries the outbox instead.
test('a station enrols, syncs, shows a lost server in words, and exports a batch file', async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  // The admin enrols the station; a clerk records a case meanwhile.
  const clerk = await playwright.request.newContext({
    baseURL: baseURL!,
    storageState: STATE.frontdesk,
  })
  const dir = mkdtempSync(join(tmpdir(), 'loket-central-e2e-'))
  const config = loadConfig({ LOKET_SERVER_DATA: dir, LOKET_LOG_LEVEL: 'silent' })
  const db = openServerDb(config)
  await migrateServer(db)
  const identity = await ensureCentralIdentity(db, new Date())
  const app = await buildServer({ db, identity, config, logger: false })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const { code, stationCode } = await createEnrolmentCode(db, { label: 'e2e' }, new Date())
  // Kept open for the checks after the server is stopped.
  const files = openServerDb(config)
  try {
    await page.goto('/#/sync')
    await expect(page.getByTestId('sync-indicator')).toHaveText('Belum terdaftar')
    await page.getByTestId('enrol-url').fill(`http://127.0.0.1:${port}`)
    await page.getByTestId('enrol-code').fill('SALAH-KODE-1')
    await page.getByTestId('enrol-submit').click()
    await expect(page.getByText('Pendaftaran ditolak server pusat')).toBeVisible()

    await page.getByTestId('enrol-code').fill(code.toLowerCase())
    await page.getByTestId('enrol-name').fill('Loket Kab. Uji')
    await page.getByTestId('enrol-code').press('Enter')
    await expect(page.getByTestId('sync-status')).toContainText(stationCode)

    // Cases recorded earlier go up when asked (and by themselves on the timer).
    await page.getByTestId('sync-now').click()
    await expect(page.getByTestId('sync-pending')).toHaveText('0')
    await expect(page.getByTestId('sync-indicator')).toHaveText('Tersinkron')
    await expect(page.getByTestId('sync-last-success')).not.toHaveText('belum pernah')

    // The server goes away; a new case waits and the reason is shown in words.
    await app.close()
    const intake = {
      channel: 'walk_in',
      kind: 'pengaduan',
      receivedBy: 'Siti',
      complainant: { name: 'Budi', directlyAffected: true },
      anonymous: false,
      confidential: false,
      reportedParty: {},
      subject: 'Pungutan liar di kantor desa',
      description: 'Warga diminta membayar untuk surat keterangan.',
      attachments: [],
    }
    const created = await clerk.post('/api/case.create', { data: intake })
    expect(((await created.json()) as { ok: boolean }).ok).toBe(true)
    const confidential = await clerk.post('/api/case.create', {
      data: { ...intake, confidential: true, subject: 'Suap di kantor desa' },
    })
    expect(((await confidential.json()) as { ok: boolean }).ok).toBe(true)
    await page.getByTestId('sync-now').click()
    await expect(page.getByTestId('sync-error')).toContainText('Server pusat tidak dapat dihubungi')
    await expect(page.getByTestId('sync-pending')).not.toHaveText('0')
    await expect(page.getByTestId('sync-indicator')).toContainText('Belum terkirim')

    // The batch file carries them instead. It holds a confidential case's content, which is
    // not for the admin to carry: a supervisor makes it, with progress; the centre imports it.
    await page.getByTestId('export-file').click()
    await expect(page.getByTestId('export-error')).toContainText(
      'Minta supervisor membuat berkas batch',
    )
    const supervisor = await browser.newContext({ storageState: STATE.supervisor })
    const desk = await supervisor.newPage()
    await desk.goto('/#/sync')
    await desk.getByTestId('export-file').click()
    await expect(desk.getByTestId('export-progress')).toContainText('100%')
    const download = desk.waitForEvent('download')
    await desk.getByTestId('export-download').click()
    const file = batchFileSchema.parse(
      JSON.parse(await readFile(await (await download).path(), 'utf8')),
    )
    const first = await importBatchFile(files, file, new Date())
    expect(first.stored).toBeGreaterThan(0)
    const again = await importBatchFile(files, file, new Date())
    expect(again.stored).toBe(0)
    await supervisor.close()
  } finally {
    await clerk.dispose()
    await app.close()
    await files.destroy()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('an anonymous complaint that names its own complainant is held until a clerk confirms', async ({
  browser,
}) => {
  // The station was enrolled by the test before, so identities can be sealed.
  const context = await browser.newContext({ storageState: STATE.frontdesk })
  const page = await context.newPage()
  try {
    await page.request.post('/api/draft.discard', { data: { id: 'intake' } })
    await page.goto('/#/intake')
    await page.getByTestId('intake-received-by').fill('Siti Rahmawati')
    await page.getByTestId('intake-anonymous').click()
    await page.getByTestId('intake-name').fill('Rukmini Wulandari')
    await page.getByTestId('intake-subject').fill('Pungutan di kelurahan')
    await page
      .getByTestId('intake-description')
      .fill('Saya Rukmini diminta membayar Rp 100.000 untuk surat pengantar.')
    await expect(page.getByTestId('intake-self-mention')).toContainText('nama')
    await page.getByTestId('intake-save').click()
    await expect(page.getByTestId('case-tracking-number')).toBeVisible()
    await page.keyboard.press('Escape')

    await page.goto('/#/sync')
    await expect(page.getByTestId('privacy-holds')).toContainText('nama')
    await expect(page.getByTestId('sync-indicator')).toContainText('Ditahan: 1')
    await page.getByTestId('hold-confirm').click()
    await expect(page.getByTestId('privacy-holds')).toContainText('Wajib diisi')
    await page.getByTestId('hold-note').fill('Pelapor setuju namanya disebut dalam uraian.')
    await page.getByTestId('hold-confirm').click()
    await expect(page.getByTestId('privacy-holds')).toHaveCount(0)
    await expect(page.getByTestId('sync-indicator')).not.toContainText('Ditahan')
  } finally {
    await context.close()
  }
})
