import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import { builtinModules } from 'node:module'

// The layering table of ARCHITECTURE.md, as lint: a wrong import fails `npm test`.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]
const layer = (name) => [`**/${name}/**`]
const forbid = (...groups) => groups.flat()

/** @param {{ layers?: string[], packages?: string[], message: string }} rule */
function restrict({ layers = [], packages = [], message }) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: packages.map((name) => ({ name, message })),
        patterns: [
          ...(layers.length ? [{ group: forbid(...layers.map(layer)), message }] : []),
          { group: packages.flatMap((p) => [`${p}/*`]), message },
        ].filter((p) => p.group.length > 0),
      },
    ],
  }
}

const UI = ['vue', 'pinia', 'vue-router', 'vue-i18n', 'element-plus']

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'test-results/',
      'playwright-report/',
      'bench/data/',
      'scripts/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'vue/multi-word-component-names': 'off',
      // Prettier owns formatting.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict({
      layers: ['core', 'main', 'preload', 'renderer', 'host', 'server'],
      packages: [...nodeBuiltins, 'electron', ...UI, 'knex', 'fastify', 'sqlite3', 'pg'],
      message: 'src/shared is pure TypeScript: only its schema library (zod) and itself.',
    }),
  },
  {
    files: ['src/core/**'],
    rules: restrict({
      layers: ['main', 'preload', 'renderer', 'host', 'server'],
      packages: ['electron', ...UI, 'fastify'],
      message:
        'src/core may import shared, node:* and knex; never electron, vue, fastify or other layers.',
    }),
  },
  {
    files: ['src/main/**'],
    rules: restrict({
      layers: ['renderer', 'server', 'host', 'preload'],
      packages: [...UI, 'fastify'],
      message: 'src/main may import shared, core and electron; never renderer or server.',
    }),
  },
  {
    files: ['src/preload/**'],
    rules: {
      ...restrict({
        layers: ['core', 'main', 'renderer', 'host', 'server'],
        packages: [...nodeBuiltins, ...UI, 'knex', 'fastify', 'sqlite3', 'zod'],
        message:
          'src/preload may use only types from shared and electron contextBridge/ipcRenderer.',
      }),
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/shared', '**/shared/**'],
              allowTypeImports: true,
              message: 'src/preload may import only types from shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict({
      layers: ['core', 'main', 'preload', 'host', 'server'],
      packages: [...nodeBuiltins, 'electron', 'knex', 'fastify', 'sqlite3', 'pg'],
      message:
        'src/renderer may import shared, vue, pinia and UI libraries; never electron, node or core.',
    }),
  },
  {
    files: ['src/host/**'],
    rules: restrict({
      layers: ['main', 'preload', 'renderer', 'server'],
      packages: ['electron', ...UI, 'fastify'],
      message: 'src/host may import shared, core and node:*; never electron, vue or the server.',
    }),
  },
  {
    files: ['src/server/**'],
    rules: restrict({
      layers: ['core', 'main', 'preload', 'renderer', 'host'],
      packages: ['electron', ...UI, 'sqlite3-native-only'],
      message:
        'src/server may import shared, fastify, knex and pg; never core, main, renderer or electron.',
    }),
  },
)
