// Migration 14: model versions and their rollout state, promotions (for rollback), evaluation runs with their frozen
// reports and per-report results (resumable), and shadow drafts kept apart from the drafts clinicians see.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    -- A named configuration: base model + adapters with scales + prompt template version + sampling, and where it
    -- stands in the rollout. The fingerprint hashes all of it, so the same configuration cannot be registered twice
    -- under two names.
    CREATE TABLE model_versions (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      base_model_id INTEGER NOT NULL REFERENCES models(id),
      adapters TEXT NOT NULL,                 -- JSON array of {modelId, sha256, scale}
      prompt_template_version TEXT NOT NULL,
      sampling TEXT NOT NULL,                 -- JSON {temperature, seed, maxTokens}
      fingerprint TEXT NOT NULL UNIQUE,
      notes TEXT,
      created_at TEXT NOT NULL,
      created_by_id INTEGER NOT NULL,
      created_by_name TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'candidate' CHECK (state IN ('candidate', 'shadow', 'canary', 'production', 'retired')),
      state_changed_at TEXT NOT NULL,
      -- The canary's assignment salt: fixed per version, so a report stays on the same side while the share is unchanged.
      canary_salt TEXT NOT NULL,
      canary_percent REAL CHECK (canary_percent IS NULL OR (canary_percent > 0 AND canary_percent < 100)),
      paused_reason TEXT,
      paused_at TEXT,
      CHECK ((state = 'canary') = (canary_percent IS NOT NULL)),
      CHECK (paused_reason IS NULL OR state = 'canary'),
      CHECK ((paused_reason IS NULL) = (paused_at IS NULL))
    ) STRICT;
    -- One production version and at most one canary, whatever code path writes.
    CREATE UNIQUE INDEX model_versions_single_state ON model_versions(state) WHERE state IN ('production', 'canary');

    CREATE TABLE eval_runs (
      id INTEGER PRIMARY KEY,
      created_at TEXT NOT NULL,
      created_by_id INTEGER NOT NULL,
      created_by_name TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      set_spec TEXT NOT NULL,                 -- JSON: {set: 'test' | 'all', kinds, from, to, reviewer}
      gate_text TEXT NOT NULL,                -- the gate file exactly as used
      gate_version TEXT NOT NULL,
      seed INTEGER NOT NULL,
      report_count INTEGER NOT NULL CHECK (report_count >= 0),
      started_at TEXT,
      finished_at TEXT,
      result TEXT,                            -- JSON: summaries, comparisons, subgroups, worst reports, gate result
      gate_pass INTEGER CHECK (gate_pass IN (0, 1)),
      error TEXT,
      CHECK ((state = 'done') = (result IS NOT NULL))
    ) STRICT;

    CREATE TABLE eval_run_versions (
      run_id INTEGER NOT NULL REFERENCES eval_runs(id),
      version_id INTEGER NOT NULL REFERENCES model_versions(id),
      role TEXT NOT NULL CHECK (role IN ('baseline', 'candidate')),
      position INTEGER NOT NULL,
      PRIMARY KEY (run_id, version_id)
    ) STRICT, WITHOUT ROWID;
    CREATE UNIQUE INDEX eval_run_versions_one_baseline ON eval_run_versions(run_id) WHERE role = 'baseline';

    -- The run's reports, frozen when it starts, each with the signed version it is compared with
    -- (interpretation_versions.id of the review store; not a foreign key here, that table is created elsewhere).
    CREATE TABLE eval_run_reports (
      run_id INTEGER NOT NULL REFERENCES eval_runs(id),
      report_id INTEGER NOT NULL REFERENCES reports(id),
      reference_version_id INTEGER NOT NULL,
      PRIMARY KEY (run_id, report_id)
    ) STRICT, WITHOUT ROWID;

    -- One evaluation draft per run, version and report. A missing row is work still to do, which is what makes a run
    -- resumable after a crash. These drafts are never a report's draft and never exported.
    CREATE TABLE eval_results (
      run_id INTEGER NOT NULL,
      version_id INTEGER NOT NULL,
      report_id INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      raw_output TEXT NOT NULL,
      provenance TEXT NOT NULL,               -- JSON: fingerprints, sampling, tokens, timings
      metrics TEXT NOT NULL,                  -- JSON: the per-report metrics
      -- The paired statistics' inputs as columns, so a run can be re-analysed without parsing every row.
      schema_valid INTEGER NOT NULL CHECK (schema_valid IN (0, 1)),
      evidence_failure INTEGER NOT NULL CHECK (evidence_failure IN (0, 1)),
      missed_critical INTEGER NOT NULL CHECK (missed_critical >= 0),
      finding_f1 REAL NOT NULL CHECK (finding_f1 BETWEEN 0 AND 1),
      PRIMARY KEY (run_id, version_id, report_id),
      FOREIGN KEY (run_id, version_id) REFERENCES eval_run_versions(run_id, version_id),
      FOREIGN KEY (run_id, report_id) REFERENCES eval_run_reports(run_id, report_id)
    ) STRICT;

    -- Every promotion and rollback in order: rollback restores the version before the current one.
    CREATE TABLE model_version_promotions (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('promote', 'rollback')),
      version_id INTEGER NOT NULL REFERENCES model_versions(id),
      previous_version_id INTEGER REFERENCES model_versions(id),
      -- The evaluation run that justified a promotion; required once there was a production version before.
      eval_run_id INTEGER REFERENCES eval_runs(id),
      at TEXT NOT NULL,
      user_id INTEGER NOT NULL,
      user_name TEXT NOT NULL,
      CHECK (kind = 'rollback' OR previous_version_id IS NULL OR eval_run_id IS NOT NULL)
    ) STRICT;
    CREATE TRIGGER model_version_promotions_no_update BEFORE UPDATE ON model_version_promotions
      BEGIN SELECT RAISE(ABORT, 'promotions are append-only'); END;
    CREATE TRIGGER model_version_promotions_no_delete BEFORE DELETE ON model_version_promotions
      BEGIN SELECT RAISE(ABORT, 'promotions are append-only'); END;

    -- Drafts by shadow versions: a table of their own, so that no query for a report's draft can ever return one.
    -- Compared with the signed version once the report is signed (metrics set then).
    CREATE TABLE shadow_drafts (
      id INTEGER PRIMARY KEY,
      report_id INTEGER NOT NULL REFERENCES reports(id),
      version_id INTEGER NOT NULL REFERENCES model_versions(id),
      created_at TEXT NOT NULL,
      raw_output TEXT NOT NULL,
      provenance TEXT NOT NULL,
      standing TEXT CHECK (standing IS NULL OR standing IN ('verified', 'issues', 'contradiction')),
      metrics TEXT,
      compared_at TEXT,
      UNIQUE (report_id, version_id),
      CHECK ((metrics IS NULL) = (compared_at IS NULL))
    ) STRICT;
    CREATE INDEX shadow_drafts_version ON shadow_drafts(version_id, id);

    -- Which version wrote a shown draft (null for drafts from before versions existed): per-version monitoring joins
    -- the signed corrections through it.
    ALTER TABLE interpretations ADD COLUMN model_version_id INTEGER REFERENCES model_versions(id);
    CREATE INDEX interpretations_model_version ON interpretations(model_version_id, id) WHERE model_version_id IS NOT NULL;
  `)
}
