// Migration 2: patients, reports with their raw sources, observations (with history), statements,
// attachments, quarantine, and a full-text index for the worklist search.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE patients (
      id INTEGER PRIMARY KEY,
      family_name TEXT,
      given_name TEXT,
      birth_date TEXT,
      sex TEXT CHECK (sex IN ('male', 'female', 'other', 'unknown')),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    -- Patients are matched across imports by (assigning authority, identifier).
    CREATE TABLE patient_identifiers (
      id INTEGER PRIMARY KEY,       -- insertion order: the first identifier is the one shown
      authority TEXT NOT NULL,
      value TEXT NOT NULL,
      patient_id INTEGER NOT NULL REFERENCES patients(id),
      UNIQUE (authority, value)
    ) STRICT;
    CREATE INDEX patient_identifiers_patient ON patient_identifiers(patient_id);

    CREATE TABLE reports (
      id INTEGER PRIMARY KEY,
      patient_id INTEGER NOT NULL REFERENCES patients(id),
      kind TEXT NOT NULL CHECK (kind IN ('ecg', 'cgm', 'blood_pressure', 'lab', 'oximetry', 'spirometry', 'other')),
      source_format TEXT NOT NULL,
      title TEXT,
      device_manufacturer TEXT,
      device_model TEXT,
      device_serial TEXT,
      ordered_at TEXT,
      observed_at TEXT,
      received_at TEXT NOT NULL,
      -- observed_at when known, else received_at: the worklist's order.
      sort_at TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('preliminary', 'final', 'corrected', 'cancelled')),
      source_key TEXT,
      parse_log TEXT NOT NULL,        -- JSON array of strings
      metrics TEXT NOT NULL,          -- JSON object name -> number
      flag_count INTEGER NOT NULL,
      observation_count INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX reports_sort ON reports(sort_at DESC, id DESC);
    CREATE INDEX reports_kind_sort ON reports(kind, sort_at DESC, id DESC);
    CREATE INDEX reports_status_sort ON reports(status, sort_at DESC, id DESC);
    CREATE INDEX reports_patient ON reports(patient_id, sort_at);
    CREATE INDEX reports_source_key ON reports(source_key) WHERE source_key IS NOT NULL;

    -- The imported bytes, unchanged. A report has one source, plus one per correction message applied to it.
    -- Kept apart from reports so worklist scans never touch the blobs. 'part' tells apart several reports
    -- drawn from the same bytes (a FHIR bundle holding two DiagnosticReports).
    CREATE TABLE report_sources (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      sha256 TEXT NOT NULL,
      part INTEGER NOT NULL,
      bytes BLOB NOT NULL,
      size INTEGER NOT NULL,
      origin TEXT NOT NULL,
      received_at TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('original', 'correction')),
      UNIQUE (sha256, part)
    ) STRICT;
    CREATE INDEX report_sources_report ON report_sources(report_id);

    CREATE TABLE observations (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      seq INTEGER NOT NULL,
      code_system TEXT NOT NULL,
      code TEXT NOT NULL,
      display TEXT,
      value_type TEXT NOT NULL CHECK (value_type IN ('numeric', 'text', 'coded')),
      value_num REAL,
      comparator TEXT,
      value_text TEXT,
      unit TEXT,
      ucum_unit TEXT,
      unit_unmapped TEXT,
      normalised_value REAL,
      normalised_unit TEXT,
      ref_low REAL,
      ref_high REAL,
      ref_text TEXT,
      device_flag TEXT,
      status TEXT NOT NULL,
      observed_at TEXT,
      sub_id TEXT
    ) STRICT;
    CREATE INDEX observations_report ON observations(report_id, seq);
    CREATE INDEX observations_code ON observations(code_system, code);

    -- Values superseded by corrections: never overwritten without a trace.
    CREATE TABLE observation_history (
      id INTEGER PRIMARY KEY,
      observation_id INTEGER NOT NULL REFERENCES observations(id),
      value_num REAL,
      comparator TEXT,
      value_text TEXT,
      unit TEXT,
      device_flag TEXT,
      status TEXT NOT NULL,
      observed_at TEXT,
      superseded_at TEXT NOT NULL,
      superseded_by_source_id INTEGER REFERENCES report_sources(id)
    ) STRICT;
    CREATE INDEX observation_history_observation ON observation_history(observation_id);

    CREATE TABLE statements (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      seq INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('machine', 'note', 'conclusion')),
      text TEXT NOT NULL
    ) STRICT;
    CREATE INDEX statements_report ON statements(report_id, seq);

    CREATE TABLE attachments (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      media_type TEXT NOT NULL,
      description TEXT,
      data BLOB NOT NULL,
      size INTEGER NOT NULL,
      text TEXT
    ) STRICT;
    CREATE INDEX attachments_report ON attachments(report_id);

    -- Every input that failed, with its raw bytes and where it broke. Same bytes are kept once.
    CREATE TABLE quarantine (
      id INTEGER PRIMARY KEY,
      received_at TEXT NOT NULL,
      origin TEXT NOT NULL,
      sha256 TEXT NOT NULL UNIQUE,
      bytes BLOB NOT NULL,
      size INTEGER NOT NULL,
      error TEXT NOT NULL,
      location TEXT
    ) STRICT;
    CREATE INDEX quarantine_received ON quarantine(received_at DESC);

    -- Worklist search: rowid = reports.id.
    CREATE VIRTUAL TABLE report_fts USING fts5(patient, codes, body, tokenize = 'unicode61 remove_diacritics 2');
    -- Rows waiting to enter report_fts. Writing FTS5 in every per-report transaction cost a third of import time,
    -- so reports stage their row here and it is moved in bulk before any search and after each batch.
    CREATE TABLE search_staging (
      report_id INTEGER PRIMARY KEY REFERENCES reports(id),
      patient TEXT NOT NULL,
      codes TEXT NOT NULL,
      body TEXT NOT NULL
    ) STRICT;
  `)
}
