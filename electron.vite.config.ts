import { readFile, readdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { promisify } from 'node:util'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import type { Plugin, UserConfig } from 'vite'

const root = dirname(fileURLToPath(import.meta.url))

/** Files worth compressing: text, and large enough that the header is not most of it. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json)$/
const MIN_BYTES = 1024

/**
 * Writes `name.br` and `name.gz` beside each text file of the renderer build,
 * once, at the highest levels, so the web host sends them as they are
 * (src/host/server.ts) instead of compressing on every request. Electron reads
 * the plain files from disk; the packed app leaves these out.
 */
function precompress(): Plugin {
  const br = promisify(brotliCompress)
  const gz = promisify(gzip)
  async function filesUnder(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true })
    return entries
      .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
      .map((e) => join(e.parentPath, e.name))
  }
  return {
    name: 'loket:precompress',
    apply: 'build',
    async writeBundle(options) {
      if (!options.dir) return
      for (const file of await filesUnder(options.dir)) {
        const plain = await readFile(file)
        if (plain.length < MIN_BYTES) continue
        const [brotli, gzipped] = await Promise.all([
          br(plain, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
            },
          }),
          gz(plain, { level: constants.Z_BEST_COMPRESSION }),
        ])
        if (brotli.length < plain.length) await writeFile(`${file}.br`, brotli)
        if (gzipped.length < plain.length) await writeFile(`${file}.gz`, gzipped)
      }
    },
  }
}

/**
 * Element Plus's styles in a cascade layer of their own. Each screen's chunk
 * brings the styles of the components it uses, so they arrive after the app's
 * own; unlayered rules win over layered ones whatever the order, so the app's
 * styles still override the library's, as they did when one sheet came first.
 */
function elementPlusStylesLayer(): Plugin {
  return {
    name: 'loket:element-plus-layer',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]element-plus[\\/]theme-chalk[\\/][^?]*\.css$/.test(id)) return null
      // @charset may only open a file, and means nothing inside a layer.
      return { code: `@layer element-plus {\n${code.replace(/^@charset[^;]*;/, '')}\n}`, map: null }
    },
  }
}

/** The Vue app's build, apart so tests can build it and read its chunks. */
export const rendererConfig: UserConfig = {
  root: resolve(root, 'src/renderer'),
  define: {
    // Composition mode only (src/renderer/i18n) and no devtools: vue-i18n drops the legacy API.
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: resolve(root, 'out/renderer'),
    // electron-vite leaves the renderer unminified; the web host sends it over a network.
    minify: true,
    rollupOptions: {
      input: { index: resolve(root, 'src/renderer/index.html') },
      output: {
        // A chunk of shared Element Plus pieces is named after its first module, a `style/css`.
        chunkFileNames: (chunk) =>
          chunk.name === 'css' ? 'assets/element-plus-[hash].js' : 'assets/[name]-[hash].js',
      },
    },
  },
  plugins: [
    vue(),
    elementPlusStylesLayer(),
    // Each Element Plus component (and v-loading) is imported, with its styles,
    // by the component whose template uses it, so it lands in that screen's chunk.
    components({ resolvers: [ElementPlusResolver()], dts: false, dirs: [] }),
    precompress(),
  ],
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(root, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // A sandboxed preload cannot require() chunks, so it must be one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
})
