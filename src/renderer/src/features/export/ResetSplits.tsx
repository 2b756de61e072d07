// Resetting the frozen splits (administrators): which split, a reason, and a confirmation that says what it costs.
import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { SPLITS, type Split } from '../../../../shared/domain/trainingExport'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'

const WHICH: { value: Split | 'all'; label: string }[] = [
  { value: 'all', label: 'All splits' },
  ...SPLITS.map((s) => ({ value: s, label: `The ${s} split only` })),
]

export function ResetSplits() {
  const [which, setWhich] = useState<Split | 'all'>('all')
  const [reason, setReason] = useState('')
  const [confirming, setConfirming] = useState(false)
  const reset = useAction('export.resetSplits', ['export.history'])
  const reasonProblem = reason.trim().length < 10 ? 'Say why, in at least 10 characters (it is audited)' : null
  const confirm = () =>
    reset.mutate({ reason: reason.trim(), ...(which === 'all' ? {} : { split: which }) }, { onSettled: () => setConfirming(false), onSuccess: () => setReason('') })
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Each patient keeps the split of the first export that placed them, so the test set never leaks into a later round's training data. Reset only to start
        a new hold-out set deliberately.
      </Text>
      <Group align="flex-end">
        <Select label="Forget" data={WHICH} value={which} allowDeselect={false} onChange={(v) => setWhich((v as Split | 'all' | null) ?? 'all')} data-testid="export-reset-which" />
        <TextInput
          label="Reason"
          style={{ flex: 1 }}
          value={reason}
          error={reason ? reasonProblem : undefined}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="export-reset-reason"
        />
        <Button color="red" variant="light" disabled={reasonProblem !== null} onClick={() => setConfirming(true)} data-testid="export-reset">
          Reset splits…
        </Button>
      </Group>
      {reset.data && (
        <Text size="sm" data-testid="export-reset-done">
          Forgot the split of {reset.data.removed} {reset.data.removed === 1 ? 'patient' : 'patients'}; the next export places them afresh.
        </Text>
      )}
      {reset.error && <ErrorAlert error={reset.error} title="The splits were not reset" />}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Reset the frozen splits?">
        <Text size="sm">
          {which === 'all' ? 'Every patient' : `Every patient in the ${which} split`} will be placed afresh by the next export. A patient who was in the test split
          may then land in training, so a model trained on the next export can no longer be compared fairly on the old test set. This is recorded in the audit
          trail with your reason.
        </Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Keep the splits
          </Button>
          <Button color="red" loading={reset.isPending} onClick={confirm} data-testid="export-reset-confirm">
            Reset
          </Button>
        </Group>
      </Modal>
    </Stack>
  )
}
