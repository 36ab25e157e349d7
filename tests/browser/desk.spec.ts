import { expect, test, type APIRequestContext } from '@playwright/test'
import { STATE } from './accounts'

// What the desk sees of a case: a confidential complaint as the front desk sees
// it, a page that follows its address from case to case, and failures in words
// in the chosen language.

test.use({ storageState: STATE.frontdesk })

interface Created {
  id: string
  trackingNumber: string
}

async function createCase(
  request: APIRequestContext,
  overrides: Record<string, unknown> = {},
): Promise<Created> {
  const res = await request.post('/api/case.create', {
    data: {
      channel: 'walk_in',
      kind: 'pengaduan',
      receivedBy: 'Siti Rahmawati',
      complainant: { name: 'Wahyuni Kartikasari', directlyAffected: true },
      anonymous: false,
      confidential: false,
      reportedParty: { agency: 'Dinas Penanaman Modal', person: 'Bambang Sutrisnowati' },
      location: 'Kantor perizinan lantai dua',
      category: 'Perizinan',
      subject: 'Suap perizinan tambang',
      description: 'Kepala bidang meminta uang pelicin untuk izin usaha pertambangan.',
      attachments: [],
      ...overrides,
    },
  })
  expect(res.ok()).toBe(true)
  return ((await res.json()) as { result: Created }).result
}

test('the front desk sees a confidential case as what it is, its content withheld and said so', async ({
  page,
  request,
}) => {
  const c = await createCase(request, { confidential: true })
  await page.goto(`/#/cases/${c.id}`)
  await expect(page.getByTestId('case-tracking-number')).toHaveText(c.trackingNumber)
  const head = page.locator('.head')
  await expect(head).toContainText('Datang langsung')
  await expect(head).toContainText('Belum terverifikasi')
  await expect(head).toContainText('Rahasia')
  // Confidential is not anonymous: the complainant gave a name, only it is not for this role.
  await expect(head).not.toContainText('Anonim')
  await expect(page.getByTestId('case-anonymous')).toHaveCount(0)
  await expect(page.getByTestId('case-redacted')).toContainText('auditor dan supervisor')
  await expect(page.getByTestId('case-withheld')).toContainText('Isi dirahasiakan')
  await expect(page.getByTestId('case-withheld-complainant')).toContainText('Pelapor tidak anonim')
  await expect(page.getByTestId('case-withheld-attachments')).toBeVisible()
  for (const secret of ['Suap', 'pelicin', 'Wahyuni', 'Bambang', 'lantai dua', 'Perizinan']) {
    await expect(page.getByText(secret)).toHaveCount(0)
  }
  // The receipt can be printed again, and holds nothing of the content either.
  await page.getByTestId('case-receipt').click()
  await expect(page.getByTestId('receipt-frame')).toBeVisible()
  const receipt = await request.post('/api/case.receipt', { data: { id: c.id } })
  const pdf = Buffer.from(
    ((await receipt.json()) as { result: { pdfBase64: string } }).result.pdfBase64,
    'base64',
  )
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')

  // In English, the same notes in English.
  await page.keyboard.press('Escape')
  await page.getByTestId('language').getByText('EN').click()
  await expect(page.getByTestId('case-withheld')).toContainText('Content withheld')
  await expect(head).toContainText('Confidential')
  await page.getByTestId('language').getByText('ID').click()

  // In the list it is there by number, its subject withheld.
  await page.goto('/#/cases')
  const row = page.locator('tr', { hasText: c.trackingNumber })
  await expect(row).toContainText('Isi dirahasiakan')
  await expect(row).not.toContainText('Suap')
})

test('a confidential anonymous case is labelled both, each for what it means', async ({
  page,
  request,
}) => {
  const c = await createCase(request, {
    confidential: true,
    anonymous: true,
    complainant: { directlyAffected: true },
  })
  await page.goto(`/#/cases/${c.id}`)
  const head = page.locator('.head')
  await expect(head).toContainText('Anonim')
  await expect(head).toContainText('Rahasia')
  await expect(page.getByTestId('case-anonymous')).toContainText(
    'Identitas pelapor dirahasiakan (anonim)',
  )
  await expect(page.getByTestId('case-withheld')).toContainText('Isi dirahasiakan')
})

test('the case page follows its address: another case, another receipt', async ({
  page,
  request,
}) => {
  const a = await createCase(request, { subject: 'Pungutan pembuatan KTP', category: 'Dukcapil' })
  const b = await createCase(request, { subject: 'Jalan desa rusak', category: 'Jalan' })
  const download = page.getByTestId('receipt-download')

  await page.goto(`/#/cases/${a.id}?receipt=1`)
  await expect(page.getByTestId('receipt-frame')).toBeVisible()
  await expect(download).toHaveAttribute('download', `tanda-terima-${a.trackingNumber}.pdf`)

  // To the other case by its address while the receipt is open.
  await page.goto(`/#/cases/${b.id}`)
  await expect(page.getByTestId('case-tracking-number')).toHaveText(b.trackingNumber)
  await expect(page.getByText('Jalan desa rusak')).toBeVisible()
  await expect(page.getByText('Pungutan pembuatan KTP')).toHaveCount(0)
  await expect(page.getByTestId('receipt-frame')).toHaveCount(0)
  await page.getByTestId('case-receipt').click()
  await expect(download).toHaveAttribute('download', `tanda-terima-${b.trackingNumber}.pdf`)

  // And back, asking for the receipt in the address.
  await page.goto(`/#/cases/${a.id}?receipt=1`)
  await expect(page.getByTestId('case-tracking-number')).toHaveText(a.trackingNumber)
  await expect(download).toHaveAttribute('download', `tanda-terima-${a.trackingNumber}.pdf`)
  await expect(page.locator('.el-dialog__title')).toContainText(a.trackingNumber)
  await page.keyboard.press('Escape')
  await expect(page.getByText('Pungutan pembuatan KTP')).toBeVisible()
})

test('a refused sign-in is said in the language chosen', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } })
  const page = await context.newPage()
  try {
    await page.goto('/')
    await page.getByTestId('language').getByText('EN').click()
    await page.getByTestId('signin-username').fill('siti')
    await page.getByTestId('signin-password').fill('bukan-kata-sandinya')
    await page.getByTestId('signin-submit').click()
    await expect(page.getByTestId('signin-error')).toHaveText('Wrong user name or password.')
    // Switching language rewords what is already on the screen.
    await page.getByTestId('language').getByText('ID').click()
    await expect(page.getByTestId('signin-error')).toHaveText(
      'Nama pengguna atau kata sandi salah.',
    )
  } finally {
    await context.close()
  }
})
