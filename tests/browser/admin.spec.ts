import { expect, test } from '@playwright/test'
import { STATE } from './accounts'

test.use({ storageState: STATE.admin })

test('an admin edits the agency directory, the holiday calendar and a letter template', async ({
  page,
  request,
}) => {
  await page.goto('/#/admin')
  await expect(page.getByRole('heading', { name: 'Pengaturan' })).toBeVisible()

  await page.getByTestId('agency-code').fill('DISPORA')
  await page.getByTestId('agency-name').fill('Dinas Pemuda dan Olahraga')
  await page.getByTestId('agency-save').click()
  await expect(page.getByTestId('agency-table')).toContainText('Dinas Pemuda dan Olahraga')

  // A bad code is refused with a message that says what is expected.
  await page.getByTestId('agency-code').fill('x')
  await page.getByTestId('agency-save').click()
  await expect(page.getByTestId('admin-error')).toContainText('Kode instansi')

  await page.getByRole('tab', { name: 'Hari libur' }).click()
  // The year shown is the station's, by its clock; every year has its national holidays.
  const yearInput = page.getByTestId('holiday-year').locator('input')
  await expect(yearInput).toHaveValue(/^\d{4}$/)
  const year = Number(await yearInput.inputValue())
  await expect(page.getByTestId('holiday-table')).toContainText('Libur nasional')
  const addHoliday = async (day: string, name: string, kind?: string) => {
    await page.getByTestId('holiday-day').locator('input').fill(day)
    await page.getByTestId('holiday-day').locator('input').press('Enter')
    await page.getByTestId('holiday-name').fill(name)
    if (kind) {
      await page.getByTestId('holiday-kind').click()
      await page.getByRole('option', { name: kind }).click()
    }
    await page.getByTestId('holiday-save').click()
    await expect(page.getByTestId('admin-message')).toContainText('Tersimpan')
  }
  await addHoliday(`${year}-12-31`, 'Hari jadi kabupaten')
  await expect(page.getByTestId('holiday-table')).toContainText('Hari jadi kabupaten')

  // Cuti bersama is seeded up to 2026's decree, so next year has none: the page says so, by
  // year, until one is entered for each year it names.
  const warning = page.getByTestId('admin-cuti-bersama-warning')
  await expect(warning).toContainText('Belum ada cuti bersama')
  const missing = ((await warning.textContent()) ?? '').match(/\b\d{4}\b/g) ?? []
  expect(missing).toContain(String(year + 1))
  for (const y of missing) await addHoliday(`${y}-12-24`, 'Cuti bersama Natal', 'Cuti bersama')
  await expect(warning).toBeHidden()

  await page.getByRole('tab', { name: 'Templat surat' }).click()
  await page
    .getByTestId('template-body')
    .fill('Mohon pengaduan {trackingNumber} ditindaklanjuti oleh {agency}.')
  await page.getByTestId('template-save').click()
  await expect(page.getByTestId('admin-message')).toContainText('Tersimpan')
  const templates = await request.post('/api/template.list', { data: {} })
  const body = (await templates.json()) as { result: { referral: { body: string } } }
  expect(body.result.referral.body).toBe(
    'Mohon pengaduan {trackingNumber} ditindaklanjuti oleh {agency}.',
  )
})

test('an admin keeps the category list and maps older free text once', async ({
  page,
  playwright,
  baseURL,
}) => {
  // An older complaint with its category as free text, recorded by the front desk.
  const desk = await playwright.request.newContext({ baseURL, storageState: STATE.frontdesk })
  const text = `kategori lama ${Date.now().toString(36)}`
  const created = await desk.post('/api/case.create', {
    data: {
      channel: 'walk_in',
      kind: 'pengaduan',
      receivedBy: 'Siti',
      complainant: { name: 'Budi Santoso', directlyAffected: true },
      anonymous: false,
      confidential: false,
      reportedParty: {},
      subject: 'Saluran air tersumbat',
      description: 'Saluran air di depan pasar tersumbat sejak sebulan.',
      category: text,
      attachments: [],
    },
  })
  expect(created.ok()).toBe(true)
  const { result } = (await created.json()) as { result: { id: string } }
  await desk.dispose()

  await page.goto('/#/admin')
  await page.getByRole('tab', { name: 'Kategori' }).click()
  await expect(page.getByTestId('category-table')).toContainText('Infrastruktur')
  await page.getByTestId('category-code').fill('drainase')
  await page.getByTestId('category-name').fill('Drainase')
  await page.getByTestId('category-save').click()
  await expect(page.getByTestId('category-table')).toContainText('DRAINASE')
  // A code that is not one is refused in words.
  await page.getByTestId('category-code').fill('x')
  await page.getByTestId('category-save').click()
  await expect(page.getByTestId('lists-error')).toContainText('Kode kategori')

  const row = page.getByTestId('unmapped-category').getByRole('row', { name: text })
  await expect(row).toContainText('1')
  await page.getByTestId(`map-to-category-${text}`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'Drainase' }).first().click()
  await page.getByTestId(`map-apply-category-${text}`).click()
  await expect(page.getByTestId('lists-message')).toHaveText('1 pengaduan dipetakan.')
  await expect(page.getByTestId('unmapped-category')).not.toContainText(text)

  // The case now names the list's entry, and keeps the text it recorded.
  const d = (await (
    await page.request.post('/api/case.get', { data: { id: result.id } })
  ).json()) as { result: { categoryCode: string; categoryName: string; category: string } }
  expect(d.result).toMatchObject({
    categoryCode: 'DRAINASE',
    categoryName: 'Drainase',
    category: text,
  })
})
