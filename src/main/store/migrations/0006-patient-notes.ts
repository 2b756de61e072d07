// Migration 6: clinicians' notes on a patient. Append-only: a note entered in error is retracted (kept, marked), so
// what a draft's prompt contained can always be traced back to the note.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE patient_notes (
      id INTEGER PRIMARY KEY,
      patient_id INTEGER NOT NULL REFERENCES patients(id),
      text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
      author TEXT NOT NULL,
      created_at TEXT NOT NULL,
      retracted_at TEXT,
      retracted_by TEXT,
      CHECK ((retracted_at IS NULL) = (retracted_by IS NULL))
    ) STRICT;
    CREATE INDEX patient_notes_patient ON patient_notes (patient_id, id);
  `)
}
