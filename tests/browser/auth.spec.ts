import { expect, test } from '@playwright/test'
import { PASSWORDS } from './accounts'

// Signed out: each test signs in itself.
test.use({ storageState: { cookies: [], origins: [] } })

test('a clerk signs in, sees only the desk’s menu, and signs out', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible()
  await page.getByTestId('signin-username').fill('siti')
  await page.getByTestId('signin-password').fill('bukan-sandinya')
  await page.getByTestId('signin-password').press('Enter')
  await expect(page.getByTestId('signin-error')).toHaveText('Nama pengguna atau kata sandi salah.')
  await page.getByTestId('signin-password').fill(PASSWORDS.frontdesk)
  await page.getByTestId('signin-password').press('Enter')
  await expect(page.getByTestId('who')).toContainText('Siti Rahmawati')
  await expect(page.getByTestId('who')).toContainText('Petugas loket')
  await expect(page.getByTestId('nav-intake')).toBeVisible()
  await expect(page.getByTestId('nav-admin')).toHaveCount(0)
  await expect(page.getByTestId('nav-queue')).toHaveCount(0)
  // The station refuses what the role may not do, whatever the page shows.
  const forbidden = await page.request.post('/api/user.list', { data: {} })
  expect(forbidden.status()).toBe(403)
  await page.getByTestId('sign-out').click()
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible()
  const after = await page.request.post('/api/case.list', { data: {} })
  expect(after.status()).toBe(401)
})

test('the window locks when idle and opens again with the password, keeping what was typed', async ({
  page,
}) => {
  await page.clock.install()
  await page.goto('/')
  await page.getByTestId('signin-username').fill('siti')
  await page.getByTestId('signin-password').fill(PASSWORDS.frontdesk)
  await page.getByTestId('signin-password').press('Enter')
  await page.goto('/#/intake')
  await page.getByTestId('intake-subject').fill('Lampu jalan padam sebulan')
  await page.clock.fastForward('11:00')
  await expect(page.getByTestId('lock-screen')).toBeVisible()
  await expect(page.getByTestId('lock-screen')).toContainText('Siti Rahmawati')
  await page.getByTestId('unlock-password').fill('salah-sandi')
  await page.getByTestId('unlock-submit').click()
  await expect(page.getByTestId('lock-screen')).toContainText('salah')
  await page.getByTestId('unlock-password').fill(PASSWORDS.frontdesk)
  await page.getByTestId('unlock-password').press('Enter')
  await expect(page.getByTestId('lock-screen')).toHaveCount(0)
  await expect(page.getByTestId('intake-subject')).toHaveValue('Lampu jalan padam sebulan')
})
