// NIK (Nomor Induk Kependudukan): PP KK CC DDMMYY SSSS.
// PP province, KK regency/city, CC district; DD has 40 added for women.

// Kemendagri province codes, including the Papua provinces formed in 2022.
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '21',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '51',
  '52',
  '53',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '72',
  '73',
  '74',
  '75',
  '76',
  '81',
  '82',
  '91',
  '92',
  '93',
  '94',
  '95',
  '96',
  '97',
])

export type NikCheck =
  | { ok: true; provinceCode: string; birthDate: string; sex: 'L' | 'P' }
  | {
      ok: false
      code: 'validation.nik.length' | 'validation.nik.region' | 'validation.nik.birthdate'
    }

export function checkNik(input: string, today: Date = new Date()): NikCheck {
  const nik = input.replace(/[\s.]/g, '')
  if (!/^\d{16}$/.test(nik)) return { ok: false, code: 'validation.nik.length' }
  const province = nik.slice(0, 2)
  if (!PROVINCES.has(province) || nik.slice(2, 4) === '00' || nik.slice(4, 6) === '00') {
    return { ok: false, code: 'validation.nik.region' }
  }
  let day = Number(nik.slice(6, 8))
  const month = Number(nik.slice(8, 10))
  const yy = Number(nik.slice(10, 12))
  const sex = day > 40 ? 'P' : 'L'
  if (day > 40) day -= 40
  const serial = nik.slice(12)
  if (serial === '0000') return { ok: false, code: 'validation.nik.length' }
  // Two-digit year: the most recent year not after today.
  const thisYear = today.getFullYear()
  let year = Math.floor(thisYear / 100) * 100 + yy
  if (year > thisYear) year -= 100
  const birth = new Date(Date.UTC(year, month - 1, day))
  const iso = birth.toISOString().slice(0, 10)
  const expected = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  if (day < 1 || month < 1 || month > 12 || iso !== expected) {
    return { ok: false, code: 'validation.nik.birthdate' }
  }
  const todayIso = `${thisYear}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`
  if (iso > todayIso) return { ok: false, code: 'validation.nik.birthdate' }
  return { ok: true, provinceCode: province, birthDate: iso, sex }
}
