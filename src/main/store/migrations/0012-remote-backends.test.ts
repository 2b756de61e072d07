// Migration 12: remote_backends holds one row per server, refuses unknown kinds; llm_config can point at one.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

describe('migration 0012-remote-backends', () => {
  it('creates remote_backends and llm_config.remote_backend_id', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    const at = MIGRATIONS.findIndex((m) => m.name === 'remote-backends')
    expect(at).toBeGreaterThan(0)
    migrate(db, MIGRATIONS.slice(0, at + 1))
    const insert = db.prepare(
      `INSERT INTO remote_backends (name, kind, base_url, model, adapter_map, ca_bundle_path, allow_insecure_http, api_key_hint, created_at, updated_at)
       VALUES (?, ?, 'https://gpu.example.org', 'm', '{}', NULL, 0, NULL, 'x', 'x')`,
    )
    insert.run('gpu', 'llama-server')
    expect(() => insert.run('gpu', 'vllm')).toThrow(/UNIQUE/)
    expect(() => insert.run('other', 'ollama')).toThrow(/CHECK/)
    expect(db.prepare('SELECT remote_backend_id FROM llm_config WHERE id = 1').pluck().get()).toBeNull()
    db.prepare('UPDATE llm_config SET remote_backend_id = 1').run()
    expect(() => db.prepare('UPDATE llm_config SET remote_backend_id = 99').run()).toThrow(/FOREIGN KEY/)
  })
})
