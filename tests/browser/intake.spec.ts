import { expect, test, type Page } from '@playwright/test'

const TRACKING = /^[0-9A-Z]{2,6}-\d{6}-\d{4,}-[0-9A-Z]$/

/** Moves focus with the Tab key alone until it reaches the control with this test id. */
async function tabTo(page: Page, testId: string, maxPresses = 12): Promise<void> {
  for (let i = 0; i <= maxPresses; i++) {
    const there = await page.evaluate(
      (id) => Boolean(document.activeElement?.closest(`[data-testid="${id}"]`)),
      testId,
    )
    if (there) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${testId}`)
}

async function typeInto(page: Page, testId: string, text: string): Promise<void> {
  await tabTo(page, testId)
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type(text)
}

test('a clerk records a walk-in complaint with the keyboard alone and opens its receipt', async ({
  page,
}) => {
  await page.goto('/#/intake')
  await expect(page.getByRole('heading', { name: 'Pengaduan Baru' })).toBeVisible()
  // The form puts the focus on its first field; from here on only the keyboard is used.
  await expect
    .poll(() =>
      page.evaluate(() =>
        Boolean(document.activeElement?.closest('[data-testid="intake-channel"]')),
      ),
    )
    .toBe(true)

  await typeInto(page, 'intake-received-by', 'Siti Rahmawati')
  await typeInto(page, 'intake-name', 'Budi Santoso')
  await typeInto(page, 'intake-nik', '1234')
  await typeInto(page, 'intake-phone', '0812 3456 7890')
  await typeInto(page, 'intake-email', 'budi@contoh.id')
  await typeInto(page, 'intake-address', 'Jl. Merdeka No. 1, Sukamaju')
  await tabTo(page, 'intake-directly-affected')
  await page.keyboard.press('Space')
  await typeInto(page, 'intake-agency', 'Dinas Pekerjaan Umum')
  await typeInto(page, 'intake-person', 'Kepala Seksi Jalan')
  await typeInto(page, 'intake-position', 'Kasi')
  await typeInto(page, 'intake-location', 'Desa Sukamaju')
  await typeInto(page, 'intake-incident-date', '2026-10-01')
  await page.keyboard.press('Enter')
  await typeInto(page, 'intake-category', 'Infrastruktur')
  await typeInto(page, 'intake-subject', 'Jembatan gantung desa putus')
  await typeInto(
    page,
    'intake-description',
    'Jembatan gantung penghubung dusun putus sejak banjir. Warga menyeberang sungai dengan rakit; laporan kerusakan sudah disampaikan tetapi belum ada tindakan. Kata unik: tambakrejo.',
  )

  // Saving with an invalid NIK is refused with a clear Indonesian message.
  await page.keyboard.press('Control+Enter')
  await expect(page.getByTestId('intake-errors')).toContainText('Periksa isian yang ditandai')
  await expect(page.getByText('NIK harus 16 digit angka.')).toBeVisible()
  // The focus went to the field to correct.
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
    .toBe('intake-nik')
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('3171011501900001')
  await page.keyboard.press('Tab')
  await expect(page.getByText('NIK harus 16 digit angka.')).toHaveCount(0)
  await page.screenshot({ path: 'docs/screenshots/intake.png', fullPage: true })

  await tabTo(page, 'intake-description')
  await page.keyboard.press('Control+Enter')

  // The case page, with its receipt already offered.
  const number = page.getByTestId('case-tracking-number')
  await expect(number).toHaveText(TRACKING)
  const trackingNumber = (await number.textContent())?.trim() ?? ''
  await expect(page.getByTestId('receipt-frame')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('case-timeline')).toContainText('Pengaduan diterima')

  // The list shows it, and search finds it by a word from the description.
  await page.goto('/#/cases')
  await expect(page.getByTestId('case-table')).toContainText(trackingNumber)
  await page.getByTestId('list-search').focus()
  await page.keyboard.type('tambakrejo')
  await expect(page.getByTestId('case-link')).toHaveCount(1)
  await expect(page.getByTestId('case-link')).toHaveText(trackingNumber)
  await page.keyboard.type(' tidakadakatainisamasekali')
  await expect(page.getByTestId('case-link')).toHaveCount(0)
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('tambakrejo')
  await expect(page.getByTestId('case-link')).toHaveCount(1)

  // Open it with the keyboard and print the receipt.
  await page.getByTestId('case-link').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('case-tracking-number')).toHaveText(trackingNumber)
  await page.getByTestId('case-receipt').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('receipt-frame')).toBeVisible()
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
})

test('a draft survives a reload', async ({ page, request }) => {
  await request.post('/api/draft.discard', { data: { id: 'intake' } })
  await page.goto('/#/intake')
  await page.getByTestId('intake-subject').focus()
  await page.keyboard.type('Pungutan liar di kantor desa')
  await expect(page.getByTestId('draft-status')).toContainText('Draf tersimpan')
  await page.reload()
  await expect(page.getByTestId('intake-subject')).toHaveValue('Pungutan liar di kantor desa')
  await expect(page.getByTestId('intake-notice')).toContainText('Draf sebelumnya dipulihkan')
})

test('the interface switches to English and back', async ({ page }) => {
  await page.goto('/#/intake')
  await page.getByTestId('language').getByText('EN').click()
  await expect(page.getByRole('heading', { name: 'New complaint' })).toBeVisible()
  await page.getByTestId('language').getByText('ID').click()
  await expect(page.getByRole('heading', { name: 'Pengaduan Baru' })).toBeVisible()
})
