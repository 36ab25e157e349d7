import type { Knex } from 'knex'

// What complaints to a district are usually about (the topics the field's
// complaints fall into, as the benchmark's seeder has them, and the matters an
// Inspectorate examines), as the list's starting point. The admin edits it.
const CATEGORIES: Array<[string, string]> = [
  ['INFRASTRUKTUR', 'Infrastruktur'],
  ['ADMINDUK', 'Administrasi Kependudukan'],
  ['PEMDES', 'Pemerintahan Desa'],
  ['KESEHATAN', 'Kesehatan'],
  ['BANSOS', 'Bantuan Sosial'],
  ['PERIZINAN', 'Perizinan'],
  ['PENDIDIKAN', 'Pendidikan'],
  ['KEPEGAWAIAN', 'Kepegawaian'],
  ['LINGKUNGAN', 'Lingkungan Hidup'],
  ['TRANTIBUM', 'Ketertiban Umum'],
  ['PERTANIAN', 'Pertanian'],
  ['KETENAGAKERJAAN', 'Ketenagakerjaan'],
  ['PELAYANAN', 'Pelayanan Publik'],
  ['PUNGLI', 'Pungutan Liar'],
  ['PENGADAAN', 'Pengadaan Barang/Jasa'],
  ['WEWENANG', 'Penyalahgunaan Wewenang'],
]

export async function up(knex: Knex): Promise<void> {
  const now = new Date().toISOString()
  await knex('categories').insert(
    CATEGORIES.map(([code, name]) => ({ code, name, active: true, updated_at: now })),
  )
}

export async function down(knex: Knex): Promise<void> {
  await knex('categories').delete()
}
