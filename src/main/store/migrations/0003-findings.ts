// Migration 3: rule sets (the active site rule file), findings per report, and the worklist's triage order.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- Every rule file ever activated, kept so each finding can be traced to the exact text.
    CREATE TABLE rule_sets (
      id INTEGER PRIMARY KEY,
      version TEXT NOT NULL UNIQUE,   -- file version + content hash
      name TEXT NOT NULL,
      text TEXT NOT NULL,
      is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
      activated_at TEXT NOT NULL,
      active INTEGER NOT NULL CHECK (active IN (0, 1))
    ) STRICT;
    CREATE UNIQUE INDEX rule_sets_one_active ON rule_sets(active) WHERE active = 1;

    CREATE TABLE findings (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      seq INTEGER NOT NULL,
      rule_id TEXT NOT NULL,
      rule_set_version TEXT NOT NULL,
      severity TEXT NOT NULL CHECK (severity IN ('info', 'abnormal', 'critical')),
      title TEXT NOT NULL,
      message TEXT NOT NULL,
      source TEXT NOT NULL,
      observation_ids TEXT NOT NULL,  -- JSON array of observation ids
      "values" TEXT NOT NULL,         -- JSON object of the values and limits used
      device_flag TEXT,
      disagreement TEXT,
      not_evaluated TEXT,
      evaluated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX findings_report ON findings(report_id, seq);

    -- Worst finding of the report: 2 critical, 1 abnormal, 0 info, NULL none (or not evaluated yet).
    ALTER TABLE reports ADD COLUMN max_severity INTEGER;
    -- The worst finding's message, shown on the worklist row without opening the report.
    ALTER TABLE reports ADD COLUMN top_finding TEXT;
    CREATE INDEX reports_triage ON reports(max_severity DESC, sort_at DESC, id DESC);
    CREATE INDEX reports_kind_triage ON reports(kind, max_severity DESC, sort_at DESC, id DESC);
  `)
}
