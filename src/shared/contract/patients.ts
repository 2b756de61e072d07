// Contract methods for what clinicians record about a patient beyond the device reports: notes.
import { z } from 'zod'
import { method } from './define'

export const NOTE_MAX_CHARS = 2000

export const PatientNoteSchema = z.object({
  id: z.number().int(),
  patientId: z.number().int(),
  text: z.string(),
  author: z.string(),
  createdAt: z.string(),
  /** Set when the note was marked as entered in error; the note is kept, shown struck through, and no longer given to the model. */
  retractedAt: z.string().nullable(),
  retractedBy: z.string().nullable(),
})
export type PatientNote = z.infer<typeof PatientNoteSchema>

export const patientsContract = {
  /** The patient's notes, oldest first, retracted ones included. */
  'patients.notes': method(z.object({ patientId: z.number().int().positive() }).strict(), z.array(PatientNoteSchema)),
  /** Adds a note on the patient (given to the model with the patient's next drafts); audited. */
  'patients.addNote': method(
    z.object({ patientId: z.number().int().positive(), text: z.string().trim().min(1, 'The note is empty').max(NOTE_MAX_CHARS) }).strict(),
    PatientNoteSchema,
  ),
  /** Marks a note as entered in error. Notes are never deleted; audited. */
  'patients.retractNote': method(z.object({ id: z.number().int().positive() }).strict(), PatientNoteSchema),
}
