import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import boundaries from 'eslint-plugin-boundaries'
import { LAYERS } from './eslint.layers.js'

// The layering table of ARCHITECTURE.md (eslint.layers.js) as allow-lists: an
// import that no entry allows fails `npm run lint`.
const layerNames = Object.keys(LAYERS)

/** @param {keyof typeof LAYERS} name */
function layerPolicy(name) {
  const { layers, typeLayers = [], files = [], bundles = [], packages, node } = LAYERS[name]
  const allow = [{ to: { element: { type: [name, ...layers] } } }]
  if (files.length) allow.push({ to: { file: { path: files } } })
  // The bundler resolves these, not the import resolver: matched as written.
  if (bundles.length) {
    allow.push({ to: { module: { origin: 'local' } }, dependency: { source: bundles } })
  }
  if (typeLayers.length) {
    allow.push({ to: { element: { type: typeLayers } }, dependency: { kind: 'type' } })
  }
  if (packages.length) allow.push({ to: { module: { origin: 'external', source: packages } } })
  if (node) allow.push({ to: { module: { origin: 'core' } } })
  return { from: { element: { type: name } }, allow }
}

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
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layerNames.map((type) => ({
        type,
        pattern: LAYERS[type].folder,
        // From the root: tests/bench is tests, not bench.
        partialMatch: false,
      })),
      // Imports leave out .ts (moduleResolution Bundler); the resolver must find them.
      'import/resolver': { node: { extensions: ['.ts', '.vue', '.js', '.mjs', '.mts'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          // Packages and Node built-ins go through the allow-lists too, and so
          // does a local file outside every layer.
          checkAllOrigins: true,
          checkUnknownLocals: true,
          policies: layerNames.map(layerPolicy),
          message:
            "The {{from.element.type}} layer may not import '{{dependency.source}}': it is not on that layer's allow-list in eslint.layers.js (ARCHITECTURE.md, Layers).",
        },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
)
