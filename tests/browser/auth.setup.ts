import { mkdirSync } from 'node:fs'
import { expect, test as setup } from '@playwright/test'
import { PASSWORDS, STATE } from './accounts'

// First run of a fresh station, through the real screen: the admin sets it up,
// then creates the other accounts; each signs in once and keeps its cookie for
// the specs that act in that role.
setup('first-run set-up and one account per role', async ({ page, browser }) => {
  mkdirSync('test-results/.auth', { recursive: true })
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Siapkan stasiun' })).toBeVisible()
  await page.getByTestId('setup-station').fill('Inspektorat Kabupaten Uji')
  await page.getByTestId('signin-username').fill('admin')
  await page.getByTestId('setup-name').fill('Admin Loket')
  // The zone is asked at set-up (suggested from the computer's); this station counts in WIB.
  await page.getByTestId('setup-zone').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'WIB (UTC+7)' }).click()
  await expect(page.getByTestId('setup-zone')).toContainText('WIB')
  await page.getByTestId('signin-password').fill(PASSWORDS.admin)
  await page.getByTestId('setup-repeat').fill('beda-sekali-12')
  await page.getByTestId('signin-submit').click()
  await expect(page.getByText('Kedua kata sandi tidak sama.')).toBeVisible()
  await page.getByTestId('setup-repeat').fill(PASSWORDS.admin)
  await page.getByTestId('signin-submit').click()
  await expect(page.getByTestId('who')).toContainText('Admin Loket')
  await page.context().storageState({ path: STATE.admin })

  const people = [
    { username: 'siti', displayName: 'Siti Rahmawati', role: 'frontdesk' },
    { username: 'irban', displayName: 'Irban Wilayah I', role: 'auditor' },
    { username: 'koord', displayName: 'Koordinator Pengaduan', role: 'supervisor' },
  ] as const
  for (const p of people) {
    const r = await page.request.post('/api/user.save', {
      data: { ...p, active: true, password: PASSWORDS[p.role] },
    })
    expect(r.ok()).toBe(true)
    const context = await browser.newContext()
    const login = await context.request.post('/api/auth.login', {
      data: { username: p.username, password: PASSWORDS[p.role] },
    })
    expect(login.ok()).toBe(true)
    await context.storageState({ path: STATE[p.role] })
    await context.close()
  }
})
