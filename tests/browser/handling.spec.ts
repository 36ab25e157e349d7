import { expect, test, type Page } from '@playwright/test'
import { STATE } from './accounts'

test.use({ storageState: STATE.auditor })

async function choose(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click()
}

test('an auditor screens a case, holds an exposure, forwards it, records the answer and closes it', async ({
  page,
  request,
}) => {
  const created = await request.post('/api/case.create', {
    data: {
      channel: 'letter',
      kind: 'pengaduan',
      receivedBy: 'Siti',
      complainant: { name: 'Budi Santoso', directlyAffected: true },
      anonymous: false,
      confidential: false,
      reportedParty: { agency: 'Dinas PUPR', person: 'Kasi Jalan' },
      subject: 'Jalan kabupaten rusak berat',
      description:
        'Jalan kabupaten ruas Sukamaju–Sukajaya rusak berat; anggaran pemeliharaan diduga diselewengkan.',
      attachments: [],
    },
  })
  const { result } = (await created.json()) as { result: { id: string } }
  await page.goto(`/#/cases/${result.id}`)

  const clock = page.getByTestId('case-clock')
  await expect(clock).toContainText('Respons pertama 3 hari kerja')

  // Screening (telaah): the checklist shows what is missing.
  await page.getByTestId('action-screen').click()
  await expect(page.getByTestId('checklist-missing')).toContainText('Apa')
  for (const w of ['what', 'who', 'where', 'when', 'how'])
    await page.getByTestId(`check-${w}`).click()
  await expect(page.getByTestId('checklist-missing')).toHaveText('Belum terjawab: Mengapa')
  await page.getByTestId('screen-supervisory').click()
  await page
    .getByTestId('screen-reasoning')
    .fill('Uraian jelas, terlapor pejabat dinas, ada dugaan penyelewengan anggaran.')
  await page.getByTestId('screen-assignee').fill('Rina Auditor')
  await page.getByTestId('action-submit').click()
  await expect(page.locator('.tags')).toContainText('Belum ditindaklanjuti')
  await expect(clock).toContainText('Berkadar pengawasan 60 hari kerja')

  // Exposure meeting decides to forward to the competent agency.
  await page.getByTestId('action-exposure').click()
  await page.getByTestId('exposure-place').fill('Ruang rapat Inspektorat')
  await page.getByTestId('participant-name-0').fill('Drs. Ahmad')
  await page.getByTestId('participant-role-0').fill('Inspektur Pembantu')
  await page.getByTestId('exposure-summary').fill('Jalan rusak, dugaan penyelewengan.')
  await page.getByTestId('exposure-analysis').fill('Pemeliharaan jalan kewenangan dinas teknis.')
  await page.getByTestId('exposure-recommendation').fill('Teruskan ke DPUPR dan pantau jawabannya.')
  await choose(page, 'exposure-decision', 'Teruskan ke instansi berwenang')
  await choose(page, 'exposure-agency', 'Dinas Pekerjaan Umum dan Penataan Ruang')
  await page.getByTestId('exposure-owner').fill('Irban II')
  await page.getByTestId('action-submit').click()
  await expect(page.locator('.tags')).toContainText('Diteruskan')
  await expect(clock).toContainText('Menunggu jawaban instansi')

  // It is in Rina's own queue, waiting for the agency's answer.
  await page.goto('/#/queue')
  await page.getByTestId('queue-my-name').fill('Rina Auditor')
  await page.getByTestId('queue-mine').click()
  await expect(page.getByTestId('queue-table')).toContainText('Jalan kabupaten rusak berat')
  await expect(page.getByTestId('queue-table')).toContainText('Menunggu jawaban instansi')
  await page.goBack()

  // The referral letter is there to print.
  await page.getByTestId('doc-referralLetter').click()
  await expect(page.getByTestId('receipt-frame')).toBeVisible()
  await page.keyboard.press('Escape')

  // The agency answers; the case is completed.
  await page.getByTestId('action-followup').click()
  await page.getByTestId('followup-kind').getByText('Jawaban instansi').click()
  await choose(page, 'followup-agency', 'Dinas Pekerjaan Umum dan Penataan Ruang')
  await page.getByTestId('followup-note').fill('Perbaikan dijadwalkan; pejabat terkait diperiksa.')
  await page.getByTestId('action-submit').click()
  await expect(page.getByTestId('case-timeline')).toContainText('Tindak lanjut dicatat')

  await page.getByTestId('action-complete').click()
  await page.getByTestId('action-submit').click()
  await expect(page.locator('.tags')).toContainText('Selesai')
  await expect(clock).toContainText('Tidak ada tenggat berjalan')
  await expect(page.getByTestId('case-timeline')).toContainText('Ekspose dicatat')

  // A step the state forbids is not offered at all.
  await expect(page.getByTestId('action-screen')).toHaveCount(0)
  await expect(page.getByTestId('action-reopen')).toBeVisible()
})

test('the supervisor queue lists open cases by urgency', async ({ page, request }) => {
  const created = await request.post('/api/case.create', {
    data: {
      channel: 'phone',
      kind: 'permintaan_informasi',
      receivedBy: 'Siti',
      complainant: { directlyAffected: false },
      anonymous: true,
      confidential: false,
      reportedParty: {},
      subject: 'Syarat izin usaha mikro',
      description: 'Menanyakan syarat izin usaha mikro.',
      attachments: [],
    },
  })
  expect(created.status()).toBe(200)
  await page.goto('/#/queue')
  await expect(page.getByRole('heading', { name: 'Tenggat & Eskalasi' })).toBeVisible()
  await expect(page.getByTestId('queue-table')).toContainText('Syarat izin usaha mikro')
  await expect(page.getByTestId('queue-table')).toContainText('Dalam tenggat')
  // Nothing is overdue yet, so asking only for cases needing action hides it.
  await page.getByTestId('queue-attention').click()
  await expect(page.getByTestId('queue-table')).not.toContainText('Syarat izin usaha mikro')
})
