import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// Modules in src/ import each other without a loop: a loop makes the order in
// which modules start depend on which one is loaded first. Only imports that
// stay at run time count; `import type` is erased by the compiler.

const SRC = 'src'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** The TypeScript of a file; for a .vue file, its script blocks. */
function scriptOf(file: string): string {
  const text = readFileSync(file, 'utf8')
  if (!file.endsWith('.vue')) return text
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
}

/** The module specifiers a file loads at run time (static imports and re-exports). */
function runtimeImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false)
  const specifiers: string[] = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      const named = clause?.namedBindings
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)))
      if (!onlyTypes && ts.isStringLiteral(statement.moduleSpecifier)) {
        specifiers.push(statement.moduleSpecifier.text)
      }
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      specifiers.push(statement.moduleSpecifier.text)
    }
  }
  return specifiers
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  const base = join(dirname(from), specifier)
  return [base, `${base}.ts`, `${base}.vue`, join(base, 'index.ts')].find(
    (candidate) => /\.(ts|vue)$/.test(candidate) && existsSync(candidate),
  )
}

/** Strongly connected components of more than one module, or a module importing itself. */
function importCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  let next = 0

  const visit = (node: string): void => {
    index.set(node, next)
    low.set(node, next)
    next += 1
    stack.push(node)
    onStack.add(node)
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to)
        low.set(node, Math.min(low.get(node)!, low.get(to)!))
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!))
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
        cycles.push(component.sort())
      }
    }
  }

  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return cycles
}

describe('import cycles', () => {
  it('finds a loop when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ])
    expect(importCycles(graph)).toEqual([['a', 'b', 'c'], ['e']])
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([])
  })

  it('counts imports that stay at run time, not type-only ones', () => {
    const text = [
      "import { a } from './a'",
      "import type { B } from './b'",
      "import { type C } from './c'",
      "import { type D, d } from './d'",
      "import './e'",
      "export { f } from './f'",
      "export type { G } from './g'",
      "import * as h from './h'",
    ].join('\n')
    expect(runtimeImports('x.ts', text)).toEqual(['./a', './d', './e', './f', './h'])
  })

  it('src/ has none', () => {
    const files = sourceFiles(SRC)
    expect(files.length).toBeGreaterThan(100)
    const graph = new Map(
      files.map((file) => [
        file,
        runtimeImports(file, scriptOf(file))
          .map((specifier) => resolveLocal(file, specifier))
          .filter((to): to is string => to !== undefined),
      ]),
    )
    // Guards against a resolver that finds nothing, which would hide every loop.
    expect([...graph.values()].flat().length).toBeGreaterThan(files.length)
    const cycles = importCycles(graph).map((c) => c.map((f) => relative(SRC, f)))
    expect(cycles).toEqual([])
  })
})
