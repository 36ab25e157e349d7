// Runs the whole Vitest suite with the clock of the process tree moved (Debian's
// faketime, LD_PRELOAD): 400 days ahead and 60 days back. A suite that passes only
// near one date fails here.
import { spawnSync } from 'node:child_process'

const OFFSETS = [
  { spec: '+400d', days: 400 },
  { spec: '-60d', days: -60 },
]
const DAY_MS = 86_400_000

if (spawnSync('faketime', ['--version'], { stdio: 'ignore' }).error) {
  console.error(
    'test:dates needs faketime, which moves the clock of a process tree: on Debian or Ubuntu, apt-get install faketime.',
  )
  process.exit(1)
}

for (const { spec, days } of OFFSETS) {
  // First make sure the clock really moves, or the run would prove nothing.
  const probe = spawnSync(
    'faketime',
    ['-f', spec, process.execPath, '-e', 'console.log(Date.now())'],
    {
      encoding: 'utf8',
    },
  )
  const moved = (Number(probe.stdout.trim()) - Date.now()) / DAY_MS
  if (!Number.isFinite(moved) || Math.abs(moved - days) > 1) {
    console.error(`faketime ${spec} did not move the clock (moved ${moved} days): ${probe.stderr}`)
    process.exit(1)
  }
  console.log(
    `\n== Vitest with the clock moved ${spec} (${new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10)}) ==`,
  )
  // The fault runs soak nothing new here: a quarter of them shows they keep to no date.
  const run = spawnSync('faketime', ['-f', spec, 'npx', 'vitest', 'run'], {
    stdio: 'inherit',
    env: { ...process.env, LOKET_FAULT_RUNS_SCALE: '0.25' },
  })
  if (run.status !== 0) {
    console.error(`The suite failed with the clock moved ${spec}.`)
    process.exit(run.status ?? 1)
  }
}
console.log('\nThe suite passed with the clock moved 400 days ahead and 60 days back.')
