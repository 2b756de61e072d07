// Handlers for patients.* methods: clinicians' notes on a patient.
import type { patientsContract } from '../../shared/contract/patients'
import { actorOf } from '../audit/actor'
import { appendAudit } from '../store/audit'
import { addNote, listNotes, retractNote } from '../store/patientNotes'
import type { HandlersFor } from './types'

export const patientsHandlers: HandlersFor<keyof typeof patientsContract> = {
  'patients.notes': ({ patientId }, s) => listNotes(s.db, patientId),
  'patients.addNote': ({ patientId, text }, s, ctx) =>
    s.db.transaction(() => {
      const note = addNote(s.db, { patientId, text, author: actorOf(ctx), now: new Date().toISOString() })
      // Ids only: the note's text is patient data and stays in its table.
      appendAudit(s.db, { actor: actorOf(ctx), action: 'patients.addNote', entityType: 'patient', entityId: patientId, details: { noteId: note.id } })
      return note
    })(),
  'patients.retractNote': ({ id }, s, ctx) =>
    s.db.transaction(() => {
      const note = retractNote(s.db, id, actorOf(ctx), new Date().toISOString())
      appendAudit(s.db, { actor: actorOf(ctx), action: 'patients.retractNote', entityType: 'patient', entityId: note.patientId, details: { noteId: id } })
      return note
    })(),
}
