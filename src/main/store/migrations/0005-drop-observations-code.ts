// Migration 5: drops observations_code. No query reads observations by code across the store (prior values and trends
// walk one patient's reports, by report), yet every import wrote one leaf page of it per distinct code: about a third of
// the pages each report's commit wrote. It also tempted the planner into scanning a code's whole history where a
// correction looks up one report's observation by code.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`DROP INDEX IF EXISTS observations_code;`)
}
