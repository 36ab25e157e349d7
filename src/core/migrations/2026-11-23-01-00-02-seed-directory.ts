import type { Knex } from 'knex'
import { defaultHolidays } from '../../shared/holidays'

// Typical district agencies (perangkat daerah) as the directory's starting point.
const AGENCIES: Array<[string, string, string]> = [
  ['SETDA', 'Sekretariat Daerah', 'kabupaten'],
  ['INSPEKTORAT', 'Inspektorat Daerah', 'kabupaten'],
  ['DISDIK', 'Dinas Pendidikan', 'kabupaten'],
  ['DINKES', 'Dinas Kesehatan', 'kabupaten'],
  ['DPUPR', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'kabupaten'],
  ['DINSOS', 'Dinas Sosial', 'kabupaten'],
  ['DISDUKCAPIL', 'Dinas Kependudukan dan Pencatatan Sipil', 'kabupaten'],
  ['DPMPTSP', 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', 'kabupaten'],
  ['DPMD', 'Dinas Pemberdayaan Masyarakat dan Desa', 'kabupaten'],
  ['DISHUB', 'Dinas Perhubungan', 'kabupaten'],
  ['DLH', 'Dinas Lingkungan Hidup', 'kabupaten'],
  ['DISKOMINFO', 'Dinas Komunikasi dan Informatika', 'kabupaten'],
  ['DISPERKIM', 'Dinas Perumahan dan Kawasan Permukiman', 'kabupaten'],
  ['DISNAKER', 'Dinas Tenaga Kerja', 'kabupaten'],
  ['DISTAN', 'Dinas Pertanian', 'kabupaten'],
  ['BKPSDM', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'kabupaten'],
  ['BPKAD', 'Badan Pengelolaan Keuangan dan Aset Daerah', 'kabupaten'],
  ['BAPENDA', 'Badan Pendapatan Daerah', 'kabupaten'],
  ['BPBD', 'Badan Penanggulangan Bencana Daerah', 'kabupaten'],
  ['SATPOLPP', 'Satuan Polisi Pamong Praja', 'kabupaten'],
  ['RSUD', 'Rumah Sakit Umum Daerah', 'kabupaten'],
  ['KECAMATAN', 'Kecamatan (sebutkan nama kecamatan)', 'kabupaten'],
  ['PEMDES', 'Pemerintah Desa (sebutkan nama desa)', 'kabupaten'],
  ['PEMPROV', 'Pemerintah Provinsi', 'provinsi'],
  ['KEMENDAGRI', 'Inspektorat Jenderal Kementerian Dalam Negeri', 'pusat'],
  ['APH', 'Aparat Penegak Hukum (Kepolisian/Kejaksaan)', 'lain'],
  ['ORI', 'Ombudsman Republik Indonesia', 'lain'],
]

export async function up(knex: Knex): Promise<void> {
  const now = new Date().toISOString()
  await knex('agencies').insert(
    AGENCIES.map(([code, name, level]) => ({ code, name, level, active: true, updated_at: now })),
  )
  const holidays = defaultHolidays([2024, 2025, 2026, 2027])
  for (let i = 0; i < holidays.length; i += 100) {
    await knex('holidays').insert(
      holidays.slice(i, i + 100).map((h) => ({ day: h.day, name: h.name, kind: h.kind })),
    )
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex('holidays').delete()
  await knex('agencies').delete()
}
