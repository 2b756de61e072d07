// Benchmark: the evaluation's own work: paired bootstrap (10,000 resamples over 5,000 reports), tests, per-report metrics. Prints figures.
// Run: npx vite-node bench/eval.bench.ts -- [--reports 5000] [--resamples 10000]   (target: bootstrap < 2 s; metrics ≪ a draft's time)
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import type { InterpretationDraft } from '../src/shared/domain/interpretation'
import { checkEvidence } from '../src/main/llm/evidence'
import { labReport } from '../src/main/llm/prompt/testSupport'
import { comparePaired } from '../src/main/eval/compare'
import { loadDefaultGate } from '../src/main/eval/gate/defaultGate'
import { evaluateGate } from '../src/main/eval/gate/evaluateGate'
import { METRIC_NAMES } from '../src/main/eval/metricDefinitions'
import { reportMetrics } from '../src/main/eval/reportMetrics'
import { pairedBootstrap } from '../src/main/eval/stats/bootstrap'
import { mcnemarPaired } from '../src/main/eval/stats/mcnemar'
import { createPrng } from '../src/main/eval/stats/prng'
import { pairedRandomisation } from '../src/main/eval/stats/randomisation'
import { compareSubgroups, type SubgroupFacts } from '../src/main/eval/subgroups'
import { metricsRow } from '../src/main/eval/testSupport'

const { values } = parseArgs({ options: { reports: { type: 'string', default: '5000' }, resamples: { type: 'string', default: '10000' } } })
const N = Number(values.reports)
const R = Number(values.resamples)

// Wall time and this process's CPU time: on a shared machine the wall time includes waiting for a core, the CPU time does not.
function time<T>(label: string, f: () => T, repeat = 3): T {
  let best = Infinity
  let bestCpu = Infinity
  let out: T | undefined
  for (let i = 0; i < repeat; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    out = f()
    best = Math.min(best, performance.now() - t0)
    const c = process.cpuUsage(c0)
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000)
  }
  console.log(`${label.padEnd(72)} ${best.toFixed(0).padStart(7)} ms wall ${bestCpu.toFixed(0).padStart(7)} ms CPU (best of ${repeat})`)
  return out as T
}

// Synthetic per-report outcomes with realistic rates: 2% missed criticals, 15% evidence failures, F1 around 0.8.
const rng = createPrng(2026)
const rowsFor = (shift: number) =>
  Array.from({ length: N }, (_, i) =>
    metricsRow(i + 1, {
      missed: rng.next() < 0.02 + shift ? 1 : 0,
      evidenceFailure: rng.next() < 0.15 + shift,
      f1: Math.min(1, Math.max(0, 0.8 - shift + (rng.next() - 0.5) * 0.4)),
      corrections: [1 + rng.below(3), rng.below(2), rng.below(2)],
    }),
  )
const baseline = rowsFor(0)
const candidate = rowsFor(0.01)
const f1a = baseline.map((m) => m.findings.f1)
const f1b = candidate.map((m) => m.findings.f1)

