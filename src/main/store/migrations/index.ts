// The ordered list of schema migrations; schema version N means migrations 1..N have run.
import type { Database } from 'better-sqlite3'
import { up as core } from './0001-core'
import { up as reports } from './0002-reports'
import { up as findings } from './0003-findings'
import { up as llm } from './0004-llm'
import { up as dropObservationsCode } from './0005-drop-observations-code'
import { up as patientNotes } from './0006-patient-notes'
import { up as jobsByReport } from './0007-jobs-by-report'
import { up as users } from './0008-users'
import { up as auditFilters } from './0009-audit-filters'
import { up as review } from './0010-review'
import { up as exportTables } from './0011-export'
import { up as evaluation } from './0014-evaluation'
import { up as remoteBackends } from './0012-remote-backends'
import { up as promptMessages } from './0013-prompt-messages'

export interface Migration {
  version: number
  name: string
  up: (db: Database) => void
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core', up: core },
  { version: 2, name: 'reports', up: reports },
  { version: 3, name: 'findings', up: findings },
  { version: 4, name: 'llm', up: llm },
  { version: 5, name: 'drop-observations-code', up: dropObservationsCode },
  { version: 6, name: 'patient-notes', up: patientNotes },
  { version: 7, name: 'jobs-by-report', up: jobsByReport },
  { version: 8, name: 'users', up: users },
  { version: 9, name: 'audit-filters', up: auditFilters },
  { version: 10, name: 'review', up: review },
  { version: 11, name: 'export', up: exportTables },
  { version: 12, name: 'evaluation', up: evaluation },
  { version: 13, name: 'remote-backends', up: remoteBackends },
  { version: 14, name: 'prompt-messages', up: promptMessages },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
