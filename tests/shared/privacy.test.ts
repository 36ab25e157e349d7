import { describe, expect, it } from 'vitest'
import { identityShapes, intakeFreeText, privacyMentions } from '../../src/shared/privacy'

// A fixed "today" for the NIK's birth-date reading; the shapes do not depend on it otherwise.
const today = new Date(2026, 10, 23)
const shapes = (text: string) => identityShapes([text], today)

describe('identity shapes in the free text of an anonymous complaint', () => {
  it('finds a 16-digit NIK-shaped number however it is grouped, valid or not', () => {
    for (const text of [
      'NIK saya 3171011501900001.',
      'nik: 3171 0115 0190 0001',
      'NIK 3171.0115.0190.0001 (KTP)',
      'nomor 317101-150190-0001',
      // Grouped like its parts (province, regency, district, birth date, serial).
      'KTP 31.71.01.150190.0001',
      // The date part is impossible, but sixteen digits in a row are still suspect.
      'nomor 9999999999999999 itu',
      'NIK3171011501900001',
    ]) {
      expect(shapes(text), text).toEqual(['nikLike'])
    }
  })

  it('finds an Indonesian mobile number with +62, 62 or 0 and any separators', () => {
    for (const text of [
      'hubungi 0812-3456-7890',
      'WA +62 812 3456 7890',
      'telp 62812345678901',
      'HP.0812.3456.7890',
      'wa081234567890 sore hari',
      'nomor 0812 - 3456 - 789',
      'hubungi 0856 1234 5678.',
    ]) {
      expect(shapes(text), text).toEqual(['phoneLike'])
    }
  })

  it('finds an e-mail address, also written with (at)', () => {
    expect(shapes('kirim ke budi.santoso@contoh.go.id ya')).toEqual(['email'])
    expect(shapes('surel: budi [at] gmail.com')).toEqual(['email'])
    expect(shapes('Pelapor_01@mail.co.id')).toEqual(['email'])
  })

  it('finds two numbers written side by side', () => {
    expect(shapes('0812 3456 7890 3171011501900001')).toEqual(['nikLike', 'phoneLike'])
  })

  it('leaves tracking numbers, dates, times, amounts and letter numbers alone', () => {
    for (const text of [
      'Sudah melapor dengan nomor KMRT-261123-0042-3 dan KMRT-260812-0845-7.',
      'Kejadian pada 12-10-2026 dan 2026-10-12.',
      'pada 08-12-2026 pukul 10.30 WIB',
      'dari 01-02-2026 05-02-2026',
      'pukul 08.30 sampai 08.45',
      'diminta membayar Rp 1.500.000 atau Rp1.500.000,00',
      'kerugian Rp 1.250.000.000.000.000',
      'anggaran 1.250.000.000.000.000 rupiah',
      'surat nomor 045/PU/III/2026 dan 800/123/435.6/2026',
      'SK 3171011501900001/KEP/2026',
      'tahun 2020 sampai 2026, 12 orang, 150 meter',
      'resi 0812345678901234567',
      'alamat email tidak ada, kirim lewat pos @kantor',
    ]) {
      expect(shapes(text), text).toEqual([])
    }
  })

  it('reads every free-text field of the form', () => {
    const texts = intakeFreeText({
      subject: 'Pungutan',
      description: 'Uraian',
      location: 'Kantor desa 0812 3456 7890',
      reportedParty: { agency: 'budi@contoh.id', person: null, position: undefined },
    })
    expect(identityShapes(texts, today)).toEqual(['phoneLike', 'email'])
  })

  it('lists the complainant’s own value rather than its shape as well', () => {
    const id = { name: 'Rukmini Wulandari', nik: '3171011501900001', phone: '+6281298765432' }
    expect(privacyMentions(id, ['NIK 3171011501900001, HP 0812-9876-5432'], today)).toEqual([
      'nik',
      'phone',
    ])
    // Someone else's numbers next to the complainant's name.
    expect(
      privacyMentions(id, ['Saya Rukmini; kepala desa 3273017112850003, 0813 1111 2222'], today),
    ).toEqual(['name', 'nikLike', 'phoneLike'])
    // No identity typed at all (before enrolment the form takes none): shapes alone.
    expect(privacyMentions({}, ['NIK 3171011501900001, mail x@y.id'], today)).toEqual([
      'nikLike',
      'email',
    ])
    expect(privacyMentions({}, ['Pungutan liar Rp 250.000 pada 12-10-2026.'], today)).toEqual([])
  })
})
