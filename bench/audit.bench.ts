// Benchmark: the audit log's verification time (start-up and audit.verify) by log size, and appends per second with the
// anchor kept up to date versus without. Prints figures.
// Run: npx vite-node bench/audit.bench.ts -- [--rows 100000]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { silentLogger } from '../src/main/log'
import { createServices } from '../src/main/services'
import { appendAudit } from '../src/main/store/audit'
import { openDatabase } from '../src/main/store/db'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } })
const ROWS = Number(values.rows)
const dataDir = mkdtempSync(join(tmpdir(), 'readout-audit-bench-'))

try {
  // Bulk rows as a busy site writes them: views, imports, drafts, with ids in the details.
  const db = openDatabase(join(dataDir, 'readout.db'))
  const t0 = performance.now()
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      appendAudit(db, { actor: `user${i % 40}`, action: i % 3 ? 'report.viewed' : 'interpretation.generated', entityType: 'report', entityId: i, details: { interpretationId: i, base: { id: 1, sha256: 'a'.repeat(64) } } })
    }
  })()
  console.log(`wrote ${ROWS} audit rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  db.close()

  const services = createServices({ dataDir, version: 'bench', runtime: 'node', logger: silentLogger })
  for (let run = 0; run < 3; run++) {
    const v0 = performance.now()
    const v = await services.audit.verify()
    console.log(`verify ${v.checked} rows (ok=${v.ok}): ${(performance.now() - v0).toFixed(0)} ms`)
  }

  // One append per committed transaction, as handlers do (synchronous=FULL): with the anchor keeper on this connection.
  const N = 300
  let a0 = performance.now()
  for (let i = 0; i < N; i++) appendAudit(services.db, { actor: 'bench', action: 'settings.set' })
  services.audit.flush()
  const withKeeper = (performance.now() - a0) / N
  services.close()

  const raw = openDatabase(join(dataDir, 'readout.db'))
  a0 = performance.now()
  for (let i = 0; i < N; i++) appendAudit(raw, { actor: 'bench', action: 'settings.set' })
  const without = (performance.now() - a0) / N
  raw.close()
  console.log(`append (own transaction, synchronous=FULL): ${withKeeper.toFixed(2)} ms with the anchor kept, ${without.toFixed(2)} ms without`)
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
