import type { Knex } from 'knex'

// The first seed named Isra Mikraj "Maulid Nabi Muhammad" (the holiday package's label),
// hid Christmas 2027 under that name, took the computed dates where the 2024–2026 decrees
// set others (Idul Adha 2024, Idul Fitri 2025 and 2026, Tahun Baru Islam 2025, Maulid 2024),
// and lacked Easter Sunday and the cuti bersama of 18 August 2025. This brings the rows that
// still read as seeded to the decreed list; a row an admin changed or removed is left alone,
// and a day is added only where the table has no row. The rows are written out here, not
// taken from shared/holidays.ts, so this migration does the same thing whenever it runs.

type Row = { name: string; kind: 'national' | 'cuti_bersama' }
const national = (name: string): Row => ({ name, kind: 'national' })
const cutiBersama = (name: string): Row => ({ name, kind: 'cuti_bersama' })

// Day, the row as first seeded (null: none), the row as decreed (null: none).
const CORRECTIONS: ReadonlyArray<readonly [string, Row | null, Row | null]> = [
  ['2024-01-01', national('Hari tahun baru'), national('Tahun Baru Masehi')],
  ['2024-02-08', national('Maulid Nabi Muhammad'), national('Isra Mikraj Nabi Muhammad SAW')],
  ['2024-03-11', national('Hari Raya Nyepi'), national('Hari Suci Nyepi')],
  ['2024-03-31', null, national('Kebangkitan Yesus Kristus (Paskah)')],
  ['2024-04-10', national('Hari Raya Idul Fitri'), national('Idul Fitri')],
  ['2024-04-11', national('Hari Raya Idul Fitri'), national('Idul Fitri')],
  ['2024-06-16', national('Hari Raya Idul Adha'), null],
  ['2024-06-17', null, national('Idul Adha')],
  ['2024-07-07', national('Tahun Baru Islam'), national('Tahun Baru Islam (1 Muharam)')],
  [
    '2024-08-17',
    national('Hari Ulang Tahun Kemerdekaan Republik Indonesia'),
    national('Proklamasi Kemerdekaan'),
  ],
  ['2024-09-15', national('Maulid Nabi Muhammad'), null],
  ['2024-09-16', null, national('Maulid Nabi Muhammad SAW')],
  ['2024-12-25', national('Hari Raya Natal'), national('Kelahiran Yesus Kristus (Natal)')],
  ['2025-01-01', national('Hari tahun baru'), national('Tahun Baru Masehi')],
  ['2025-01-27', national('Maulid Nabi Muhammad'), national('Isra Mikraj Nabi Muhammad SAW')],
  ['2025-03-29', national('Hari Raya Nyepi'), national('Hari Suci Nyepi')],
  ['2025-03-30', national('Hari Raya Idul Fitri'), null],
  ['2025-03-31', national('Hari Raya Idul Fitri'), national('Idul Fitri')],
  ['2025-04-01', null, national('Idul Fitri')],
  ['2025-04-20', null, national('Kebangkitan Yesus Kristus (Paskah)')],
  ['2025-06-06', national('Hari Raya Idul Adha'), national('Idul Adha')],
  ['2025-06-26', national('Tahun Baru Islam'), null],
  ['2025-06-27', null, national('Tahun Baru Islam (1 Muharam)')],
  [
    '2025-08-17',
    national('Hari Ulang Tahun Kemerdekaan Republik Indonesia'),
    national('Proklamasi Kemerdekaan'),
  ],
  ['2025-08-18', null, cutiBersama('Cuti bersama Proklamasi Kemerdekaan')],
  ['2025-09-05', national('Maulid Nabi Muhammad'), national('Maulid Nabi Muhammad SAW')],
  ['2025-12-25', national('Hari Raya Natal'), national('Kelahiran Yesus Kristus (Natal)')],
  ['2026-01-01', national('Hari tahun baru'), national('Tahun Baru Masehi')],
  ['2026-01-16', national('Maulid Nabi Muhammad'), national('Isra Mikraj Nabi Muhammad SAW')],
  ['2026-03-19', national('Hari Raya Nyepi'), national('Hari Suci Nyepi')],
  ['2026-03-20', national('Hari Raya Idul Fitri'), cutiBersama('Cuti bersama Idul Fitri')],
  ['2026-03-21', national('Hari Raya Idul Fitri'), national('Idul Fitri')],
  ['2026-03-22', null, national('Idul Fitri')],
  ['2026-04-05', null, national('Kebangkitan Yesus Kristus (Paskah)')],
  ['2026-05-27', national('Hari Raya Idul Adha'), national('Idul Adha')],
  ['2026-06-16', national('Tahun Baru Islam'), national('Tahun Baru Islam (1 Muharam)')],
  [
    '2026-08-17',
    national('Hari Ulang Tahun Kemerdekaan Republik Indonesia'),
    national('Proklamasi Kemerdekaan'),
  ],
  ['2026-08-25', national('Maulid Nabi Muhammad'), national('Maulid Nabi Muhammad SAW')],
  ['2026-12-25', national('Hari Raya Natal'), national('Kelahiran Yesus Kristus (Natal)')],
  ['2027-01-01', national('Hari tahun baru'), national('Tahun Baru Masehi')],
  ['2027-01-05', national('Maulid Nabi Muhammad'), national('Isra Mikraj Nabi Muhammad SAW')],
  ['2027-03-08', national('Hari Raya Nyepi'), national('Hari Suci Nyepi')],
  ['2027-03-09', national('Hari Raya Idul Fitri'), national('Idul Fitri')],
  ['2027-03-10', national('Hari Raya Idul Fitri'), national('Idul Fitri')],
  ['2027-03-28', null, national('Kebangkitan Yesus Kristus (Paskah)')],
  ['2027-05-16', national('Hari Raya Idul Adha'), national('Idul Adha')],
  ['2027-06-06', national('Tahun Baru Islam'), national('Tahun Baru Islam (1 Muharam)')],
  ['2027-08-14', national('Maulid Nabi Muhammad'), national('Maulid Nabi Muhammad SAW')],
  [
    '2027-08-17',
    national('Hari Ulang Tahun Kemerdekaan Republik Indonesia'),
    national('Proklamasi Kemerdekaan'),
  ],
  [
    '2027-12-25',
    national('Maulid Nabi Muhammad'),
    national('Isra Mikraj Nabi Muhammad SAW / Kelahiran Yesus Kristus (Natal)'),
  ],
]

async function apply(knex: Knex, from: Row | null, to: Row | null, day: string): Promise<void> {
  if (from && to)
    await knex('holidays')
      .where({ day, ...from })
      .update(to)
  else if (from)
    await knex('holidays')
      .where({ day, ...from })
      .delete()
  else if (to)
    await knex('holidays')
      .insert({ day, ...to })
      .onConflict('day')
      .ignore()
}

export async function up(knex: Knex): Promise<void> {
  for (const [day, seeded, decreed] of CORRECTIONS) await apply(knex, seeded, decreed, day)
}

export async function down(knex: Knex): Promise<void> {
  for (const [day, seeded, decreed] of CORRECTIONS) await apply(knex, decreed, seeded, day)
}
