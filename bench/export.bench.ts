// Benchmark: the training-data export of N synthetic signed items in all six formats, de-identified and residual-scanned.
// Prints time, items per second and peak RSS (sampled during the run, after a warm-up export of a tenth as many items,
// so "memory flat" can be read from peak RSS at N/10 against N).
// Run: npx vite-node bench/export.bench.ts -- [--items 50000] [--zip]
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { mkdtempSync } from 'node:fs'
import { EXPORT_FORMATS } from '../src/main/export/formats'
import { DEFAULT_RATIOS } from '../src/main/export/hygiene/split'
import { runExport } from '../src/main/export/pipeline'
import { openDatabase } from '../src/main/store/db'
import { seedPatients, syntheticSource } from '../test/helpers/exportItems'

const { values } = parseArgs({ options: { items: { type: 'string', default: '50000' }, zip: { type: 'boolean', default: false }, patients: { type: 'string', default: '10000' } } })
const ITEMS = Number(values.items)
const PATIENTS = Number(values.patients)

const dir = mkdtempSync(join(tmpdir(), 'readout-export-bench-'))
const db = openDatabase(join(dir, 'readout.db'))
seedPatients(db, PATIENTS)
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`

async function run(n: number, name: string) {
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const started = performance.now()
  const phases: Record<string, number> = {}
  let phaseAt = started
  let phase = 'reading'
  const r = await runExport(db, syntheticSource(n, { plant: true, patientOf: (i) => (i % PATIENTS) + 1 }), {
    formats: [...EXPORT_FORMATS],
    outDir: join(dir, name),
    seed: 1,
    ratios: DEFAULT_RATIOS,
    sinceExportId: null,
    filters: {},
    deidentify: true,
    minimumPerCondition: 300,
    contextSize: 8192,
    zip: values.zip,
    actor: 'bench',
    appVersion: 'bench',
    onProgress: (p) => {
      if (p.phase !== phase) {
        phases[phase] = performance.now() - phaseAt
        phaseAt = performance.now()
        phase = p.phase
      }
    },
  })
  phases[phase] = performance.now() - phaseAt
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  const s = (performance.now() - started) / 1000
  console.log(
    `${n} items → ${r.items} items, ${r.rows.sft + r.rows.preference + r.rows.unpaired} rows, ${EXPORT_FORMATS.length} formats${values.zip ? ' + zip' : ''}: ` +
      `${s.toFixed(1)} s (${Math.round(n / s)} items/s), peak RSS ${mb(peak)}; phases ${Object.entries(phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}`,
  )
}

try {
  await run(Math.max(1, Math.round(ITEMS / 10)), 'warm')
  await run(ITEMS, 'full')
} finally {
  db.close()
  rmSync(dir, { recursive: true, force: true })
}
