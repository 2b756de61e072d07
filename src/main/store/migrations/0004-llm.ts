// Migration 4: model registry, the active model configuration, interpretations with provenance, the batch queue.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- sha256 of large model files, reused while the file's size and mtime are unchanged.
    CREATE TABLE file_fingerprints (
      path TEXT PRIMARY KEY,
      size INTEGER NOT NULL,
      mtime_ms REAL NOT NULL,
      sha256 TEXT NOT NULL
    ) STRICT;

    CREATE TABLE models (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('base', 'adapter')),
      path TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      size INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      architecture TEXT NOT NULL,
      parameter_count INTEGER NOT NULL,
      quantisation TEXT NOT NULL,
      context_length INTEGER,
      has_chat_template INTEGER NOT NULL CHECK (has_chat_template IN (0, 1)),
      adapter_alpha REAL,
      metadata TEXT NOT NULL,         -- JSON: the inspected facts shown on the Models page
      added_at TEXT NOT NULL
    ) STRICT;

    -- The active configuration: one row. Adapters are a JSON array of {modelId, scale}.
    CREATE TABLE llm_config (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      base_model_id INTEGER REFERENCES models(id),
      adapters TEXT NOT NULL,
      threads INTEGER,                -- null: automatic (the number of cores)
      gpu_layers INTEGER,             -- null: automatic
      parallelism INTEGER NOT NULL,
      temperature REAL NOT NULL,
      seed INTEGER NOT NULL,
      max_tokens INTEGER NOT NULL,
      timeout_s INTEGER NOT NULL,
      prompt_template TEXT,           -- null: the shipped default template
      updated_at TEXT NOT NULL
    ) STRICT;
    INSERT INTO llm_config (id, adapters, parallelism, temperature, seed, max_tokens, timeout_s, updated_at)
      VALUES (1, '[]', 2, 0, 42, 1024, 300, '1970-01-01T00:00:00.000Z');

    -- Drafts are never overwritten: each generation is a new row with its full provenance.
    CREATE TABLE interpretations (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      created_at TEXT NOT NULL,
      draft TEXT NOT NULL,            -- JSON, validated against the interpretation schema
      raw_output TEXT NOT NULL,
      prompt TEXT NOT NULL,           -- exactly what the model was given
      provenance TEXT NOT NULL,       -- JSON: model and adapter fingerprints, template hash, sampling, timings
      evidence_check TEXT NOT NULL,   -- JSON: issues found by the evidence check
      standing TEXT NOT NULL CHECK (standing IN ('verified', 'issues', 'contradiction'))
    ) STRICT;
    CREATE INDEX interpretations_report ON interpretations(report_id, id);

    CREATE TABLE interpretation_jobs (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      enqueued_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      interpretation_id INTEGER REFERENCES interpretations(id)
    ) STRICT;
    -- A report waits in the queue at most once.
    CREATE UNIQUE INDEX interpretation_jobs_pending ON interpretation_jobs(report_id) WHERE state IN ('queued', 'running');
    CREATE INDEX interpretation_jobs_state ON interpretation_jobs(state, id);

    -- The latest interpretation's standing, for the worklist.
    ALTER TABLE reports ADD COLUMN interpretation_standing TEXT;
  `)
}
