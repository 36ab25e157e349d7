// `npm run soak [-- --runs 2000] [--seed 1] [--pg postgres://user@host:port]`
//
// The sync fault runs of the test suite, many more of them: each run is a
// station syncing through refused connections, cut answers, 500s, duplicate
// deliveries and station deaths, checked for exactly-once afterwards. Against
// the embedded SQLite server by default, or a PostgreSQL cluster given by URL
// (a fresh database is created in it). Prints a summary; exits 1 on the first
// failing seed, which can be replayed with --seed N --runs 1.
import { parseArgs } from 'node:util'
import { FAULTS, faultRun, type Fault } from '../tests/support/faults'
import { startCentral } from '../tests/support/central'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '100000' },
    pg: { type: 'string' },
  },
})
const runs = Number(values.runs)
const first = Number(values.seed)
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(first)) {
  console.error('--runs and --seed must be whole numbers')
  process.exit(2)
}

const central = await startCentral(values.pg ? 'pg' : 'sqlite', values.pg ?? '', {
  LOKET_ENROL_RATE_LIMIT: '10000000',
  LOKET_RATE_LIMIT: '10000000',
})
const totals = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>
let events = 0
let restarts = 0
const started = Date.now()
try {
  for (let i = 0; i < runs; i++) {
    const r = await faultRun(central, first + i)
    events += r.events
    restarts += r.restarts
    for (const f of FAULTS) totals[f] += r.faults[f]
    if ((i + 1) % 100 === 0 || i + 1 === runs) {
      process.stdout.write(
        `\r${i + 1}/${runs} runs, ${events} events, ${restarts} station restarts`,
      )
    }
  }
  console.log(`\nAll ${runs} runs exactly once in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
  console.log('Requests by fault:', totals)
} catch (err) {
  console.error(`\n${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await central.close()
}
