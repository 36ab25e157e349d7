import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'

// The layering table of ARCHITECTURE.md is enforced by lint; these prove the rule bites.
const eslint = new ESLint({ cwd: process.cwd() })

async function restrictedImports(file: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: file })
  return (result?.messages ?? []).filter((m) => /no-restricted-imports/.test(m.ruleId ?? '')).length
}

describe('layer imports', () => {
  it.each([
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n"],
    [
      'src/shared/x.ts',
      "import { openStation } from '../core/station'\nexport const a = openStation\n",
    ],
    ['src/core/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src/core/x.ts', "import { ref } from 'vue'\nexport const a = ref\n"],
    [
      'src/renderer/x.ts',
      "import { openStation } from '../core/station'\nexport const a = openStation\n",
    ],
    ['src/renderer/x.ts', "import { join } from 'node:path'\nexport const a = join\n"],
    ['src/renderer/x.ts', "import { ipcRenderer } from 'electron'\nexport const a = ipcRenderer\n"],
    ['src/main/x.ts', "import App from '../renderer/App.vue'\nexport const a = App\n"],
    [
      'src/preload/x.ts',
      "import { openStation } from '../core/station'\nexport const a = openStation\n",
    ],
    ['src/preload/x.ts', "import { api } from '../shared/api'\nexport const a = api\n"],
    ['src/host/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    [
      'src/server/x.ts',
      "import { openStation } from '../core/station'\nexport const a = openStation\n",
    ],
  ])('refuses a forbidden import in %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toBeGreaterThan(0)
  })

  it.each([
    ['src/shared/x.ts', "import { z } from 'zod'\nexport const a = z\n"],
    [
      'src/core/x.ts',
      "import { join } from 'node:path'\nimport { api } from '../shared/api'\nexport const a = [join, api]\n",
    ],
    [
      'src/renderer/x.ts',
      "import { ref } from 'vue'\nimport { api } from '../shared/api'\nexport const a = [ref, api]\n",
    ],
    [
      'src/main/x.ts',
      "import { app } from 'electron'\nimport { openStation } from '../core/station'\nexport const a = [app, openStation]\n",
    ],
    [
      'src/preload/x.ts',
      "import type { LoketBridge } from '../shared/api'\nexport type A = LoketBridge\n",
    ],
    [
      'src/host/x.ts',
      "import { openStation } from '../core/station'\nexport const a = openStation\n",
    ],
  ])('allows a permitted import in %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toBe(0)
  })
})
