// Benchmark: the training-data export of N synthetic signed items in all six formats, de-identified and residual-scanned.
// Prints time, items per second and peak RSS (sampled during the run, after a warm-up export of a tenth as many items,
// so "memory flat" can be read from peak RSS at N/10 against N).
// Items: the engine's prompts already hold no known identifier (src/main/llm/prompt/privacy.ts), so by default 2 % of
// items carry identifiers planted in every field (prompt, PDF text, notes, targets, device model); --planted-share 1 is
// the worst case. Run: NODE_OPTIONS=--expose-gc npx vite-node bench/export.bench.ts -- [--items 50000] [--planted-share 0.02] [--zip]
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

const { values } = parseArgs({
  options: { items: { type: 'string', default: '50000' }, zip: { type: 'boolean', default: false }, patients: { type: 'string', default: '10000' }, 'planted-share': { type: 'string', default: '0.02' } },
})
const PLANT_EVERY = Math.max(1, Math.round(1 / Math.max(1e-9, Number(values['planted-share']))))
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
  const cpu0 = process.cpuUsage()
  const phases: Record<string, number> = {}
  let phaseAt = started
  let phase = 'reading'
  const source = syntheticSource(n, { patientOf: (i) => (i % PATIENTS) + 1 })
  const planted = syntheticSource(n, { plant: true, patientOf: (i) => (i % PATIENTS) + 1 })
  const mixed = {
    *items() {
      let i = 0
      const a = source.items({})[Symbol.iterator]()
      const b = planted.items({})[Symbol.iterator]()
      for (;;) {
        const x = a.next()
        const y = b.next()
        if (x.done || y.done) return
        yield i++ % PLANT_EVERY === 0 ? y.value : x.value
      }
    },
    identifiers: source.identifiers,
  }
  const r = await runExport(db, mixed, {
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
  const cpu = process.cpuUsage(cpu0)
  const cpuS = (cpu.user + cpu.system) / 1e6
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const heap = gc ? `, heap after GC ${mb(process.memoryUsage().heapUsed)}` : ''
  console.log(
    `${n} items → ${r.items} items, ${r.rows.sft + r.rows.preference + r.rows.unpaired} rows, ${EXPORT_FORMATS.length} formats${values.zip ? ' + zip' : ''}: ` +
      `${s.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU (${Math.round(n / s)} items/s), peak RSS ${mb(peak)}${heap}; 1 in ${PLANT_EVERY} items planted; phases ${Object.entries(phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}`,
  )
}

try {
  await run(Math.max(1, Math.round(ITEMS / 10)), 'warm')
  await run(ITEMS, 'full')
} finally {
  db.close()
  rmSync(dir, { recursive: true, force: true })
}
