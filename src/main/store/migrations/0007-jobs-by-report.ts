// Migration 7: interpretation jobs by report. The batch queue's "not drafted" list asks, for each failed job, whether the
// same report has a later job; without this index every failed job scanned the whole job table, and the count runs
// after every report the queue finishes.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`CREATE INDEX IF NOT EXISTS interpretation_jobs_report ON interpretation_jobs(report_id, id);`)
}
