import { defineConfig, type Plugin } from 'vitest/config'

/**
 * electron-vite's `?modulePath` import (src/main/index.ts names core's worker
 * entry with it) gives, under Vitest, the path of the source file itself,
 * which core's worker pool loads through tsx.
 */
function modulePath(): Plugin {
  const SUFFIX = '?modulePath'
  const PREFIX = '\0module-path:'
  return {
    name: 'loket:module-path',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (!id.endsWith(SUFFIX)) return null
      const file = await this.resolve(id.slice(0, -SUFFIX.length), importer)
      return file ? PREFIX + file.id : null
    },
    load(id) {
      return id.startsWith(PREFIX)
        ? `export default ${JSON.stringify(id.slice(PREFIX.length))}`
        : null
    },
  }
}

export default defineConfig({
  plugins: [modulePath()],
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A throwaway PostgreSQL for the server tests, started once per run.
    globalSetup: ['tests/support/postgres.ts'],
  },
})
