import ExcelJS from 'exceljs'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { dayInZone } from '../../src/shared/timeZone'

// The test station counts its days in WIB (chosen at set-up).
const today = () => dayInZone(new Date(), 'Asia/Jakarta')

async function post(request: APIRequestContext, method: string, data: unknown) {
  const res = await request.post(`/api/${method}`, { data })
  const body = (await res.json()) as { ok: boolean; result: { id: string } }
  expect(body.ok, `${method}: ${JSON.stringify(body)}`).toBe(true)
  return body.result
}

async function intake(request: APIRequestContext, category: string, subject: string) {
  return post(request, 'case.create', {
    channel: 'walk_in',
    kind: 'pengaduan',
    receivedBy: 'Siti',
    complainant: { name: 'Warga Penguji', nik: '3171011501900001', directlyAffected: true },
    anonymous: false,
    confidential: false,
    reportedParty: { agency: 'Dinas PUPR' },
    subject,
    description: 'Uraian pengaduan untuk uji rapor: jalan rusak dan belum diperbaiki.',
    category,
    attachments: [],
  })
}

test('the rapor shows the slice, a chart click opens its cases, an export downloads', async ({
  page,
  request,
}) => {
  const done = await intake(request, 'Uji Rapor Jalan', 'Jalan rusak uji rapor satu')
  await intake(request, 'Uji Rapor Jalan', 'Jalan rusak uji rapor dua')
  await intake(request, 'Uji Rapor Sehat', 'Puskesmas uji rapor')
  await post(request, 'case.screen', {
    caseId: done.id,
    day: today(),
    checklist: { what: true, who: true, where: true, when: true, why: true, how: true },
    withinAuthority: true,
    agencyCode: 'DPUPR',
    supervisory: false,
    directlyExperienced: true,
    evidencePresent: true,
    relatedCaseIds: [],
    conclusion: 'cukup',
    reasoning: 'Cukup untuk ditindaklanjuti.',
  })
  for (const transition of ['startFollowUp', 'complete']) {
    await post(request, 'case.transition', { caseId: done.id, transition, day: today() })
  }

  await page.goto('/#/cases')
  await page.getByTestId('nav-rapor').click()
  await expect(page.getByRole('heading', { name: 'Rapor Pengaduan' })).toBeVisible()
  await expect(page.getByTestId('rapor-definitions')).toContainText('Jumlah (penyebut)')

  // Slice by category: exactly this test's two cases.
  await page.getByTestId('rapor-category').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'Uji Rapor Jalan' }).click()
  await expect(page.getByTestId('rapor-total')).toContainText('2')
  await expect(page.getByTestId('rapor-bucket-selesai')).toContainText('1')
  await expect(page.getByTestId('rapor-bucket-belum_terverifikasi')).toContainText('1')
  await expect(page.getByTestId('rapor-completion')).toContainText('50%')
  await expect(page.getByTestId('rapor-avg')).toContainText('0 hari')

  // Export the slice as XLSX, public variant: progress, then the file downloads.
  await page.getByTestId('export-format').getByText('Excel (XLSX)').click()
  const downloading = page.waitForEvent('download')
  await page.getByTestId('export-start').click()
  await expect(page.getByTestId('export-status')).toBeVisible()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^pengaduan-publik-\d{4}-\d{2}-\d{2}\.xlsx$/)
  await expect(page.getByTestId('export-status')).toContainText('telah diunduh')
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(await download.path())
  const sheet = book.getWorksheet('Pengaduan')
  expect(sheet?.actualRowCount).toBe(3) // header and two cases
  expect(JSON.stringify(sheet?.getSheetValues())).not.toContain('Warga Penguji')

  // A click on the category chart's bar opens the case list filtered to it.
  const canvas = page.getByTestId('chart-category').locator('canvas').first()
  await canvas.click({ position: { x: 175, y: 146 } })
  await expect(page).toHaveURL(/#\/cases\?.*category=Uji(\+|%20)Rapor(\+|%20)Jalan/)
  await expect(page.getByTestId('list-slice')).toContainText('Uji Rapor Jalan')
  await expect(page.getByTestId('case-link')).toHaveCount(2)
})
