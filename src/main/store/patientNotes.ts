// Clinicians' notes on a patient: append-only; a note entered in error is retracted, never deleted.
import type { PatientNote } from '../../shared/contract/patients'
import { AppError } from '../../shared/errors'
import type { Db } from './db'
import { prepared } from './prepared'

interface NoteRow {
  id: number
  patient_id: number
  text: string
  author: string
  created_at: string
  retracted_at: string | null
  retracted_by: string | null
}

const fromRow = (r: NoteRow): PatientNote => ({
  id: r.id,
  patientId: r.patient_id,
  text: r.text,
  author: r.author,
  createdAt: r.created_at,
  retractedAt: r.retracted_at,
  retractedBy: r.retracted_by,
})

function getNote(db: Db, id: number): PatientNote | null {
  const row = prepared(db, 'SELECT * FROM patient_notes WHERE id = ?').get(id) as NoteRow | undefined
  return row ? fromRow(row) : null
}

/** The patient's notes, oldest first, retracted ones included. */
export function listNotes(db: Db, patientId: number): PatientNote[] {
  return (prepared(db, 'SELECT * FROM patient_notes WHERE patient_id = ? ORDER BY id').all(patientId) as NoteRow[]).map(fromRow)
}

/** The texts of the patient's notes in force (not retracted), oldest first: what a draft's prompt is given. */
export function activeNoteTexts(db: Db, patientId: number): string[] {
  return prepared(db, 'SELECT text FROM patient_notes WHERE patient_id = ? AND retracted_at IS NULL ORDER BY id').pluck().all(patientId) as string[]
}

export function addNote(db: Db, note: { patientId: number; text: string; author: string; now: string }): PatientNote {
  if (!prepared(db, 'SELECT 1 FROM patients WHERE id = ?').get(note.patientId)) throw new AppError('NOT_FOUND', `No patient with id ${note.patientId}`)
  const info = prepared(db, 'INSERT INTO patient_notes (patient_id, text, author, created_at) VALUES (?, ?, ?, ?)').run(
    note.patientId,
    note.text,
    note.author,
    note.now,
  )
  return getNote(db, Number(info.lastInsertRowid))!
}

export function retractNote(db: Db, id: number, by: string, now: string): PatientNote {
  const note = getNote(db, id)
  if (!note) throw new AppError('NOT_FOUND', `No note with id ${id}`)
  if (note.retractedAt !== null) throw new AppError('CONFLICT', `Note ${id} was already marked as entered in error`)
  prepared(db, 'UPDATE patient_notes SET retracted_at = ?, retracted_by = ? WHERE id = ?').run(now, by, id)
  return getNote(db, id)!
}
