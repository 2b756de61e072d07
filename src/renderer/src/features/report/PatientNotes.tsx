// Clinicians' notes on the patient (medication, history, context no device sends). Notes in force are given to the
// model with the patient's next drafts; a note entered in error is marked so, kept and shown struck through.
import { Button, Group, Stack, Text, Textarea } from '@mantine/core'
import { getHotkeyHandler } from '@mantine/hooks'
import { useState } from 'react'
import { NOTE_MAX_CHARS, type PatientNote } from '../../../../shared/contract/patients'
import { useAction, useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatLocalTime } from '../../components/format'
import { Section } from '../../components/Section'

function NoteItem({ note }: { note: PatientNote }) {
  const retract = useAction('patients.retractNote', ['patients.notes'])
  const [confirming, setConfirming] = useState(false)
  const retracted = note.retractedAt !== null
  return (
    <Stack gap={2} data-testid="patient-note" data-retracted={retracted}>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', textDecoration: retracted ? 'line-through' : undefined }} c={retracted ? 'dimmed' : undefined}>
        {note.text}
      </Text>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {note.author}, {formatLocalTime(note.createdAt)}
          {retracted && ` · marked as entered in error by ${note.retractedBy ?? ''}, ${formatLocalTime(note.retractedAt)}`}
        </Text>
        {!retracted && !confirming && (
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setConfirming(true)}>
            Entered in error…
          </Button>
        )}
        {confirming && (
          <>
            <Button size="compact-xs" color="red" loading={retract.isPending} onClick={() => retract.mutate({ id: note.id }, { onSuccess: () => setConfirming(false) })}>
              Mark as entered in error
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => setConfirming(false)}>
              Keep
            </Button>
          </>
        )}
      </Group>
      {retract.error && <ErrorAlert error={retract.error} title="Could not mark the note" />}
    </Stack>
  )
}

export function PatientNotes({ patientId }: { patientId: number }) {
  const notes = useCall('patients.notes', { patientId })
  const add = useAction('patients.addNote', ['patients.notes'])
  const [text, setText] = useState('')
  const submit = () => {
    if (text.trim() === '' || add.isPending) return
    add.mutate({ patientId, text }, { onSuccess: () => setText('') })
  }
  const list = notes.data ?? []
  return (
    <Section title="Notes on this patient" testId="patient-notes">
      <Text size="xs" c="dimmed">
        Context no device sends (medication, history). Notes in force are given to the model with this patient's next drafts.
      </Text>
      {notes.error && <ErrorAlert error={notes.error} title="Could not load the notes" />}
      {notes.isSuccess && list.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="patient-notes-empty">
          No notes yet.
        </Text>
      )}
      {list.map((n) => (
        <NoteItem key={n.id} note={n} />
      ))}
      <Textarea
        aria-label="New note on this patient"
        placeholder="e.g. On ramipril since 2024; dialysis on Mon/Wed/Fri"
        autosize
        minRows={2}
        maxLength={NOTE_MAX_CHARS}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={getHotkeyHandler([['mod+Enter', submit]])}
      />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          Ctrl+Enter adds the note
        </Text>
        <Button size="xs" onClick={submit} loading={add.isPending} disabled={text.trim() === ''}>
          Add note
        </Button>
      </Group>
      {add.error && <ErrorAlert error={add.error} title="Could not add the note" />}
    </Section>
  )
}
