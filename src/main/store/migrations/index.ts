// The ordered list of schema migrations; schema version N means migrations 1..N have run.
import type { Database } from 'better-sqlite3'
import { up as core } from './0001-core'
import { up as reports } from './0002-reports'
import { up as findings } from './0003-findings'
import { up as llm } from './0004-llm'
import { up as dropObservationsCode } from './0005-drop-observations-code'
import { up as patientNotes } from './0006-patient-notes'
import { up as jobsByReport } from './0007-jobs-by-report'
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
  // File number 0013 as assigned; versions must follow one another, so it is 8 until the other branches' land.
  { version: 8, name: 'prompt-messages', up: promptMessages },
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
