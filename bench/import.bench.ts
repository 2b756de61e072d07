// Benchmark: import throughput (files and MLLP), and worklist / full-text query time on 100,000 reports. Prints figures.
// Run: npm run build && npx vite-node bench/import.bench.ts -- [--messages 10000] [--reports 100000]
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { importBatch, expandPaths, readSources } from '../src/main/ingest/pipeline'
import { startMllpListener } from '../src/main/ingest/mllpListener'
import { silentLogger } from '../src/main/log'
import { builtEntries, createServices } from '../src/main/services'
import { listReports } from '../src/main/store/reportRead'
import { oru } from '../test/helpers/hl7'
import { REPO_ROOT } from '../scripts/make-test-models'

const { values } = parseArgs({ options: { messages: { type: 'string', default: '10000' }, reports: { type: 'string', default: '100000' } } })
const MESSAGES = Number(values.messages)
const REPORTS = Number(values.reports)
const FAMILIES = ['Lindqvist', 'Okafor', 'Tanaka', 'Moreau', 'Nowak', 'Silva', 'Haddad', 'Kowalski', 'Ivanova', 'Brennan']

let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`
const message = (i: number, prefix: string) =>
  oru({ controlId: `${prefix}${i}`, mrn: `M${i % 5000}`, family: FAMILIES[i % FAMILIES.length], given: `P${i % 97}`, obxCount: 10, observedAt: `2026${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}0830${String(i % 60).padStart(2, '0')}` })

async function fromFiles(dataDir: string) {
  const inbox = join(dataDir, 'inbox')
  mkdirSync(inbox, { recursive: true })
  const perFile = 100
  for (let f = 0; f < MESSAGES / perFile; f++) {
    writeFileSync(join(inbox, `batch-${String(f).padStart(4, '0')}.hl7`), Array.from({ length: perFile }, (_, k) => message(f * perFile + k, 'F')).join(''))
  }
  // As the app runs it: batch imports parse on the built worker thread (npm run build), else in-thread.
  const { parseWorkerPath } = builtEntries(join(REPO_ROOT, 'out', 'main'))
  const services = createServices({ dataDir, version: 'bench', runtime: 'node', logger: silentLogger, ...(existsSync(parseWorkerPath) ? { parseWorkerPath } : {}) })
  console.log(`parsing: ${services.parser.usesWorker ? 'on the worker thread' : "in-thread (run 'npm run build' for the worker)"}`)
  peakRss = 0
  const t0 = performance.now()
  const files = await expandPaths([inbox])
  const s = await importBatch(services, readSources(files), { actor: 'bench' })
  const secs = (performance.now() - t0) / 1000
  console.log(`files: ${s.imported} messages (${files.length} files × ${perFile}, 10 OBX each) in ${secs.toFixed(2)} s = ${(s.imported / secs).toFixed(0)} messages/s; peak RSS ${mb(peakRss)} (target ≥ 2000/s)`)
  return services
}

async function overMllp(services: ReturnType<typeof createServices>) {
  const listener = await startMllpListener(services, { port: 0 })
  const connections = 4
  const per = Math.floor(MESSAGES / connections)
  peakRss = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      const sock = connect({ host: '127.0.0.1', port: listener.port })
      await new Promise((r) => sock.once('connect', r))
      let pending: (() => void) | null = null
      sock.on('data', (d: Buffer) => {
        if (d.includes(0x1c)) pending?.()
      })
      // Like a real sender: wait for each ACK before sending the next message.
      for (let i = 0; i < per; i++) {
        const done = new Promise<void>((r) => (pending = r))
        sock.write(Buffer.concat([Buffer.from([0x0b]), Buffer.from(message(c * per + i, `N${c}-`)), Buffer.from([0x1c, 0x0d])]))
        await done
      }
      sock.end()
    }),
  )
  const secs = (performance.now() - t0) / 1000
  console.log(`mllp: ${connections * per} messages over ${connections} connections, ACK after commit each, in ${secs.toFixed(2)} s = ${((connections * per) / secs).toFixed(0)} messages/s; peak RSS ${mb(peakRss)} (target ≥ 1000/s)`)
  await listener.close()
}

async function queries(services: ReturnType<typeof createServices>) {
  const have = (services.db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n
  const missing = Math.max(0, REPORTS - have)
  const t0 = performance.now()
  const gen = function* () {
    for (let i = 0; i < missing; i++) {
      const kind = i % 3
      const results = kind === 0 ? undefined : [{ code: kind === 1 ? '8867-4' : '59408-5', display: kind === 1 ? 'Heart rate' : 'SpO2', value: '72', unit: kind === 1 ? '/min' : '%', range: '' }]
      yield { name: `q${i}`, origin: 'bench', bytes: new TextEncoder().encode(oru({ controlId: `Q${i}`, mrn: `Q${i % 20000}`, family: FAMILIES[i % 10], given: `G${i % 89}`, obxCount: 3, results, observedAt: `2025${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}1200${String(i % 60).padStart(2, '0')}` })) }
    }
  }
  await importBatch(services, gen(), { actor: 'bench' })
  console.log(`filled the store to ${REPORTS} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const time = (label: string, fn: () => unknown) => {
    fn() // warm the statement cache and pages
    const runs = 20
    const t = performance.now()
    for (let i = 0; i < runs; i++) fn()
    console.log(`${label}: ${((performance.now() - t) / runs).toFixed(1)} ms (target < 50 ms)`)
  }
  time('worklist first page (200, kind=ecg, critical first then newest) with total count', () => listReports(services.db, { kinds: ['ecg'], sort: 'triage', offset: 0, limit: 200 }))
  time('worklist first page (200, critical first, no filter) with total count', () => listReports(services.db, { sort: 'triage', offset: 0, limit: 200 }))
  time('full-text search "okafor" first page with total count', () => listReports(services.db, { search: 'okafor', sort: 'triage', offset: 0, limit: 200 }))
  time('full-text search "lindq g12" first page with total count', () => listReports(services.db, { search: 'lindq g12', sort: 'triage', offset: 0, limit: 200 }))
}

async function main() {
  const dataDir = join(tmpdir(), `readout-bench-${process.pid}`)
  try {
    const services = await fromFiles(dataDir)
    await overMllp(services)
    await queries(services)
    services.close()
  } finally {
    clearInterval(sampler)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

void main()
