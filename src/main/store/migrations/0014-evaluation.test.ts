// Migration 14: model versions with one production and one canary at most, resumable evaluation results, append-only promotions, shadow drafts apart.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

const AT = '2026-03-01T00:00:00.000Z'

function db() {
  const d = new Database(':memory:')
  d.pragma('foreign_keys = ON')
  const self = MIGRATIONS.findIndex((m) => m.name === 'evaluation')
  migrate(d, MIGRATIONS.slice(0, self + 1))
  d.prepare(
    `INSERT INTO models (id, kind, path, name, size, sha256, architecture, parameter_count, quantisation, has_chat_template, metadata, added_at)
     VALUES (1, 'base', '/m/base.gguf', 'base', 1, 'aa', 'llama', 1, 'F16', 1, '{}', ?)`,
  ).run(AT)
  d.prepare("INSERT INTO patients (id, created_at, updated_at) VALUES (1, 'x', 'x')").run()
  d.prepare(
    `INSERT INTO reports (id, patient_id, kind, source_format, received_at, sort_at, status, parse_log, metrics, flag_count, observation_count)
     VALUES (1, 1, 'lab', 'hl7v2', 'x', 'x', 'final', '[]', '{}', 0, 0)`,
  ).run()
  return d
}

function addVersion(d: Database.Database, id: number, state = 'candidate', canary: number | null = null) {
  d.prepare(
    `INSERT INTO model_versions (id, name, base_model_id, adapters, prompt_template_version, sampling, fingerprint, created_at, created_by_id, created_by_name, state, state_changed_at, canary_salt, canary_percent)
     VALUES (?, ?, 1, '[]', 't1', '{}', ?, ?, 1, 'ml', ?, ?, ?, ?)`,
  ).run(id, `v${id}`, `fp${id}`, AT, state, AT, `salt${id}`, canary)
}

describe('migration 0014-evaluation', () => {
  it('allows one production version and one canary, each canary with its share', () => {
    const d = db()
    addVersion(d, 1, 'production')
    addVersion(d, 2, 'canary', 10)
    addVersion(d, 3, 'shadow')
    addVersion(d, 4, 'shadow')
    expect(() => addVersion(d, 5, 'production')).toThrow(/UNIQUE/)
    expect(() => addVersion(d, 6, 'canary', 5)).toThrow(/UNIQUE/)
    expect(() => addVersion(d, 7, 'shadow', 5)).toThrow(/CHECK/) // a share only in canary
    expect(() => addVersion(d, 8, 'canary', null)).toThrow(/UNIQUE|CHECK/)
    expect(() => d.prepare("UPDATE model_versions SET canary_percent = 100 WHERE id = 2").run()).toThrow(/CHECK/)
    expect(() => d.prepare("UPDATE model_versions SET paused_reason = 'x', paused_at = 'x' WHERE id = 3").run()).toThrow(/CHECK/)
    d.prepare("UPDATE model_versions SET paused_reason = 'alert', paused_at = 'x' WHERE id = 2").run()
    expect(() => d.prepare("INSERT INTO model_versions (id, name, base_model_id, adapters, prompt_template_version, sampling, fingerprint, created_at, created_by_id, created_by_name, state_changed_at, canary_salt) VALUES (9, 'again', 1, '[]', 't1', '{}', 'fp1', 'x', 1, 'ml', 'x', 's')").run()).toThrow(/UNIQUE/)
  })

  it('keeps one result per run, version and report, only for the run\'s versions and reports', () => {
    const d = db()
    addVersion(d, 1, 'production')
    addVersion(d, 2)
    d.prepare("INSERT INTO eval_runs (id, created_at, created_by_id, created_by_name, state, set_spec, gate_text, gate_version, seed, report_count) VALUES (1, ?, 1, 'ml', 'running', '{}', 'g', 'g1', 1, 1)").run(AT)
    d.prepare("INSERT INTO eval_run_versions (run_id, version_id, role, position) VALUES (1, 1, 'baseline', 0), (1, 2, 'candidate', 1)").run()
    expect(() => d.prepare("INSERT INTO eval_run_versions (run_id, version_id, role, position) VALUES (1, 3, 'baseline', 2)").run()).toThrow(/UNIQUE|FOREIGN KEY/)
    d.prepare('INSERT INTO eval_run_reports (run_id, report_id, reference_version_id) VALUES (1, 1, 77)').run()
    const add = (version: number, report: number) =>
      d.prepare("INSERT INTO eval_results (run_id, version_id, report_id, created_at, raw_output, provenance, metrics, schema_valid, evidence_failure, missed_critical, finding_f1) VALUES (1, ?, ?, 'x', '{}', '{}', '{}', 1, 0, 0, 0.5)").run(version, report)
    add(1, 1)
    add(2, 1)
    expect(() => add(2, 1)).toThrow(/UNIQUE|PRIMARY KEY/)
    expect(() => add(2, 2)).toThrow(/FOREIGN KEY/) // not one of the run's reports
    // What a resumed run still has to draft: the run's (version, report) pairs without a result.
    const todo = d.prepare('SELECT count(*) AS n FROM eval_run_versions v JOIN eval_run_reports r USING (run_id) LEFT JOIN eval_results e ON e.run_id = v.run_id AND e.version_id = v.version_id AND e.report_id = r.report_id WHERE v.run_id = 1 AND e.run_id IS NULL').get()
    expect(todo).toEqual({ n: 0 })
    expect(() => d.prepare("UPDATE eval_runs SET state = 'done' WHERE id = 1").run()).toThrow(/CHECK/) // done needs its result
  })

  it('keeps promotions append-only and a later promotion tied to its evaluation run', () => {
    const d = db()
    addVersion(d, 1, 'production')
    addVersion(d, 2)
    const promote = (version: number, previous: number | null, run: number | null) =>
      d.prepare("INSERT INTO model_version_promotions (kind, version_id, previous_version_id, eval_run_id, at, user_id, user_name) VALUES ('promote', ?, ?, ?, 'x', 1, 'ml')").run(version, previous, run)
    promote(1, null, null)
    expect(() => promote(2, 1, null)).toThrow(/CHECK/)
    expect(() => d.prepare('UPDATE model_version_promotions SET version_id = 2').run()).toThrow(/append-only/)
    expect(() => d.prepare('DELETE FROM model_version_promotions').run()).toThrow(/append-only/)
  })

  it('stores shadow drafts apart, once per report and version, and links shown drafts to their version', () => {
    const d = db()
    addVersion(d, 1, 'shadow')
    const shadow = () => d.prepare("INSERT INTO shadow_drafts (report_id, version_id, created_at, raw_output, provenance) VALUES (1, 1, 'x', '{}', '{}')").run()
    shadow()
    expect(() => shadow()).toThrow(/UNIQUE/)
    expect(() => d.prepare("UPDATE shadow_drafts SET metrics = '{}'").run()).toThrow(/CHECK/)
    const cols = d.prepare("SELECT name FROM pragma_table_info('interpretations')").all().map((r) => (r as { name: string }).name)
    expect(cols).toContain('model_version_id')
    const plan = (d.prepare('EXPLAIN QUERY PLAN SELECT id FROM interpretations WHERE model_version_id = 1 ORDER BY id DESC LIMIT 50').all() as { detail: string }[]).map((r) => r.detail).join('\n')
    expect(plan).toMatch(/USING (COVERING )?INDEX interpretations_model_version/)
  })
})
