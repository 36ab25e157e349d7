// `npm start`: open the Electron window, or explain clearly why it cannot.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { explainMissingElectron, findElectron } from './electron-check.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const found = findElectron(createRequire(import.meta.url))
if (!found.ok) {
  console.error(`\n${explainMissingElectron(found.reason)}\n`)
  process.exit(1)
}

const child = spawn(join(root, 'node_modules', '.bin', 'electron-vite'), ['dev'], {
  cwd: root,
  stdio: 'inherit',
})
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal))
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
