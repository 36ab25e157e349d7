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
  await expect(page.getByTestId('holiday-table')).toContainText('Cuti bersama')
  await page.getByTestId('holiday-day').locator('input').fill(`${new Date().getFullYear()}-12-31`)
  await page.getByTestId('holiday-day').locator('input').press('Enter')
  await page.getByTestId('holiday-name').fill('Hari jadi kabupaten')
  await page.getByTestId('holiday-save').click()
  await expect(page.getByTestId('holiday-table')).toContainText('Hari jadi kabupaten')

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
