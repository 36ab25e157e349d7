import { readdirSync, readFileSync } from 'node:fs'
import { posix } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { LAYERS, type LayerName } from '../../eslint.layers.js'

// Every case is generated from the table that eslint.config.js is built from,
// so a layer, package or built-in the table leaves out is proved refused.
const eslint = new ESLint({ cwd: process.cwd() })
const names = Object.keys(LAYERS) as LayerName[]
const tablePackages = [...new Set(names.flatMap((name) => LAYERS[name].packages))].sort()

/** The layer rule's messages for `code` linted as a file of `layer`. */
async function refusals(layer: LayerName, code: string, file = 'layer-probe.ts') {
  const [result] = await eslint.lintText(code, { filePath: `${LAYERS[layer].folder}/${file}` })
  if (!result) throw new Error('ESLint returned no result')
  // A parse error would hide the rule's verdict.
  expect(result.messages.filter((m) => m.fatal)).toEqual([])
  return result.messages.filter((m) => m.ruleId === 'boundaries/dependencies')
}

const valueImport = (source: string) =>
  `import * as probe from '${source}'\nexport const used = probe\n`
const typeImport = (source: string) =>
  `import type * as probe from '${source}'\nexport type Used = typeof probe\n`

/** A real module of the layer, so the import resolves as a real one would. */
function sampleModule(layer: LayerName): string {
  const { folder } = LAYERS[layer]
  const file = readdirSync(folder)
    .filter((f) => /\.(ts|vue|mjs)$/.test(f) && !/\.(d|test|spec)\.ts$/.test(f))
    .sort()[0]
  if (!file) throw new Error(`no module at the top of ${folder}`)
  return `${folder}/${file}`
}

/** How a file at the top of `from` imports `target` (extensionless, as the code does). */
function relativeSource(from: LayerName, target: string): string {
  const source = posix.relative(LAYERS[from].folder, target).replace(/\.ts$/, '')
  return source.startsWith('.') ? source : `./${source}`
}

const mayImportLayer = (from: LayerName, to: LayerName) =>
  from === to || LAYERS[from].layers.includes(to)
const mayImportTypesOf = (from: LayerName, to: LayerName) =>
  mayImportLayer(from, to) || (LAYERS[from].typeLayers ?? []).includes(to)
const verdict = (allowed: boolean) => (allowed ? 'allows' : 'refuses')

const pairs = names.flatMap((from) => names.map((to) => [from, to] as const))

describe('the layer table', () => {
  it('names only layers it defines and packages this project depends on', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>
      devDependencies: Record<string, string>
    }
    const installed = new Set([
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.devDependencies),
    ])
    expect(tablePackages.filter((p) => !installed.has(p))).toEqual([])
    const named = names.flatMap((n) => [...LAYERS[n].layers, ...(LAYERS[n].typeLayers ?? [])])
    expect(named.filter((n) => !names.includes(n))).toEqual([])
  })

  it('is the table ARCHITECTURE.md shows', () => {
    const lines = readFileSync('ARCHITECTURE.md', 'utf8').split('\n')
    const header = lines.findIndex((l) => /^\| layer +\| folder +\| may import layers/.test(l))
    expect(header).toBeGreaterThan(-1)
    const body = lines.slice(header + 2)
    const rows = body
      .slice(
        0,
        body.findIndex((l) => !l.startsWith('|')),
      )
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      )
    const listed = (items: string[]) => (items.length ? items.join(', ') : '—')
    expect(rows).toEqual(
      names.map((name) => {
        const {
          folder,
          layers,
          typeLayers = [],
          files = [],
          bundles = [],
          packages,
          node,
        } = LAYERS[name]
        const reach = [
          ...layers,
          ...typeLayers.map((l) => `types from ${l}`),
          ...files,
          ...bundles.map((b) => `\`${b}\``),
        ]
        return [name, `\`${folder}\``, listed(reach), listed(packages), node ? 'yes' : 'no']
      }),
    )
  })
})

