// Benchmark: re-evaluating every stored report with the default rules (reports/s, peak memory). Prints figures.
// Run: npx vite-node bench/rules.bench.ts -- [reports]   (default 100000; target ≥ 5,000 reports/s on 2 cores)
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reevaluateAll } from '../src/main/findings/evaluate'
import { importBatch } from '../src/main/ingest/pipeline'
import { silentLogger } from '../src/main/log'
import { createServices } from '../src/main/services'
import { NORMAL_PANEL, oru, type SyntheticResult } from '../test/helpers/hl7'

const REPORTS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 100_000)
const ECG: SyntheticResult[] = [
  { code: '8867-4', display: 'Heart rate', value: '72', unit: '/min', range: '' },
  { code: '8625-6', display: 'PR interval', value: '164', unit: 'ms', range: '' },
  { code: '8633-0', display: 'QRS duration', value: '96', unit: 'ms', range: '' },
  { code: '8636-3', display: 'QTc interval', value: '440', unit: 'ms', range: '' },
]

function message(i: number): string {
  const kind = i % 4
  const mrn = `R${i % 25_000}`
  const observedAt = `2025${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}${String(i % 24).padStart(2, '0')}0000`
  if (kind === 0) return oru({ controlId: `E${i}`, mrn, observedAt, results: ECG.map((r, k) => (k === 3 ? { ...r, value: String(420 + (i % 90)) } : r)) })
  const results = NORMAL_PANEL.slice(0, 8).map((r, k) => (k === 0 ? { ...r, value: (3 + (i % 50) / 10).toFixed(1) } : r))
  return oru({ controlId: `L${i}`, mrn, observedAt, results })
}

async function main() {
  const dataDir = join(tmpdir(), `readout-rules-bench-${process.pid}`)
  const services = createServices({ dataDir, version: 'bench', runtime: 'node', logger: silentLogger })
  try {
    const t0 = performance.now()
    const sources = function* () {
      for (let i = 0; i < REPORTS; i++) yield { name: `m${i}`, origin: 'bench', bytes: new TextEncoder().encode(message(i)) }
    }
    await importBatch(services, sources(), { actor: 'bench' })
    const obs = (services.db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n
    console.log(`stored ${REPORTS} reports (${obs} observations; 1 in 4 an ECG with QTc, prior-ECG look-ups included) in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    let peak = 0
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25)
    const summary = await reevaluateAll(services.db, services.rules.current().compiled, () => {})
    clearInterval(sampler)
    console.log(
      `re-evaluated ${summary.reports} reports (${summary.findings} findings) in ${summary.seconds.toFixed(2)} s = ${(summary.reports / summary.seconds).toFixed(0)} reports/s; peak RSS ${(peak / 1024 / 1024).toFixed(0)} MiB (target ≥ 5000/s)`,
    )
  } finally {
    services.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

void main()
