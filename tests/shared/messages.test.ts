import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { API_ERROR_CODES } from '../../src/shared/api'
import { errorMessages, translateMessage } from '../../src/shared/messages'

// Every message a person may see is words in both languages: each message key
// the code uses (schemas, core, sync, the window) has an Indonesian and an
// English text, and a key built at run time comes from a known family.

const SRC = join(__dirname, '../../src')
const FAMILY = String.raw`(?:validation|error|lifecycle|sync\.error)`
// A whole key: a quote, the key, then its closing quote or its parameters.
const LITERAL = new RegExp(
  String.raw`['"\`](${FAMILY}\.[A-Za-z0-9_.]*[A-Za-z0-9_])(?=['"\`|])`,
  'g',
)
// A key completed at run time, e.g. `error.${code}`.
const BUILT = new RegExp(String.raw`\`(${FAMILY}\.[A-Za-z0-9_.]*)\$\{([^}]*)\}`, 'g')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name)
    if (d.isDirectory()) return sources(path)
    return /\.(ts|vue)$/.test(d.name) ? [path] : []
  })
}

const files = sources(SRC).filter((f) => !f.endsWith(join('shared', 'messages.ts')))
const used = new Map<string, string>()
const built = new Set<string>()
for (const file of files) {
  const text = readFileSync(file, 'utf8')
  for (const m of text.matchAll(LITERAL)) used.set(m[1]!, relative(SRC, file))
  for (const m of text.matchAll(BUILT)) built.add(m[1]!)
}

describe('message keys', () => {
  it('finds the keys the code uses (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(50)
    for (const key of ['validation.required', 'error.sealNeedsEnrolment', 'lifecycle.notAllowed']) {
      expect([...used.keys()]).toContain(key)
    }
    expect(used.size).toBeGreaterThan(40)
  })

  it('gives every key used in src/ an Indonesian and an English text', () => {
    const missing = [...used]
      .filter(([key]) => !(key in errorMessages.id) || !(key in errorMessages.en))
      .map(([key, file]) => `${key} (${file})`)
    expect(missing).toEqual([])
  })

  it('builds keys at run time only from an error code, each of which has its texts', () => {
    expect([...built]).toEqual(['error.'])
    const missing = API_ERROR_CODES.map((c) => `error.${c}`).filter(
      (key) => !(key in errorMessages.id) || !(key in errorMessages.en),
    )
    expect(missing).toEqual([])
  })

  it('has the same keys in both languages', () => {
    expect(Object.keys(errorMessages.en).sort()).toEqual(Object.keys(errorMessages.id).sort())
  })

  it('names statuses and handling steps in the language of the message', () => {
    const raw = 'lifecycle.notAllowed|transition=forward|state=proses'
    expect(translateMessage(raw)).toBe(
      'Langkah "teruskan ke instansi berwenang" tidak dapat dilakukan karena status pengaduan saat ini "Proses".',
    )
    const english = {
      state: (c: string) => ({ proses: 'In progress' })[c],
      transition: (c: string) => ({ exposure: 'Exposure meeting' })[c],
    }
    expect(
      translateMessage('lifecycle.notAllowed|transition=exposure|state=proses', 'en', english),
    ).toBe('The step "Exposure meeting" is not possible while the complaint is "In progress".')
    expect(translateMessage('validation.tooLong|max=200', 'en')).toBe(
      'Too long: at most 200 characters.',
    )
  })
})