describe('layer to layer', () => {
  it.each(pairs.map(([from, to]) => [from, verdict(mayImportLayer(from, to)), to] as const))(
    '%s %s values from %s',
    async (from, expected, to) => {
      const found = await refusals(from, valueImport(relativeSource(from, sampleModule(to))))
      expect(found).toHaveLength(expected === 'allows' ? 0 : 1)
    },
  )

  it.each(pairs.map(([from, to]) => [from, verdict(mayImportTypesOf(from, to)), to] as const))(
    '%s %s types from %s',
    async (from, expected, to) => {
      const found = await refusals(from, typeImport(relativeSource(from, sampleModule(to))))
      expect(found).toHaveLength(expected === 'allows' ? 0 : 1)
    },
  )

  it('refuses a file outside every layer unless the layer lists it', async () => {
    for (const layer of names) {
      const source = posix.relative(LAYERS[layer].folder, 'eslint.layers.js')
      const allowed = (LAYERS[layer].files ?? []).includes('eslint.layers.js')
      expect(await refusals(layer, valueImport(source))).toHaveLength(allowed ? 0 : 1)
      expect(
        await refusals(layer, valueImport(posix.relative(LAYERS[layer].folder, 'vitest.config'))),
      ).toHaveLength(1)
    }
  })

  it("allows a file bundled apart (electron-vite's ?modulePath) only where the table lists it", async () => {
    const bundles = [...new Set(names.flatMap((n) => LAYERS[n].bundles ?? []))]
    expect(bundles.length).toBeGreaterThan(0)
    for (const layer of names) {
      for (const source of bundles) {
        const allowed = (LAYERS[layer].bundles ?? []).includes(source)
        expect(await refusals(layer, valueImport(source))).toHaveLength(allowed ? 0 : 1)
      }
      expect(await refusals(layer, valueImport('../core/station?modulePath'))).toHaveLength(1)
    }
  })

  it('reads the imports of a .vue file', async () => {
    const sfc = (source: string) =>
      `<script setup lang="ts">\nimport * as probe from '${source}'\nconsole.log(probe)\n</script>\n\n<template><div /></template>\n`
    const core = relativeSource('renderer', sampleModule('core'))
    const shared = relativeSource('renderer', sampleModule('shared'))
    expect(await refusals('renderer', sfc(core), 'Probe.vue')).toHaveLength(1)
    expect(await refusals('renderer', sfc(shared), 'Probe.vue')).toHaveLength(0)
    expect(await refusals('renderer', sfc('node:fs'), 'Probe.vue')).toHaveLength(1)
  })
})

describe('packages', () => {
  const cases = names.flatMap((layer) =>
    tablePackages.map(
      (pkg) => [layer, verdict(LAYERS[layer].packages.includes(pkg)), pkg] as const,
    ),
  )

  it.each(cases)('%s %s %s', async (layer, expected, pkg) => {
    const allowed = expected === 'allows'
    expect(await refusals(layer, valueImport(pkg))).toHaveLength(allowed ? 0 : 1)
    // A subpath is the same package.
    expect(await refusals(layer, valueImport(`${pkg}/some/part`))).toHaveLength(allowed ? 0 : 1)
  })

  it.each(names)('%s refuses a package the table does not name (left-pad)', async (layer) => {
    expect(await refusals(layer, valueImport('left-pad'))).toHaveLength(1)
  })

  it.each([
    ['core', 'pg'],
    ['core', '@fastify/helmet'],
    ['shared', 'pdfkit'],
    ['shared', 'exceljs'],
  ] as const)('%s refuses %s', async (layer, pkg) => {
    const [message] = await refusals(layer, valueImport(pkg))
    expect(message?.message).toContain(`The ${layer} layer may not import '${pkg}'`)
  })
})

describe('Node built-ins', () => {
  const cases = names.flatMap((layer) =>
    ['node:fs', 'fs', 'node:fs/promises', 'node:worker_threads'].map(
      (source) => [layer, verdict(LAYERS[layer].node), source] as const,
    ),
  )

  it.each(cases)('%s %s %s', async (layer, expected, source) => {
    expect(await refusals(layer, valueImport(source))).toHaveLength(expected === 'allows' ? 0 : 1)
  })
})
