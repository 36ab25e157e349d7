import { expect, test, type Page } from '@playwright/test'
import { STATE } from './accounts'

test.use({ storageState: STATE.frontdesk })

const TRACKING = /^[0-9A-Z]{2,6}-\d{6}-\d{4,}-[0-9A-Z]$/

// A 1×1 PNG, the smallest real image the station accepts.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

/** Whether the focused element sits inside the control with this test id. */
function focusIsIn(page: Page, testId: string): Promise<boolean> {
  return page.evaluate(
    (id) => Boolean(document.activeElement?.closest(`[data-testid="${id}"]`)),
    testId,
  )
}

/** Moves focus with the Tab key alone until it reaches the control with this test id. */
async function tabTo(page: Page, testId: string, maxPresses = 12): Promise<void> {
  for (let i = 0; i <= maxPresses; i++) {
    if (await focusIsIn(page, testId)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${testId}`)
}

async function typeInto(page: Page, testId: string, text: string): Promise<void> {
  await tabTo(page, testId)
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type(text)
}

/** Opens the focused select with ArrowDown, walks its options with ArrowDown, picks with Enter. */
async function chooseWithArrows(page: Page, label: string, maxPresses = 15): Promise<void> {
  await page.keyboard.press('ArrowDown')
  const hovered = page.locator('.el-select-dropdown__item.is-hovering:visible')
  for (let i = 0; i < maxPresses; i++) {
    if ((await hovered.count()) === 1 && (await hovered.innerText()).trim() === label) {
      await page.keyboard.press('Enter')
      return
    }
    await page.keyboard.press('ArrowDown')
  }
  throw new Error(`option ${label} never reached`)
}

/** The error Element Plus shows under a field of the intake form. */
function fieldError(page: Page, field: string) {
  return page.locator(`[data-field="${field}"] .el-form-item__error`)
}

test('a clerk records a complaint with the keyboard alone and opens its receipt', async ({
  page,
  playwright,
  baseURL,
}) => {
  const cspViolations: string[] = []
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) cspViolations.push(m.text())
  })
  await page.request.post('/api/draft.discard', { data: { id: 'intake' } })
  await page.goto('/#/intake')
  await expect(page.getByRole('heading', { name: 'Pengaduan Baru' })).toBeVisible()
  // The form puts the focus on its first field; from here on only the keyboard is used.
  await expect.poll(() => focusIsIn(page, 'intake-channel')).toBe(true)

  // Saluran & Jenis: a phone call, picked from the list with the arrow keys.
  await chooseWithArrows(page, 'Telepon')
  await expect(page.getByTestId('intake-channel')).toContainText('Telepon')
  await tabTo(page, 'intake-kind')
  await page.keyboard.press('ArrowRight')
  await expect(
    page.getByTestId('intake-kind').getByRole('radio', { name: 'Aspirasi' }),
  ).toBeChecked()
  await page.keyboard.press('ArrowLeft')
  await expect(
    page.getByTestId('intake-kind').getByRole('radio', { name: 'Pengaduan' }),
  ).toBeChecked()
  await typeInto(page, 'intake-received-by', 'Siti Rahmawati')

  // Pelapor: the report is confidential (Space flips the switch), the NIK mistyped.
  await tabTo(page, 'intake-confidential')
  await page.keyboard.press('Space')
  await expect(page.getByTestId('intake-confidential')).toHaveClass(/is-checked/)
  await typeInto(page, 'intake-name', 'Budi Santoso')
  await typeInto(page, 'intake-nik', '1234')
  await typeInto(page, 'intake-phone', '0812 3456 7890')
  await typeInto(page, 'intake-email', 'budi@contoh.id')
  await typeInto(page, 'intake-address', 'Jl. Merdeka No. 1, Sukamaju')
  await tabTo(page, 'intake-directly-affected')
  await page.keyboard.press('Space')
  await expect(page.getByTestId('intake-directly-affected')).toHaveClass(/is-checked/)

  // Terlapor & Kejadian.
  await typeInto(page, 'intake-agency', 'Dinas Pekerjaan Umum')
  await typeInto(page, 'intake-person', 'Kepala Seksi Jalan')
  await typeInto(page, 'intake-position', 'Kasi')
  await typeInto(page, 'intake-location', 'Desa Sukamaju')
  await typeInto(page, 'intake-incident-date', '2026-10-01')
  await page.keyboard.press('Enter')
  await typeInto(page, 'intake-category', 'Infrastruktur')

  // Uraian: the subject is left out; Enter in the description is a new line, not a save.
  await tabTo(page, 'intake-description')
  await page.keyboard.type('Jembatan gantung penghubung dusun putus sejak banjir.')
  await page.keyboard.press('Enter')
  await page.keyboard.type(
    'Warga menyeberang sungai dengan rakit; laporan kerusakan sudah disampaikan tetapi belum ada tindakan. Kata unik: tambakrejo.',
  )
  await expect(page.getByTestId('intake-description')).toHaveValue(/banjir\.\nWarga/)
  await expect(page).toHaveURL(/#\/intake$/)

  // Ctrl+Enter saves from anywhere, here the text area; the form refuses and says why.
  await page.keyboard.press('Control+Enter')
  await expect(page.getByTestId('intake-errors')).toContainText('Periksa isian yang ditandai')
  await expect(fieldError(page, 'complainant.nik')).toHaveText('NIK harus 16 digit angka.')
  await expect(fieldError(page, 'subject')).toHaveText('Wajib diisi.')
  await expect(page.getByTestId('intake-errors')).toContainText('Perihal: Wajib diisi.')
  // The focus went to the first field to correct.
  await expect.poll(() => focusIsIn(page, 'intake-nik')).toBe(true)
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('3171011501900001')
  await page.keyboard.press('Tab')
  await expect(fieldError(page, 'complainant.nik')).toHaveCount(0)

  // Saving again sends the clerk to the subject, the one field still missing.
  await page.keyboard.press('Control+Enter')
  await expect.poll(() => focusIsIn(page, 'intake-subject')).toBe(true)
  await page.keyboard.type('Jembatan gantung desa putus')
  await page.keyboard.press('Tab')
  await expect(fieldError(page, 'subject')).toHaveCount(0)
  await expect(page.getByTestId('intake-errors')).toHaveCount(0)
  await expect(page.getByTestId('intake-phone')).toHaveValue('+6281234567890')

  // The filled-in form, for the README.
  await expect(page.getByTestId('draft-status')).toContainText('Draf tersimpan')
  // Scrolled to the end, the sticky save bar sits where the form ends.
  await page.evaluate(() => {
    ;(document.activeElement as HTMLElement | null)?.blur()
    window.scrollTo(0, document.documentElement.scrollHeight)
  })
  await page.screenshot({
    path: 'docs/screenshots/intake.png',
    fullPage: true,
    animations: 'disabled',
  })
  await page.getByTestId('intake-subject').focus()

  await page.keyboard.press('Control+Enter')

  // The case page, with its receipt already offered.
  const number = page.getByTestId('case-tracking-number')
  await expect(number).toHaveText(TRACKING)
  const trackingNumber = (await number.textContent())?.trim() ?? ''
  await expect(page.getByTestId('receipt-frame')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('receipt-frame')).toBeHidden()
  await expect(page.getByTestId('case-timeline')).toContainText('Pengaduan diterima')
  await expect(page.locator('.head')).toContainText('Telepon')
  await expect(page.locator('.head')).toContainText('Rahasia')
  // A confidential complaint: once saved, its content is for the auditors who handle it.
  await expect(page.getByTestId('case-redacted')).toBeVisible()
  await expect(page.getByTestId('case-withheld')).toContainText('Isi dirahasiakan')
  await expect(page.getByText('tambakrejo')).toHaveCount(0)
  const caseIdFromUrl = page.url().split('/cases/')[1]?.split('?')[0] ?? ''
  const auditor = await playwright.request.newContext({
    baseURL: baseURL!,
    storageState: STATE.auditor,
  })
  const seen = await auditor.post('/api/case.get', { data: { id: caseIdFromUrl } })
  expect(((await seen.json()) as { result: { description: string } }).result.description).toContain(
    'tambakrejo',
  )
  await auditor.dispose()

  // The list shows it without its subject; a word of its text finds nothing for the clerk.
  await page.goto('/#/cases')
  await expect(page.getByTestId('case-table')).toContainText(trackingNumber)
  await expect(page.getByTestId('case-table')).toContainText('Isi dirahasiakan')
  await expect(page.getByTestId('case-table')).not.toContainText('Jembatan gantung desa putus')
  await page.getByTestId('list-search').focus()
  await page.keyboard.type('tambakrejo')
  await expect(page.getByTestId('case-link')).toHaveCount(0)
  await expect(page.getByTestId('case-table')).toContainText('Belum ada pengaduan yang cocok')
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Backspace')
  await expect(page.getByTestId('case-link').first()).toHaveText(trackingNumber)

  // Open it with the keyboard and show the receipt.
  await page.getByTestId('case-link').first().focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('case-tracking-number')).toHaveText(trackingNumber)
  await page.getByTestId('case-receipt').focus()
  await page.keyboard.press('Enter')
  const frame = page.getByTestId('receipt-frame')
  await expect(frame).toBeVisible()
  await expect(frame).toHaveAttribute('src', /^blob:/)
  await expect(page.getByTestId('receipt-download')).toHaveAttribute('download', /\.pdf$/)
  const caseId = page.url().split('/cases/')[1]?.split('?')[0] ?? ''
  const pdfStart = await page.evaluate(async (id) => {
    const res = await fetch('/api/case.receipt', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id }),
    })
    const body = (await res.json()) as { result: { pdfBase64: string } }
    return atob(body.result.pdfBase64).slice(0, 5)
  }, caseId)
  expect(pdfStart).toBe('%PDF-')
  // The strict Content-Security-Policy holds everything the screens do.
  expect(cspViolations).toEqual([])
})

test('a draft survives a reload and can be discarded', async ({ page }) => {
  await page.request.post('/api/draft.discard', { data: { id: 'intake' } })
  await page.goto('/#/intake')
  await page.getByTestId('intake-subject').focus()
  await page.keyboard.type('Pungutan liar di kantor desa')
  await expect(page.getByTestId('draft-status')).toContainText(/Draf tersimpan \d{2}\.\d{2}\.\d{2}/)
  await page.reload()
  await expect(page.getByTestId('intake-subject')).toHaveValue('Pungutan liar di kantor desa')
  await expect(page.getByTestId('intake-notice')).toContainText('Draf dipulihkan')

  // "Buang draf" empties the form, and the draft does not come back.
  await page.getByTestId('intake-discard-draft').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('intake-subject')).toHaveValue('')
  await expect(page.getByTestId('intake-notice')).toContainText('Draf dibuang')
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Pengaduan Baru' })).toBeVisible()
  await expect(page.getByTestId('intake-subject')).toHaveValue('')
  await expect(page.getByTestId('intake-notice')).toHaveCount(0)
})

test('what is typed before the stored draft has arrived is kept as the draft', async ({ page }) => {
  await page.request.post('/api/draft.discard', { data: { id: 'intake' } })
  // The draft service answers only after the clerk has started typing.
  let answer: () => void = () => undefined
  const held = new Promise<void>((resolve) => (answer = resolve))
  await page.route('**/api/draft.get', async (route) => {
    await held
    await route.continue()
  })
  await page.goto('/#/intake')
  await page.getByTestId('intake-subject').focus()
  await page.keyboard.type('Jalan rusak di depan sekolah')
  answer()
  await expect(page.getByTestId('draft-status')).toContainText(/Draf tersimpan \d{2}\.\d{2}\.\d{2}/)
  await page.unroute('**/api/draft.get')
  await page.reload()
  await expect(page.getByTestId('intake-subject')).toHaveValue('Jalan rusak di depan sekolah')
  await expect(page.getByTestId('intake-notice')).toContainText('Draf dipulihkan')
  await page.request.post('/api/draft.discard', { data: { id: 'intake' } })
})

test('attachments are checked, uploaded, retyped and removed before saving', async ({ page }) => {
  await page.request.post('/api/draft.discard', { data: { id: 'intake' } })
  await page.goto('/#/intake')
  const input = page.getByTestId('intake-file-input')

  // Too large: refused here, before anything is read or sent.
  await input.setInputFiles({
    name: 'pindaian-besar.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
  })
  await expect(page.getByTestId('intake-attachment-error')).toHaveText(
    'Berkas terlalu besar: paling besar 10 MB. Perkecil atau pindai ulang.',
  )
  await page.getByTestId('intake-attachment-pending').getByRole('button').click()

  // Named .pdf but not a PDF: the station checks the content and refuses it.
  await input.setInputFiles({
    name: 'bukan-pdf.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('ini hanya teks biasa'),
  })
  await expect(page.getByTestId('intake-attachment-error')).toHaveText(
    'Jenis berkas tidak didukung. Gunakan PDF, JPEG, atau PNG.',
  )
  await page.getByTestId('intake-attachment-pending').getByRole('button').click()

  // Two real images; one is retyped as a KTP copy, the other removed.
  await input.setInputFiles([
    { name: 'foto-ktp.png', mimeType: 'image/png', buffer: PNG },
    {
      name: 'foto-lokasi.png',
      mimeType: 'image/png',
      buffer: Buffer.concat([PNG, Buffer.from([0])]),
    },
  ])
  const rows = page.getByTestId('intake-attachment')
  await expect(rows).toHaveCount(2)
  await expect(rows.first()).toContainText('foto-ktp.png')
  await expect(rows.first()).toContainText('image/png')
  await rows.first().getByTestId('intake-attachment-kind-select').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'Salinan KTP' }).click()
  await expect(rows.first()).toContainText('Salinan KTP')
  await rows
    .nth(1)
    .getByRole('button', { name: /Hapus lampiran/ })
    .click()
  await expect(rows).toHaveCount(1)

  await page.getByTestId('intake-name').fill('Ani Lestari')
  await page.getByTestId('intake-subject').fill('Pungutan pembuatan KTP')
  await page.getByTestId('intake-description').fill('Diminta membayar untuk pembuatan KTP.')
  await page.getByTestId('intake-save').click()

  await expect(page.getByTestId('case-tracking-number')).toHaveText(TRACKING)
  await page.keyboard.press('Escape')
  await expect(page.getByText('Salinan KTP: foto-ktp.png')).toBeVisible()
  await expect(page.getByText('foto-lokasi.png')).toHaveCount(0)
  await expect(page.getByTestId('case-timeline')).toContainText('Lampiran ditambahkan')
})

test('before enrolment an anonymous complaint takes no identity: its fields are locked', async ({
  page,
}) => {
  await page.request.post('/api/draft.discard', { data: { id: 'intake' } })
  await page.goto('/#/intake')
  await page.getByTestId('intake-received-by').fill('Siti Rahmawati')
  await page.getByTestId('intake-name').fill('Pelapor Rahasia Sekali')
  await page.getByTestId('intake-phone').fill('081298765432')
  await page.getByTestId('intake-anonymous').click()
  // Not enrolled yet: no central key to seal an identity to, so the fields are locked and empty.
  await expect(page.getByTestId('intake-anonymous-unenrolled')).toContainText(
    'Kolom identitas dikunci',
  )
  for (const field of ['name', 'nik', 'phone', 'email', 'address']) {
    await expect(page.getByTestId(`intake-${field}`)).toBeDisabled()
    await expect(page.getByTestId(`intake-${field}`)).toHaveValue('')
  }
  // Made named again, what was typed comes back.
  await page.getByTestId('intake-anonymous').click()
  await expect(page.getByTestId('intake-name')).toBeEnabled()
  await expect(page.getByTestId('intake-name')).toHaveValue('Pelapor Rahasia Sekali')
  await page.getByTestId('intake-anonymous').click()
  await expect(page.getByTestId('intake-name')).toHaveValue('')

  // The text still gives the reporter away: a phone number and a NIK-shaped number.
  await page.getByTestId('intake-subject').fill('Pungutan di puskesmas')
  await page
    .getByTestId('intake-description')
    .fill('Pasien diminta membayar di luar tarif resmi. Hubungi saya di 0812 9876 5432.')
  await expect(page.getByTestId('intake-self-mention')).toContainText('nomor telepon')
  await page.getByTestId('intake-description').fill('Pasien diminta membayar di luar tarif resmi.')
  await expect(page.getByTestId('intake-self-mention')).toHaveCount(0)
  await page.getByTestId('intake-save').click()

  await expect(page.getByTestId('case-tracking-number')).toHaveText(TRACKING)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('case-anonymous')).toContainText('Identitas pelapor dirahasiakan')
  await expect(page.getByText('Pelapor Rahasia Sekali')).toHaveCount(0)
  await expect(page.getByText('6281298765432')).toHaveCount(0)
  await expect(page.locator('.head')).toContainText('Anonim')
  await expect(page.locator('.head')).not.toContainText('Rahasia')
})

test('without a camera there is no camera button', async ({ page }) => {
  await page.goto('/#/intake')
  await expect(page.getByTestId('intake-choose-files')).toBeVisible()
  const hasCamera = await page.evaluate(async () =>
    (await navigator.mediaDevices.enumerateDevices()).some((d) => d.kind === 'videoinput'),
  )
  await expect(page.getByTestId('intake-camera')).toHaveCount(hasCamera ? 1 : 0)
})

test('a photo can be taken with the camera, and a refusal is explained', async ({ playwright }) => {
  // A browser of its own with Chromium's fake webcam.
  const { launchOptions, baseURL } = test.info().project.use
  const browser = await playwright.chromium.launch({
    ...launchOptions,
    args: [...(launchOptions?.args ?? []), '--use-fake-device-for-media-stream'],
  })
  try {
    // Permission refused: the dialog says so and how to carry on.
    const refused = await browser.newPage({ baseURL })
    await refused.request.post('/api/draft.discard', { data: { id: 'intake' } })
    await refused.goto('/#/intake')
    await refused.getByTestId('intake-camera').click()
    await expect(refused.getByTestId('camera-error')).toContainText('Izin memakai kamera ditolak')
    await expect(refused.getByTestId('camera-capture')).toBeDisabled()
    await refused.close()

    // Permission granted: the photo is taken and uploaded like a chosen file.
    const context = await browser.newContext({ baseURL, permissions: ['camera'] })
    const page = await context.newPage()
    await page.goto('/#/intake')
    await page.getByTestId('intake-attachment-kind').getByText('Foto').click()
    await page.getByTestId('intake-camera').click()
    await expect(page.getByTestId('camera-capture')).toBeEnabled()
    await page.getByTestId('camera-capture').click()
    const row = page.getByTestId('intake-attachment')
    await expect(row).toContainText(/kamera-\d{14}\.jpg/)
    await expect(row).toContainText('image/jpeg')
    await expect(row.getByTestId('intake-attachment-kind-select')).toContainText('Foto')
  } finally {
    await browser.close()
  }
})

test('the interface switches to English and back', async ({ page }) => {
  await page.goto('/#/intake')
  await page.getByTestId('language').getByText('EN').click()
  await expect(page.getByRole('heading', { name: 'New complaint' })).toBeVisible()
  await page.getByTestId('language').getByText('ID').click()
  await expect(page.getByRole('heading', { name: 'Pengaduan Baru' })).toBeVisible()
})
