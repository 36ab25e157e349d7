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

  // Screening (telaah): the complaint beside the form, what it already answers
  // ticked (what: subject and description; who: the reported party), the
  // checklist says what is missing, and no conclusion is chosen for the auditor.
  await page.getByTestId('action-screen').click()
  const complaint = page.getByTestId('screen-complaint')
  await expect(complaint).toContainText('Jalan kabupaten rusak berat')
  await expect(complaint).toContainText('anggaran pemeliharaan diduga diselewengkan')
  // Side by side at both widths the desk uses.
  for (const width of [1366, 1024]) {
    await page.setViewportSize({ width, height: 768 })
    const left = await complaint.boundingBox()
    const right = await page.getByTestId('screen-form').boundingBox()
    expect(left && right && left.x + left.width <= right.x, `at ${width}`).toBe(true)
    expect(left && right && left.y < right.y + right.height && right.y < left.y + left.height).toBe(
      true,
    )
  }
  await page.setViewportSize({ width: 1280, height: 900 })
  for (const w of ['what', 'who'])
    await expect(page.getByTestId(`check-${w}`)).toHaveClass(/is-checked/)
  for (const w of ['where', 'when', 'why', 'how'])
    await expect(page.getByTestId(`check-${w}`)).not.toHaveClass(/is-checked/)
  await expect(page.getByTestId('checklist-missing')).toHaveText(
    'Belum terjawab: Di mana, Kapan, Mengapa, Bagaimana',
  )
  await expect(page.getByTestId('screen-conclusion').locator('.is-checked')).toHaveCount(0)
  for (const w of ['where', 'when', 'how']) await page.getByTestId(`check-${w}`).click()
  await expect(page.getByTestId('checklist-missing')).toHaveText('Belum terjawab: Mengapa')
  await page.getByTestId('screen-supervisory').click()
  await page
    .getByTestId('screen-reasoning')
    .fill('Uraian jelas, terlapor pejabat dinas, ada dugaan penyelewengan anggaran.')
  await page.getByTestId('screen-assignee').fill('Rina Auditor')
  // Without a conclusion the save is refused at the field, and nothing is recorded.
  await page.getByTestId('action-submit').click()
  await expect(page.getByTestId('action-error')).toBeVisible()
  await expect(page.locator('.tags')).toContainText('Belum terverifikasi')
  await page.getByTestId('screen-conclusion').getByText('Cukup (dapat ditindaklanjuti)').click()
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
