// Handlers for patients.* methods: clinicians' notes on a patient.
import type { patientsContract } from '../../shared/contract/patients'
import { requireRole, requireUser } from '../auth/requireRole'
import { appendAudit } from '../store/audit'
import { addNote, listNotes, retractNote } from '../store/patientNotes'
import type { HandlersFor } from './types'

export const patientsHandlers: HandlersFor<keyof typeof patientsContract> = {
  'patients.notes': ({ patientId }, s, ctx) => {
    requireUser(ctx)
    return listNotes(s.db, patientId)
  },
  // Notes go into the model's prompt: the people who prepare and review drafts write them.
  'patients.addNote': ({ patientId, text }, s, ctx) => {
    const user = requireRole(ctx, 'technician', 'clinician')
    return s.db.transaction(() => {
      const note = addNote(s.db, { patientId, text, author: user.username, now: new Date().toISOString() })
      // Ids only: the note's text is patient data and stays in its table.
      appendAudit(s.db, { actor: user.username, action: 'patients.addNote', entityType: 'patient', entityId: patientId, details: { noteId: note.id } })
      return note
    })()
  },
  'patients.retractNote': ({ id }, s, ctx) => {
    const user = requireRole(ctx, 'technician', 'clinician')
    return s.db.transaction(() => {
      const note = retractNote(s.db, id, user.username, new Date().toISOString())
      appendAudit(s.db, { actor: user.username, action: 'patients.retractNote', entityType: 'patient', entityId: note.patientId, details: { noteId: id } })
      return note
    })()
  },
}
