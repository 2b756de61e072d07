// Benchmark: the training-data export of N synthetic signed items in all six formats, de-identified and residual-scanned.
// Prints time, items per second and peak RSS (sampled during the run, after a warm-up export of a tenth as many items,
// so "memory flat" can be read from peak RSS at N/10 against N).
// Items: the engine's prompts already hold no known identifier (src/main/llm/prompt/privacy.ts), so by default 2 % of
// items carry identifiers planted in every field (prompt, PDF text, notes, targets, device model); --planted-share 1 is
// the worst case. Token lengths are counted with a model's tokenizer (vocabulary only, as the app does), by default the
// generated test base model (npm run make-test-models); tokenizing is reported on its own line (texts, tokens/s, share
// of the run). --model PATH uses another GGUF's vocabulary, --estimate the characters ÷ 3 estimate.
// The rows are written as the app writes them: on the export worker thread (npm run build) with its heap capped at
// --heap-mb (the app: 384); --in-process writes them on this thread instead, with the process heap.
// Run: NODE_OPTIONS=--expose-gc npx vite-node bench/export.bench.ts -- [--items 50000] [--planted-share 0.02] [--zip] [--model PATH | --estimate] [--in-process] [--heap-mb 384]
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { existsSync, mkdtempSync } from 'node:fs'
import { loadavg } from 'node:os'
import { EXPORT_FORMATS } from '../src/main/export/formats'
import { DEFAULT_RATIOS } from '../src/main/export/hygiene/split'
import { runExport } from '../src/main/export/pipeline'
import { openCounterFrom, type TokenizerSpec } from '../src/main/export/tokens/modelTokenizer'
import { builtEntries } from '../src/main/services'
import type { ExportItem, ExportPrompt } from '../src/main/export/types'
import { renderChatPrompt } from '../src/main/llm/prompt'
import { readChatTemplate } from '../src/main/llm/registry/chatTemplate'
import { openDatabase } from '../src/main/store/db'
import { seedPatients, syntheticSource } from '../test/helpers/exportItems'

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '50000' },
    zip: { type: 'boolean', default: false },
    patients: { type: 'string', default: '10000' },
    'planted-share': { type: 'string', default: '0.02' },
    model: { type: 'string', default: join('.cache', 'test-models', 'readout-test-base.gguf') },
    estimate: { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
    'heap-mb': { type: 'string', default: '384' },
  },
})
if (!values.estimate && !existsSync(values.model)) throw new Error(`No model at ${values.model}: run npm run make-test-models, give --model PATH, or --estimate.`)
const PLANT_EVERY = Math.max(1, Math.round(1 / Math.max(1e-9, Number(values['planted-share']))))
const ITEMS = Number(values.items)
const PATIENTS = Number(values.patients)

const dir = mkdtempSync(join(tmpdir(), 'readout-export-bench-'))
const db = openDatabase(join(dir, 'readout.db'))
seedPatients(db, PATIENTS)
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`

const spec: TokenizerSpec = values.estimate ? { kind: 'estimate', reason: '--estimate' } : { kind: 'model', path: values.model, of: values.model }
// As the app runs it: the rows written on the export worker thread (built by npm run build) with its heap capped;
// --in-process writes them on this thread, with this process's heap (whatever --max-old-space-size says).
const WORKER = builtEntries(resolve('out', 'main')).exportWorkerPath
if (!values['in-process'] && !existsSync(WORKER)) throw new Error(`No export worker at ${WORKER}: run npm run build, or give --in-process.`)
const thread = values['in-process'] ? null : { workerPath: WORKER, heapMb: Number(values['heap-mb']), tokenizer: spec }

/**
 * The synthetic prompts rendered with the model's own chat template (the test model's is ChatML), as drafts are: the
 * template is rendered once around two markers, and each item's messages are put in their places.
 */
const shape = await (async () => {
  if (values.estimate) return null
  const chat = await readChatTemplate(values.model, 'bench')
  if (!chat) return null
  const [open, middle, close] = renderChatPrompt(chat, [
    { role: 'system', content: '\u0000' },
    { role: 'user', content: '\u0000' },
  ]).split('\u0000')
  return { open: open ?? '', middle: middle ?? '', close: close ?? '' }
})()

function asModelSees(item: ExportItem): ExportItem {
  if (!shape) return item
  const render = (p: ExportPrompt): ExportPrompt => ({ ...p, rendered: `${shape.open}${p.system}${shape.middle}${p.user}${shape.close}` })
  return { ...item, draft: item.draft ? { ...item.draft, prompt: render(item.draft.prompt) } : null, builtPrompt: item.builtPrompt ? render(item.builtPrompt) : null }
}

async function run(n: number, name: string) {
  const tokens = thread ? null : await openCounterFrom(spec)
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const started = performance.now()
  const cpu0 = process.cpuUsage()
  const phases: Record<string, number> = {}
  const peaks: Record<string, number> = {}
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
        yield asModelSees(i++ % PLANT_EVERY === 0 ? y.value : x.value)
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
    ...(thread ? { thread } : { tokens: tokens!.counter }),
    actor: 'bench',
    appVersion: 'bench',
    onProgress: (p) => {
      if (p.phase !== phase) {
        peak = Math.max(peak, process.memoryUsage().rss)
        peaks[phase] = peak
        phases[phase] = performance.now() - phaseAt
        phaseAt = performance.now()
        phase = p.phase
      }
    },
  })
  phases[phase] = performance.now() - phaseAt
  clearInterval(sampler)
  console.log('peak RSS at the end of each phase', Object.entries(peaks).map(([k, v]) => `${k} ${mb(v)}`).join(', '))
  await tokens?.close()
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
  const t = r.tokenStats
  const counting = `${(t.ms / 1000).toFixed(2)} s, ${((t.ms / 1000 / s) * 100).toFixed(1)} % of the wall time`
  console.log(
    r.quality.tokens.method === 'estimated'
      ? `  token counting (estimated, hashing and cache only): ${counting}; mean item ${r.quality.tokens.mean} tokens, p95 ${r.quality.tokens.p95}`
      : `  token counting (tokenizer): ${counting}; ${t.tokenized} texts tokenized (${(t.characters / 1e6).toFixed(1)} M characters → ` +
          `${(t.tokens / 1e6).toFixed(2)} M tokens, ${Math.round(t.tokens / Math.max(1e-9, t.ms / 1000)).toLocaleString('en')} tokens/s), ` +
          `${t.cacheHits} of ${t.counted} counts from the cache; mean item ${r.quality.tokens.mean} tokens, p95 ${r.quality.tokens.p95}`,
  )
}

console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1, 5, 15 min) at the start`)
try {
  await run(Math.max(1, Math.round(ITEMS / 10)), 'warm')
  await run(ITEMS, 'full')
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1, 5, 15 min) at the end`)
} finally {
  db.close()
  rmSync(dir, { recursive: true, force: true })
}
