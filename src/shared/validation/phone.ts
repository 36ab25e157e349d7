// Indonesian phone numbers to E.164 (+62…): mobiles start with 8 after the
// national prefix; landlines are an area code and a number.

export function normalizePhone(
  input: string,
): { ok: true; value: string } | { ok: false; code: 'validation.phone' } {
  const compact = input.trim().replace(/[\s.\-()]/g, '')
  if (!/^\+?\d+$/.test(compact)) return { ok: false, code: 'validation.phone' }
  let national: string
  if (compact.startsWith('+62')) national = compact.slice(3)
  else if (compact.startsWith('+')) return { ok: false, code: 'validation.phone' }
  else if (compact.startsWith('62')) national = compact.slice(2)
  else if (compact.startsWith('0')) national = compact.slice(1)
  else national = compact
  if (!/^[1-9]/.test(national)) return { ok: false, code: 'validation.phone' }
  const valid = national.startsWith('8')
    ? national.length >= 9 && national.length <= 12
    : national.length >= 7 && national.length <= 11
  return valid ? { ok: true, value: `+62${national}` } : { ok: false, code: 'validation.phone' }
}
