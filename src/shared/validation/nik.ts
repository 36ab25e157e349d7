// NIK (Nomor Induk Kependudukan): PP KK CC DDMMYY SSSS. PP province, KK regency or city,
// CC district (kecamatan) where the NIK was issued; DD has 40 added for women; SSSS a serial.
// No public checksum exists, so this only rules out what cannot be a NIK.

// Kemendagri (Dukcapil) province codes, with the Papua provinces of 2022 (93 to 96). BPS
// numbers those provinces differently (up to 97); NIKs carry the Kemendagri code.
const PROVINCES: ReadonlySet<string> = new Set(
  (
    '11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 ' +
    '71 72 73 74 75 76 81 82 91 92 93 94 95 96'
  ).split(' '),
)

export type NikCheck =
  | { ok: true; provinceCode: string; birthDate: string; sex: 'L' | 'P' }
  | {
      ok: false
      code: 'validation.nik.length' | 'validation.nik.region' | 'validation.nik.birthdate'
    }

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

export function checkNik(input: string, today: Date = new Date()): NikCheck {
  // People copy NIKs with the grouping spaces or dots of forms and printouts.
  const nik = input.replace(/[\s.]/g, '')
  // Serials start at 0001.
  if (!/^\d{16}$/.test(nik) || nik.endsWith('0000')) {
    return { ok: false, code: 'validation.nik.length' }
  }
  const provinceCode = nik.slice(0, 2)
  if (!PROVINCES.has(provinceCode) || nik.slice(2, 4) === '00' || nik.slice(4, 6) === '00') {
    return { ok: false, code: 'validation.nik.region' }
  }

  const encodedDay = Number(nik.slice(6, 8))
  const sex = encodedDay > 40 ? 'P' : 'L'
  const day = sex === 'P' ? encodedDay - 40 : encodedDay
  const month = Number(nik.slice(8, 10))
  const thisYear = today.getFullYear()
  // Two-digit year: the most recent one not after this year.
  const year = thisYear - ((thisYear - Number(nik.slice(10, 12))) % 100)
  // The station's local calendar day, as its clerk sees it.
  const todayIso = `${pad(thisYear, 4)}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const birthDate = `${pad(year, 4)}-${pad(month)}-${pad(day)}`
  if (month < 1 || month > 12 || day < 1 || day > lastDay || birthDate > todayIso) {
    return { ok: false, code: 'validation.nik.birthdate' }
  }
  return { ok: true, provinceCode, birthDate, sex }
}
