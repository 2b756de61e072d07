// A confirmation for one rollout action: says what it will do, asks for the share or the evaluation run when needed.
import { Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { ModelVersion } from '../../../../shared/contract/rollout'
import { ErrorAlert } from '../../components/ErrorAlert'
import type { VersionAction } from './rolloutFormat'

export type Pending = { action: VersionAction; version: ModelVersion } | { action: 'rollback'; to: ModelVersion | undefined; from: ModelVersion | undefined }

const TITLES: Record<Pending['action'], string> = {
  shadow: 'Draft in the background (shadow)',
  canary: 'Give it a share of new reports (canary)',
  promote: 'Promote to production',
  resume: 'Resume the canary',
  rollback: 'Roll back production',
}

function explanation(p: Pending, needsRun: boolean): string {
  switch (p.action) {
    case 'shadow':
      return `Version ${p.version.name} will draft every new report in the background. Its drafts are never shown; they are compared with the signed versions.`
    case 'canary':
      return `Version ${p.version.name} will draft this share of new reports, chosen by report; clinicians see its drafts, and the provenance names it.`
    case 'promote':
      return `Version ${p.version.name} becomes production: the batch queue and every report page draft with it, and the current production is retired.${needsRun ? ' Name the finished evaluation run that compared it.' : ''}`
    case 'resume':
      return `Version ${p.version.name} drafts its share of new reports again. Check the monitoring figures first: the alert that paused it said "${p.version.pausedReason ?? ''}"`
    case 'rollback':
      return `Production goes back from ${p.from?.name ?? 'the current version'} to ${p.to?.name ?? 'the previous version'}, whose configuration drafts from now on.`
  }
}

export function ConfirmAction({
  pending,
  needsRun,
  onConfirm,
  onClose,
}: {
  pending: Pending | null
  needsRun: boolean
  onConfirm: (extra: { percent?: number; evaluationRunId?: number }) => Promise<void>
  onClose: () => void
}) {
  const [percent, setPercent] = useState<number | string>(pending?.action === 'canary' ? (pending.version.canaryPercent ?? 5) : 5)
  const [run, setRun] = useState<number | string>('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  if (pending === null) return null
  const missing = (pending.action === 'canary' && typeof percent !== 'number') || (pending.action === 'promote' && needsRun && typeof run !== 'number')
  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      await onConfirm({
        ...(pending.action === 'canary' && typeof percent === 'number' ? { percent } : {}),
        ...(pending.action === 'promote' && typeof run === 'number' ? { evaluationRunId: run } : {}),
      })
      onClose()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened onClose={onClose} title={TITLES[pending.action]} data-testid="rollout-confirm">
      <Stack>
        <Text size="sm">{explanation(pending, needsRun)}</Text>
        {pending.action === 'canary' && (
          <NumberInput label="Share of new reports (%)" min={0.01} max={99.99} step={1} decimalScale={2} value={percent} onChange={setPercent} data-testid="canary-percent" />
        )}
        {pending.action === 'promote' && needsRun && <NumberInput label="Evaluation run id" min={1} allowDecimal={false} value={run} onChange={setRun} data-testid="promote-run" />}
        {error !== null && <ErrorAlert error={error} title="Not done" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void confirm()} loading={busy} disabled={missing} color={pending.action === 'rollback' ? 'orange' : undefined} data-testid="rollout-confirm-button">
            Confirm
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
