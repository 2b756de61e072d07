// Migration 11: training-data exports: history, which signed versions each holds, frozen patient splits, pseudonyms.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE export_history (
      id INTEGER PRIMARY KEY,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'blocked', 'cancelled', 'interrupted')),
      actor TEXT NOT NULL,
      out_path TEXT NOT NULL,
      params TEXT NOT NULL,           -- JSON: formats, filters, seed, ratios, since, de-identification on/off
      counts TEXT,                    -- JSON: items, rows, dropped by reason (no content)
      content_hash TEXT,              -- sha256 over the files written, in path order
      error TEXT                      -- why it failed or was blocked (row id and category, never the text)
    ) STRICT;

    -- Which signed versions an export holds: "since export N" leaves these out.
    CREATE TABLE export_membership (
      export_id INTEGER NOT NULL REFERENCES export_history(id),
      signed_version_id INTEGER NOT NULL,
      PRIMARY KEY (signed_version_id, export_id)
    ) STRICT, WITHOUT ROWID;

    -- A patient's split, fixed by the first export that placed them: a test patient never reaches later training data.
    CREATE TABLE export_patient_splits (
      patient_id INTEGER PRIMARY KEY REFERENCES patients(id),
      split TEXT NOT NULL CHECK (split IN ('train', 'validation', 'test')),
      assigned_in INTEGER NOT NULL REFERENCES export_history(id),
      assigned_at TEXT NOT NULL
    ) STRICT;

    -- Random pseudonyms, never derived from an identifier. This table stays on this machine: no export writes it.
    CREATE TABLE export_pseudonyms (
      patient_id INTEGER PRIMARY KEY REFERENCES patients(id),
      pseudonym TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL
    ) STRICT;
  `)
}
