import { brotliCompressSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { build, type Rolldown } from 'vite'
import { rendererConfig } from '../../electron.vite.config'

// The renderer's chunks, from a real build of its own config (not written to
// disk): what the first screen loads is the entry chunk and the chunks it
// imports statically; every screen is a dynamic import of its own.

type Chunk = Rolldown.OutputChunk
let chunks: Chunk[] = []

beforeAll(async () => {
  const out = await build({
    ...rendererConfig,
    configFile: false,
    logLevel: 'silent',
    build: { ...rendererConfig.build, write: false },
  })
  const outputs = Array.isArray(out) ? out : [out]
  chunks = outputs
    .flatMap((o) => ('output' in o ? o.output : []))
    .filter((c): c is Chunk => c.type === 'chunk')
}, 240_000)

const byFile = () => new Map(chunks.map((c) => [c.fileName, c]))

/** A chunk and every chunk it imports statically: what loading it loads. */
function staticClosure(start: Chunk): Chunk[] {
  const files = byFile()
  const seen = new Map<string, Chunk>()
  const visit = (c: Chunk) => {
    if (seen.has(c.fileName)) return
    seen.set(c.fileName, c)
    for (const f of c.imports) visit(files.get(f) as Chunk)
  }
  visit(start)
  return [...seen.values()]
}

const modulesOf = (cs: Chunk[]) => cs.flatMap((c) => c.moduleIds.map((m) => m.replace(/\\/g, '/')))

function screen(view: string): Chunk {
  const c = chunks.find((x) => x.isDynamicEntry && x.facadeModuleId?.endsWith(view))
  if (!c) throw new Error(`no chunk of its own for ${view}`)
  return c
}

const CHARTS = /\/node_modules\/(echarts|zrender)\/|\/views\/reports\//

describe('the renderer bundle', () => {
  it('loads no screen, chart or rapor code before the sign-in', () => {
    const entry = chunks.find((c) => c.isEntry)
    expect(entry?.facadeModuleId).toMatch(/index\.html$/)
    const initial = modulesOf(staticClosure(entry as Chunk))
    expect(initial.some((m) => m.endsWith('/views/auth/SignInView.vue'))).toBe(true)
    expect(initial.filter((m) => CHARTS.test(m))).toEqual([])
    // The header's sync indicator is part of the shell; the sync page is not.
    expect(
      initial.filter((m) =>
        /\/views\/(intake|cases|admin|queue)\/|\/views\/sync\/SyncView/.test(m),
      ),
    ).toEqual([])
    // Element Plus piece by piece: the sign-in has no table or date picker.
    expect(
      initial.filter((m) => /element-plus\/es\/components\/(table|date-picker)\//.test(m)),
    ).toEqual([])
  })

  it('keeps the charts out of the intake form and in the rapor', () => {
    const intake = modulesOf(staticClosure(screen('views/intake/IntakeView.vue')))
    expect(intake.some((m) => m.endsWith('/views/intake/IntakeView.vue'))).toBe(true)
    expect(intake.filter((m) => CHARTS.test(m))).toEqual([])
    const rapor = modulesOf(staticClosure(screen('views/reports/RaporView.vue')))
    expect(rapor.some((m) => /\/node_modules\/echarts\//.test(m))).toBe(true)
    // ECharts piece by piece: the two chart types drawn, no others.
    expect(rapor.filter((m) => /echarts\/lib\/chart\/(pie|scatter|map|graph)\//.test(m))).toEqual(
      [],
    )
  })

  it('gives the settings, sync, case page and case list chunks of their own', () => {
    for (const view of [
      'views/admin/AdminView.vue',
      'views/sync/SyncView.vue',
      'views/cases/CaseView.vue',
      'views/cases/CaseListView.vue',
      'views/queue/QueueView.vue',
    ]) {
      expect(screen(view).moduleIds.some((m) => m.replace(/\\/g, '/').endsWith(view))).toBe(true)
    }
  })

  it('sends the first screen in at most 600 KB of compressed JavaScript', () => {
    const entry = chunks.find((c) => c.isEntry) as Chunk
    const bytes = staticClosure(entry).reduce(
      (sum, c) => sum + brotliCompressSync(Buffer.from(c.code)).length,
      0,
    )
    expect(bytes).toBeGreaterThan(0)
    expect(bytes).toBeLessThanOrEqual(600 * 1024)
  })
})
