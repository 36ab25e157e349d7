// Indonesian phone numbers to E.164 (+62…). After the national prefix (+62, 62 or 0) a mobile
// number starts with 8; anything else is a landline: area code and subscriber number.

export function normalizePhone(
  input: string,
): { ok: true; value: string } | { ok: false; code: 'validation.phone' } {
  const compact = input.replace(/[\s.\-()]/g, '')
  const [, prefix, national = ''] = /^(\+62|62|0)?(\d+)$/.exec(compact) ?? []
  const length = national.length
  // A bare 8… can only be a mobile, but bare landline digits are usually a local number
  // without its area code, so a landline needs its prefix.
  const valid =
    /^[1-9]/.test(national) &&
    (national.startsWith('8')
      ? length >= 9 && length <= 12
      : prefix !== undefined && length >= 7 && length <= 11)
  return valid ? { ok: true, value: `+62${national}` } : { ok: false, code: 'validation.phone' }
}
