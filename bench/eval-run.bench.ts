// Benchmark: an evaluation run's own work (per-report metrics, storing, the analysis) against the drafting it waits for, with the real engine and the generated test models. Prints figures.
// Run: npx vite-node bench/eval-run.bench.ts -- [--reports 12]   (target: metrics + analysis < 5% of the drafts' time)
import { rmSync, mkdtempSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { makeTestModels } from '../scripts/make-test-models'
import { createEvalRun } from '../src/main/eval/run/createRun'
import { handlers } from '../src/main/handlers'
import { silentLogger } from '../src/main/log'
import { createServices } from '../src/main/services'
import { getReport } from '../src/main/store/reportRead'
import { createDispatch } from '../src/main/transport/dispatch'
import { ROLES } from '../src/shared/domain/roles'
import { evalReportHl7, signDirect, signedContent } from '../test/helpers/evalSet'

const { values } = parseArgs({ options: { reports: { type: 'string', default: '12' } } })
const N = Number(values.reports)

const dir = mkdtempSync(join(tmpdir(), 'readout-eval-run-bench-'))
const services = createServices({ dataDir: join(dir, 'data'), version: 'bench', runtime: 'node', logger: silentLogger })
const user = { id: 1, username: 'bench', displayName: 'Bench', roles: [...ROLES] }
const dispatch = createDispatch(handlers, services)
async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await dispatch(method, input, { actor: 'bench', transport: 'test', user })
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
  return r.value as T
}

try {
  const models = await makeTestModels({ outDir: join(dir, 'models') })
  const files = Array.from({ length: N }, (_, i) => ({ name: `b${i}.hl7`, contentBase64: Buffer.from(evalReportHl7(i)).toString('base64') }))
  const imported = await call<{ results: { reportIds: number[] }[] }>('import.files', { files })
  for (const id of imported.results.flatMap((r) => r.reportIds)) signDirect(services.db, id, signedContent(getReport(services.db, id)!), user)
  const base = await call<{ id: number }>('models.add', { path: models.base })
  const adapter = await call<{ id: number }>('models.add', { path: models.adapter })
  await call('models.configure', { threads: 1, parallelism: 2 })
  const { runId } = createEvalRun(services.db, { baseline: String(base.id), candidates: [`${base.id}+${adapter.id}:1`], set: 'all' }, { id: 1, name: 'bench' }, new Date().toISOString())
  const t0 = performance.now()
  await services.evalRuns.start(runId)
  const wall = performance.now() - t0
  const o = services.evalRuns.lastOverhead
  if (!o) throw new Error('the run did not finish')
  const own = o.metricsMs + o.analysisMs
  console.log(`evaluation run bench: ${N} reports × 2 versions with the generated test models; node ${process.version}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`)
  console.log(`${'drafts (sum of draft wall times)'.padEnd(56)} ${o.draftWallMs.toFixed(0).padStart(8)} ms`)
  console.log(`${'run wall time (drafts on 2 sequences, switching once)'.padEnd(56)} ${wall.toFixed(0).padStart(8)} ms`)
  console.log(`${'per-report metrics (alignment, evidence, scores)'.padEnd(56)} ${o.metricsMs.toFixed(1).padStart(8)} ms`)
  console.log(`${'analysis (bootstrap 10,000, tests, subgroups, gate)'.padEnd(56)} ${o.analysisMs.toFixed(1).padStart(8)} ms`)
  console.log(`${"the run's own work against the drafts' time (target < 5%)".padEnd(56)} ${((own / o.draftWallMs) * 100).toFixed(2).padStart(8)} %`)
  console.log(`${"the run's own work against the run's wall time".padEnd(56)} ${((own / wall) * 100).toFixed(2).padStart(8)} %`)
} finally {
  services.close()
  await new Promise((r) => setTimeout(r, 500))
  rmSync(dir, { recursive: true, force: true })
}
