// Migration 6: patient_notes keeps notes per patient, refuses empty text and a half-recorded retraction.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

describe('migration 0006-patient-notes', () => {
  it('creates patient_notes tied to patients, with its checks', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, MIGRATIONS.slice(0, 6))
    db.prepare("INSERT INTO patients (id, created_at, updated_at) VALUES (1, 'x', 'x')").run()
    const insert = db.prepare('INSERT INTO patient_notes (patient_id, text, author, created_at, retracted_at, retracted_by) VALUES (?, ?, ?, ?, ?, ?)')
    insert.run(1, 'On ramipril.', 'dr a', '2026-01-01T00:00:00Z', null, null)
    insert.run(1, 'Wrong chart.', 'dr a', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'dr b')
    expect(() => insert.run(2, 'No such patient.', 'dr a', 'x', null, null)).toThrow(/FOREIGN KEY/)
    expect(() => insert.run(1, '', 'dr a', 'x', null, null)).toThrow(/CHECK/)
    expect(() => insert.run(1, 'Half retracted.', 'dr a', 'x', 'x', null)).toThrow(/CHECK/)
    expect(db.prepare('SELECT count(*) FROM patient_notes').pluck().get()).toBe(2)
  })
})
