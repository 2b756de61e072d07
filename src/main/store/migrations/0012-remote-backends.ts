// Migration 12: remote inference backends (OpenAI-compatible servers) and the active configuration's choice of one.
// API keys are not stored here: they live in the OS secure storage or a file only the user can read (remote/secrets).
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE remote_backends (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('llama-server', 'vllm', 'azure-openai', 'openai')),
      base_url TEXT NOT NULL,
      model TEXT NOT NULL,
      adapter_map TEXT NOT NULL,          -- JSON: registered adapter id -> the server's name for it
      ca_bundle_path TEXT,
      allow_insecure_http INTEGER NOT NULL CHECK (allow_insecure_http IN (0, 1)),
      api_key_hint TEXT,                  -- last four characters of the stored key, for the admin to recognise it
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    -- null: drafts come from the local engine (the default); otherwise from this remote backend.
    ALTER TABLE llm_config ADD COLUMN remote_backend_id INTEGER REFERENCES remote_backends(id);
  `)
}
