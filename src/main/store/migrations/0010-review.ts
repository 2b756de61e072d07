// Migration 10: clinical review and sign-off. The review status on reports (the worklist filters, counts and sorts by
// it), reviews (the working copy and who works on it), interpretation versions (working, then signed and frozen),
// signatures bound to the content hash, corrections (one row per reviewer decision, by reason code), and edits kept
// when a save lost an optimistic-concurrency race.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- One status per report, kept beside the triage columns so the worklist reads one table.
    ALTER TABLE reports ADD COLUMN review_status TEXT NOT NULL DEFAULT 'new'
      CHECK (review_status IN ('new', 'drafted', 'in_review', 'returned', 'signed', 'amended', 'device_corrected'));
    UPDATE reports SET review_status = 'drafted' WHERE id IN (SELECT report_id FROM interpretations);
    -- Filter by status in triage order; count per status from the index alone.
    CREATE INDEX reports_review_status ON reports(review_status, max_severity DESC, sort_at DESC, id DESC);
    -- Triage with signed reports last: the same expression as the worklist's ORDER BY.
    CREATE INDEX reports_review_triage ON reports((review_status IN ('signed', 'amended')), max_severity DESC, sort_at DESC, id DESC);
    -- The same within a kind (the worklist's kind filter); it replaces the kind's plain triage index, which no query uses now.
    DROP INDEX IF EXISTS reports_kind_triage;
    CREATE INDEX reports_kind_review_triage ON reports(kind, (review_status IN ('signed', 'amended')), max_severity DESC, sort_at DESC, id DESC);

    -- Reports per review status, kept by triggers: the navigation's counts read 7 rows, never the reports table.
    CREATE TABLE review_status_counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT, WITHOUT ROWID;
    INSERT INTO review_status_counts (status, n)
      SELECT s.value, (SELECT count(*) FROM reports WHERE review_status = s.value)
      FROM json_each('["new","drafted","in_review","returned","signed","amended","device_corrected"]') s;
    CREATE TRIGGER reports_count_insert AFTER INSERT ON reports
      BEGIN UPDATE review_status_counts SET n = n + 1 WHERE status = NEW.review_status; END;
    CREATE TRIGGER reports_count_update AFTER UPDATE OF review_status ON reports WHEN OLD.review_status IS NOT NEW.review_status
      BEGIN
        UPDATE review_status_counts SET n = n - 1 WHERE status = OLD.review_status;
        UPDATE review_status_counts SET n = n + 1 WHERE status = NEW.review_status;
      END;
    CREATE TRIGGER reports_count_delete AFTER DELETE ON reports
      BEGIN UPDATE review_status_counts SET n = n - 1 WHERE status = OLD.review_status; END;

    -- A model draft moves a new report (or one returned for a re-draft) to 'drafted', whichever code path wrote it
    -- (the lifecycle's draft_generated transition; a test checks they agree).
    CREATE TRIGGER interpretations_mark_drafted AFTER INSERT ON interpretations
      BEGIN UPDATE reports SET review_status = 'drafted' WHERE id = NEW.report_id AND review_status IN ('new', 'returned'); END;

    CREATE TABLE interpretation_versions (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      version INTEGER NOT NULL CHECK (version >= 1),
      -- The signed version this one amends; null for version 1.
      previous_version_id INTEGER REFERENCES interpretation_versions(id),
      -- The model draft version 1 was reviewed from; null when written from scratch or for an amendment.
      base_interpretation_id INTEGER REFERENCES interpretations(id),
      document TEXT NOT NULL,           -- JSON: the review document that yields the content
      content TEXT NOT NULL,            -- canonical JSON of the interpretation (the draft schema)
      content_sha256 TEXT NOT NULL,     -- SHA-256 of content's bytes
      author_id INTEGER NOT NULL,
      author_name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('working', 'signed')),
      amendment_reason TEXT,
      UNIQUE (report_id, version),
      CHECK ((version = 1) = (previous_version_id IS NULL)),
      CHECK (version = 1 OR amendment_reason IS NOT NULL)
    ) STRICT;
    CREATE UNIQUE INDEX interpretation_versions_one_working ON interpretation_versions(report_id) WHERE state = 'working';

    -- A signed version is evidence: nothing may rewrite or remove it.
    CREATE TRIGGER interpretation_versions_signed_no_update BEFORE UPDATE ON interpretation_versions WHEN OLD.state = 'signed'
      BEGIN SELECT RAISE(ABORT, 'a signed interpretation version is immutable'); END;
    CREATE TRIGGER interpretation_versions_signed_no_delete BEFORE DELETE ON interpretation_versions WHEN OLD.state = 'signed'
      BEGIN SELECT RAISE(ABORT, 'a signed interpretation version is immutable'); END;
    CREATE TRIGGER interpretation_versions_insert_working BEFORE INSERT ON interpretation_versions WHEN NEW.state <> 'working'
      BEGIN SELECT RAISE(ABORT, 'a version is created working and signed by a signature'); END;

    CREATE TABLE reviews (
      report_id INTEGER PRIMARY KEY REFERENCES reports(id),
      row_version INTEGER NOT NULL,     -- optimistic concurrency: every save must name the one it was based on
      document TEXT,                    -- JSON: the working copy (a review document); null when no review is open
      base_interpretation_id INTEGER REFERENCES interpretations(id),
      base_version_id INTEGER REFERENCES interpretation_versions(id),
      working_version_id INTEGER REFERENCES interpretation_versions(id),
      assigned_reviewer_id INTEGER,
      assigned_reviewer_name TEXT,
      last_reviewer_id INTEGER,
      last_reviewer_name TEXT,
      returned_comment TEXT,
      returned_by_id INTEGER,
      returned_by_name TEXT,
      returned_at TEXT,
      device_corrected_at TEXT,
      device_corrected_observation_ids TEXT,  -- JSON array of observation ids changed after sign-off
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX reviews_last_reviewer ON reviews(last_reviewer_id, report_id);

    CREATE TABLE signatures (
      id INTEGER PRIMARY KEY,
      version_id INTEGER NOT NULL UNIQUE REFERENCES interpretation_versions(id),
      report_id INTEGER NOT NULL REFERENCES reports(id),
      signer_id INTEGER NOT NULL,
      signer_username TEXT NOT NULL,
      signer_name TEXT NOT NULL,
      signed_at TEXT NOT NULL,
      meaning TEXT NOT NULL,
      content_sha256 TEXT NOT NULL,
      acknowledgement TEXT
    ) STRICT;
    CREATE INDEX signatures_report ON signatures(report_id, id);
    CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures BEGIN SELECT RAISE(ABORT, 'signatures are immutable'); END;
    CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures BEGIN SELECT RAISE(ABORT, 'signatures are immutable'); END;
    -- Bound to the content: a signature names the exact hash of the signed version it belongs to.
    CREATE TRIGGER signatures_bound BEFORE INSERT ON signatures
      WHEN NOT EXISTS (SELECT 1 FROM interpretation_versions v WHERE v.id = NEW.version_id AND v.state = 'signed'
                       AND v.content_sha256 = NEW.content_sha256 AND v.report_id = NEW.report_id)
      BEGIN SELECT RAISE(ABORT, 'a signature must name a signed version of its report and its content hash'); END;

    -- One row per reviewer decision: what the training export and the evaluation count by reason code.
    CREATE TABLE corrections (
      id INTEGER PRIMARY KEY,
      version_id INTEGER NOT NULL REFERENCES interpretation_versions(id),
      report_id INTEGER NOT NULL REFERENCES reports(id),
      seq INTEGER NOT NULL,
      target TEXT NOT NULL CHECK (target IN ('draft', 'finding', 'summary', 'overall_severity', 'comparison', 'limitations')),
      draft_index INTEGER,
      result_index INTEGER,
      action TEXT NOT NULL CHECK (action IN ('accept', 'edit', 'reject', 'add')),
      reason_code TEXT,
      reason_list_version INTEGER NOT NULL,
      comment TEXT,
      changed_fields TEXT NOT NULL,     -- JSON array of finding fields an edit changed
      before TEXT NOT NULL,             -- JSON (null: none)
      after TEXT NOT NULL,              -- JSON (null: none)
      UNIQUE (version_id, seq),
      CHECK ((action = 'accept') = (reason_code IS NULL))
    ) STRICT;
    CREATE INDEX corrections_reason ON corrections(reason_code, version_id);
    CREATE INDEX corrections_report ON corrections(report_id);
    CREATE TRIGGER corrections_signed_no_insert BEFORE INSERT ON corrections
      WHEN (SELECT state FROM interpretation_versions WHERE id = NEW.version_id) = 'signed'
      BEGIN SELECT RAISE(ABORT, 'the corrections of a signed version are immutable'); END;
    CREATE TRIGGER corrections_signed_no_update BEFORE UPDATE ON corrections
      WHEN (SELECT state FROM interpretation_versions WHERE id = OLD.version_id) = 'signed'
      BEGIN SELECT RAISE(ABORT, 'the corrections of a signed version are immutable'); END;
    CREATE TRIGGER corrections_signed_no_delete BEFORE DELETE ON corrections
      WHEN (SELECT state FROM interpretation_versions WHERE id = OLD.version_id) = 'signed'
      BEGIN SELECT RAISE(ABORT, 'the corrections of a signed version are immutable'); END;

    -- What the training export and the evaluation read: the corrections of signed versions, with the version, its
    -- hash, the draft it was reviewed from and the signature.
    CREATE VIEW signed_corrections AS
      SELECT c.id, c.report_id, c.version_id, v.version, v.previous_version_id, v.base_interpretation_id, v.content_sha256,
             s.signer_id, s.signed_at, c.seq, c.target, c.draft_index, c.result_index, c.action, c.reason_code,
             c.reason_list_version, c.comment, c.changed_fields, c.before, c.after
      FROM corrections c JOIN interpretation_versions v ON v.id = c.version_id AND v.state = 'signed'
      JOIN signatures s ON s.version_id = v.id;

    -- After a device correction following sign-off, a clinician's word that the signed version still stands.
    CREATE TABLE device_correction_confirmations (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      version_id INTEGER NOT NULL REFERENCES interpretation_versions(id),
      observation_ids TEXT NOT NULL,    -- JSON array: the corrected observations the clinician saw
      comment TEXT NOT NULL,
      user_id INTEGER NOT NULL,
      user_name TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX device_correction_confirmations_report ON device_correction_confirmations(report_id);
    CREATE TRIGGER device_correction_confirmations_no_update BEFORE UPDATE ON device_correction_confirmations
      BEGIN SELECT RAISE(ABORT, 'confirmations are append-only'); END;
    CREATE TRIGGER device_correction_confirmations_no_delete BEFORE DELETE ON device_correction_confirmations
      BEGIN SELECT RAISE(ABORT, 'confirmations are append-only'); END;

    -- A save refused as stale keeps its document here until its author re-applies or dismisses it.
    CREATE TABLE review_kept_edits (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      user_id INTEGER NOT NULL,
      base_version INTEGER NOT NULL,
      document TEXT NOT NULL,
      saved_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX review_kept_edits_report_user ON review_kept_edits(report_id, user_id);
  `)
}
