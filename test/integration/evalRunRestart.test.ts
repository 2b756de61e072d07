// A long-running host (the app, `readout serve`) continues an evaluation run that was drafting when it stopped: services
// closed part-way leave the run 'running'; services opened again with runsQueue finish it. Generated test models.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { makeTestModels } from '../../scripts/make-test-models'
import { createEvalRun } from '../../src/main/eval/run/createRun'
import { handlers } from '../../src/main/handlers'
import { silentLogger } from '../../src/main/log'
import { createServices, type Services } from '../../src/main/services'
import { getReport } from '../../src/main/store/reportRead'
import { createDispatch } from '../../src/main/transport/dispatch'
import { evalReportHl7, signDirect, signedContent } from '../helpers/evalSet'
import { makeTempDir, TEST_CTX, TEST_USER } from '../helpers/services'

const dir = makeTempDir('readout-eval-restart-')
const dataDir = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const open = (runsQueue: boolean) => createServices({ dataDir, version: 'test', runtime: 'node', logger: silentLogger, runsQueue })
async function call<T>(s: Services, method: string, input: unknown): Promise<T> {
  const r = await createDispatch(handlers, s)(method, input, TEST_CTX)
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
  return r.value as T
}
const stored = (s: Services) => (s.db.prepare('SELECT count(*) AS n FROM eval_results').get() as { n: number }).n

describe('an evaluation run across a restart', () => {
  it('continues where it stopped when a long-running host starts', async () => {
    const models = await makeTestModels({ outDir: join(dir, 'models') })
    let s = open(false)
    const files = [0, 1, 2].map((i) => ({ name: `r${i}.hl7`, contentBase64: Buffer.from(evalReportHl7(i)).toString('base64') }))
    const ids = (await call<{ results: { reportIds: number[] }[] }>(s, 'import.files', { files })).results.flatMap((r) => r.reportIds)
    for (const id of ids) signDirect(s.db, id, signedContent(getReport(s.db, id)!), TEST_USER)
    const base = await call<{ id: number }>(s, 'models.add', { path: models.base })
    const adapter = await call<{ id: number }>(s, 'models.add', { path: models.adapter })
    await call(s, 'models.configure', { threads: 1, parallelism: 1 })
    const { runId } = createEvalRun(s.db, { baseline: String(base.id), candidates: [`${base.id}+${adapter.id}:1`], set: 'all' }, { id: 0, name: 'tester' }, new Date().toISOString())
    void s.evalRuns.start(runId)
    while (stored(s) === 0) await new Promise((r) => setTimeout(r, 50))
    s.close()

    s = open(false)
    const before = stored(s)
    expect(before).toBeLessThan(6)
    expect((s.db.prepare('SELECT state FROM eval_runs WHERE id = ?').get(runId) as { state: string }).state).toBe('running')
    s.close()

    // runsQueue: the host resumes it on its own.
    s = open(true)
    try {
      expect(s.evalRuns.isActive(runId)).toBe(true)
      await s.evalRuns.wait(runId)
      expect(s.db.prepare('SELECT state, gate_pass FROM eval_runs WHERE id = ?').get(runId)).toEqual({ state: 'done', gate_pass: 0 })
      expect(stored(s)).toBe(6)
    } finally {
      s.close()
    }
  }, 400_000)
})
