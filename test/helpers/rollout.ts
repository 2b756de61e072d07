// Rows the rollout tests need without running the machinery behind them: a registered model's row (no file), and a
// finished evaluation run that compared given versions (what a promotion after the first must name).
import type { Database } from 'better-sqlite3'
import { insertModel } from '../../src/main/store/models'

/** The row a registered GGUF file leaves; the file itself is not needed to name it in a version. */
export function insertModelRow(db: Database, kind: 'base' | 'adapter', name: string, sha: string): number {
  return insertModel(db, {
    kind,
    path: `/models/${name}.gguf`,
    name,
    size: 1000,
    sha256: sha.repeat(64),
    architecture: 'llama',
    parameter_count: 1000,
    quantisation: 'F32',
    context_length: 256,
    has_chat_template: 1,
    adapter_alpha: kind === 'adapter' ? 16 : null,
    metadata: '{}',
    added_at: '2026-01-01T00:00:00Z',
  })
}

/** A finished evaluation run that compared `versionIds` (the first as baseline); returns its id. */
export function insertFinishedRun(db: Database, versionIds: readonly number[], by = 'mona'): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO eval_runs (created_at, created_by_id, created_by_name, state, set_spec, gate_text, gate_version, seed, report_count, result)
         VALUES ('2026-01-01T00:00:00Z', 1, ?, 'done', '{}', '', '1', 1, 0, '{}')`,
      )
      .run(by).lastInsertRowid,
  )
  const add = db.prepare('INSERT INTO eval_run_versions (run_id, version_id, role, position) VALUES (?, ?, ?, ?)')
  versionIds.forEach((v, i) => add.run(id, v, i === 0 ? 'baseline' : 'candidate', i))
  return id
}
