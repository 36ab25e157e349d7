import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { api } from '../../src/shared/api'
import { errorMessages } from '../../src/shared/messages'
import { SYNC_KEY_PREFIX, syncKey } from '../../src/core/sync/keys'

// Sync's settings keys have one home (src/core/sync/keys.ts). In core a string
// starting with `sync.` may otherwise only be an API method or a message key.
const HOME = 'src/core/sync/keys.ts'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? sourceFiles(join(dir, d.name))
      : d.name.endsWith('.ts')
        ? [join(dir, d.name)]
        : [],
  )
}

/** Every `sync.…` name inside a string or template literal of a file, with its line. */
function syncNames(file: string, text: string): { name: string; line: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const found: { name: string; line: number }[] = []
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      for (const m of node.text.matchAll(/(?<![\w.])sync\.[\w.%]*/g)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1
        found.push({ name: m[0], line })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const allowed = new Set<string>([...Object.keys(api), ...Object.keys(errorMessages.id)])

describe('sync settings keys', () => {
  it('all start with the prefix and differ', () => {
    const values = Object.values(syncKey)
    expect(values.length).toBeGreaterThan(0)
    for (const v of values) expect(v.startsWith(SYNC_KEY_PREFIX)).toBe(true)
    expect(new Set(values).size).toBe(values.length)
  })

  it('are written nowhere in src/core but their own module', () => {
    const strays: string[] = []
    for (const file of sourceFiles('src/core')) {
      const path = relative('.', file).split('\\').join('/')
      if (path === HOME) continue
      for (const { name, line } of syncNames(file, readFileSync(file, 'utf8'))) {
        if (!allowed.has(name)) strays.push(`${path}:${line} ${name}`)
      }
    }
    expect(strays).toEqual([])
  })

  it('are found by this check where they stand', () => {
    // The check itself must see a key hidden in a longer string or a template.
    const code = [
      "read(db, 'sync.ackedSeq')",
      'const aad = `settings.value:sync.privateKey`',
      "where('key', 'like', 'sync.%')",
      "dispatch('sync.status')",
      'new Failure(`sync.error.refused|reason=${r}`)',
    ].join('\n')
    const names = syncNames('x.ts', code)
      .filter((n) => !allowed.has(n.name))
      .map((n) => n.name)
    expect(names).toEqual(['sync.ackedSeq', 'sync.privateKey', 'sync.%'])
  })
})
