// `npm start`: open the Electron window through electron-vite's dev mode, or,
// when Electron's program cannot be had, say so plainly and point to the
// browser mode (`npm run web`).
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { constants } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronViteDevCommand, explainMissingElectron, findElectron } from './electron-check.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

// The same require the electron package expects; it downloads the program on first use.
const found = findElectron(createRequire(import.meta.url))
if (!found.ok) {
  console.error(`\n${explainMissingElectron(found.reason)}\n`)
  process.exit(1)
}

const { command, args } = electronViteDevCommand(root, process.platform, process.execPath)
const child = spawn(command, [...args, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  })
}

child.on('error', (err) => {
  console.error(`electron-vite tidak dapat dijalankan / could not be started: ${err.message}`)
  process.exit(1)
})

child.on('exit', (code, signal) => {
  if (code !== null) process.exit(code)
  // Killed by a signal: exit the way shells report it (128 + signal number).
  process.exit(128 + (signal ? (constants.signals[signal] ?? 0) : 0))
})
