// Runs the whole Vitest suite with the clock of the process tree moved (Debian's
// faketime, LD_PRELOAD): 400 days ahead and 60 days back. A suite that passes only
// near one date fails here. Each run also lands at a chosen hour: the run ahead in
// the evening (20:30 UTC, already the next day in WIB, WITA and WIT), the run back
// in the morning (02:00 UTC, the same day everywhere), so a test that takes UTC's
// day for a station's fails in one of them whatever hour CI starts.
import { spawnSync } from 'node:child_process'

const DAY_MS = 86_400_000

/** A relative faketime offset (whole seconds) to `days` from now, at the given UTC hour. */
function offsetTo(days, hour, minute) {
  const now = Date.now()
  const target = new Date(now + days * DAY_MS)
  target.setUTCHours(hour, minute, 0, 0)
  const seconds = Math.round((target.getTime() - now) / 1000)
  return { spec: `${seconds >= 0 ? '+' : ''}${seconds}`, days: (target.getTime() - now) / DAY_MS }
}

const OFFSETS = [offsetTo(400, 20, 30), offsetTo(-60, 2, 0)]

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
  if (!Number.isFinite(moved) || Math.abs(moved - days) > 0.01) {
    console.error(`faketime ${spec} did not move the clock (moved ${moved} days): ${probe.stderr}`)
    process.exit(1)
  }
  console.log(
    `\n== Vitest with the clock moved ${spec} s (${new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 16)} UTC) ==`,
  )
  // The fault runs soak nothing new here: a quarter of them shows they keep to no date.
  const run = spawnSync('faketime', ['-f', spec, 'npx', 'vitest', 'run'], {
    stdio: 'inherit',
    env: { ...process.env, LOKET_FAULT_RUNS_SCALE: '0.25' },
  })
  if (run.status !== 0) {
    console.error(`The suite failed with the clock moved ${spec} s.`)
    process.exit(run.status ?? 1)
  }
}
console.log('\nThe suite passed with the clock moved 400 days ahead and 60 days back.')