console.log(`evaluation bench: ${N} paired reports, ${R} resamples; node ${process.version}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`)
time(`bootstrap, 1 metric (finding F1), ${R} × ${N}`, () => pairedBootstrap([{ a: f1a, b: f1b }], { seed: 1, resamples: R }))
time(`bootstrap, the default gate's 3 metrics from the same resamples`, () =>
  pairedBootstrap(
    [
      { a: baseline.map((m) => m.missedCriticalIds.length), b: candidate.map((m) => m.missedCriticalIds.length) },
      { a: baseline.map((m) => Number(m.evidenceFailure)), b: candidate.map((m) => Number(m.evidenceFailure)) },
      { a: f1a, b: f1b },
    ],
    { seed: 1, resamples: R },
  ),
)
time(`McNemar exact, ${N} pairs`, () => mcnemarPaired(baseline.map((m) => m.evidenceFailure), candidate.map((m) => m.evidenceFailure)))
time(`approximate randomisation, 10,000 rounds × ${N}`, () => pairedRandomisation({ a: f1a, b: f1b }, { seed: 1, rounds: 10_000 }), 1)
time(`release gate (default file: bootstrap + tests for its 3 metrics)`, () => evaluateGate(loadDefaultGate(), baseline, candidate), 1)
time(`full comparison, all ${METRIC_NAMES.length} metrics (bootstrap + a test each)`, () => comparePaired(baseline, candidate, { seed: 1, resamples: R }), 1)
const kinds = ['lab', 'ecg', 'cgm', 'bp']
const facts = new Map<number, SubgroupFacts>(baseline.map((m, i) => [m.reportId, { kind: kinds[i % 4]!, ageBand: ['18–39', '40–64', '65–79'][i % 3]!, sex: i % 2 ? 'female' : 'male', deviceModel: `Model ${i % 7}` }]))
time(`subgroups (kind, age band, sex, device: 16 groups), 2,000 resamples each`, () => compareSubgroups(baseline, candidate, facts, { seed: 1, resamples: 2000, rounds: 2000 }), 1)

// Per-report metrics on a realistic lab report: evidence check, alignment, error kinds, ROUGE-L, chrF.
const report = labReport()
const signed: InterpretationDraft = {
  summary: 'Critical hyperkalaemia: potassium 6.8 mmol/L, above the critical limit of 6.2 mmol/L; glucose is raised at 13.9 mmol/L.',
  findings: [
    { statement: 'Potassium 6.8 mmol/L is above the critical limit 6.2 mmol/L and the reference range 3.5 to 5.1 mmol/L.', severity: 'critical', evidence: ['O1', 'F1'], recommendation: 'Repeat potassium within 1 hour on a non-haemolysed sample.' },
    { statement: 'Glucose 250 mg/dL (13.9 mmol/L) is above the reference range.', severity: 'abnormal', evidence: ['O3', 'F2'], recommendation: null },
    { statement: 'Sodium 138 mmol/L is within the reference range.', severity: 'normal', evidence: ['O2'], recommendation: null },
  ],
  overall_severity: 'critical',
  comparison_with_prior: null,
  limitations: 'The sample was slightly haemolysed, which can raise potassium.',
}
const draftText = JSON.stringify({
  ...signed,
  summary: 'Potassium is critically high at 6.8 mmol/L; glucose raised.',
  findings: [signed.findings[0], { ...signed.findings[1], severity: 'critical' }, { statement: 'Sodium 138.4 mmol/L normal.', severity: 'normal', evidence: ['O2'], recommendation: null }],
})
const per = 2000
const c0 = process.cpuUsage()
const t0 = performance.now()
for (let i = 0; i < per; i++) reportMetrics({ report, priorReports: [], output: draftText, reference: signed })
const perReportMs = (performance.now() - t0) / per
const cpu = process.cpuUsage(c0)
const perReportCpuMs = (cpu.user + cpu.system) / 1000 / per
const c1 = process.cpuUsage()
const draft = JSON.parse(draftText) as InterpretationDraft
for (let i = 0; i < per; i++) checkEvidence(draft, report, { priorReports: [] })
const c2 = process.cpuUsage(c1)
console.log(`${'per-report metrics (parse, evidence check, alignment, errors, ROUGE-L, chrF)'.padEnd(72)} ${perReportMs.toFixed(2).padStart(7)} ms wall ${perReportCpuMs.toFixed(2).padStart(7)} ms CPU per report`)
console.log(`${'  of which the evidence check alone'.padEnd(72)} ${''.padStart(15)} ${((c2.user + c2.system) / 1000 / per).toFixed(2).padStart(7)} ms CPU per report`)
console.log(`  a draft of this report takes seconds on a CPU (see bench/llm.bench.ts): at 1 s per draft the metrics add ${((perReportCpuMs / 1000) * 100).toFixed(2)}%`)
