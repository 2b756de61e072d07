// Rollout from an evaluation (ml or admin): make the evaluated candidate the canary for a share of new reports, promote
// it to production citing this run, take it back to shadow, or roll production back to the previous version.
import { Alert, Badge, Button, Group, Loader, NumberInput, Stack, Text } from '@mantine/core'
import { IconArrowBackUp, IconRocket, IconShadow, IconTrendingUp } from '@tabler/icons-react'
import { useState } from 'react'
import { useAction, useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ConfirmModal } from './ConfirmModal'
import { canaryPercentProblem, rolloutChoices } from './rolloutChoices'

type Dialog = 'canary' | 'promote' | 'shadow' | 'rollback' | null

const INVALIDATES = ['rollout.status', 'versions.list'] as const

export function RolloutPanel({ runId, versionId, gatePass }: { runId: number; versionId: number; gatePass: boolean }) {
  const status = useCall('rollout.status', {})
  const [dialog, setDialog] = useState<Dialog>(null)
  const [share, setShare] = useState<string>('10')
  const canary = useAction('rollout.canary', [...INVALIDATES])
  const promote = useAction('rollout.promote', [...INVALIDATES])
  const shadow = useAction('rollout.shadow', [...INVALIDATES])
  const rollback = useAction('rollout.rollback', [...INVALIDATES])
  if (status.isPending) return <Loader size="sm" />
  if (status.error) return <ErrorAlert error={status.error} title="Could not read the rollout state" />
  const fleet = status.data
  const v = fleet.versions.find((x) => x.id === versionId)
  const production = fleet.versions.find((x) => x.id === fleet.productionId)
  const choices = rolloutChoices(fleet, versionId)
  const close = () => {
    for (const m of [canary, promote, shadow, rollback]) m.reset()
    setDialog(null)
  }
  const failedGate = gatePass ? undefined : 'The gate failed for this candidate; I have read its reasons and go ahead anyway.'
  const shareProblem = canaryPercentProblem(share)

  return (
    <Stack gap="xs" data-testid="eval-rollout">
      <Group gap={6}>
        <Text size="sm">{v ? v.name : `Version ${versionId}`} is</Text>
        <Badge variant="light" data-testid="eval-rollout-state">
          {v ? (v.state === 'canary' ? `canary, ${v.canaryPercent}%` : v.state) : 'unknown'}
        </Badge>
        {v?.pausedReason && (
          <Badge color="orange" variant="light">
            canary paused
          </Badge>
        )}
        <Text size="sm">
          Production: <b data-testid="eval-rollout-production">{production ? production.name : 'none'}</b>
        </Text>
      </Group>
      <Group gap="xs">
        <Button size="xs" leftSection={<IconTrendingUp size={14} />} disabled={choices.canary.blocked !== null} onClick={() => setDialog('canary')} data-testid="eval-promote-canary">
          {v?.state === 'canary' ? 'Change canary share…' : 'Promote to canary…'}
        </Button>
        <Button size="xs" variant="default" leftSection={<IconRocket size={14} />} disabled={choices.promote.blocked !== null} onClick={() => setDialog('promote')} data-testid="eval-promote-production">
          Promote to production…
        </Button>
        <Button size="xs" variant="default" leftSection={<IconShadow size={14} />} disabled={choices.shadow.blocked !== null} onClick={() => setDialog('shadow')} data-testid="eval-shadow">
          Shadow only…
        </Button>
        <Button size="xs" variant="default" color="red" leftSection={<IconArrowBackUp size={14} />} disabled={choices.rollback.blocked !== null} onClick={() => setDialog('rollback')} data-testid="eval-rollback">
          Roll back production…
        </Button>
      </Group>
      {[choices.canary.blocked, choices.promote.blocked, choices.rollback.blocked].filter((b): b is string => b !== null).map((b) => (
        <Text key={b} size="xs" c="dimmed">
          {b}
        </Text>
      ))}

      {dialog === 'canary' && v && (
        <ConfirmModal
          opened
          title={`Make ${v.name} the canary`}
          confirmLabel="Start canary"
          acknowledge={failedGate}
          blocked={shareProblem}
          pending={canary.isPending}
          error={canary.error}
          onConfirm={() => canary.mutate({ versionId, percent: Number(share.trim()) }, { onSuccess: close })}
          onClose={close}
          testId="eval-canary-dialog"
        >
          <Text size="sm">
            This share of new reports, chosen by report (the same report always goes the same way), will be drafted by {v.name} and shown to clinicians as
            usual, with the version named in each draft&apos;s provenance. The rest stay with {production?.name ?? 'production'}. Clinicians still review and sign every draft.
          </Text>
          <NumberInput
            label="Share of new reports (%)"
            value={share}
            onChange={(x) => setShare(String(x))}
            min={0.01}
            max={99.99}
            step={1}
            decimalScale={2}
            error={shareProblem}
            data-autofocus
            data-testid="eval-canary-percent"
          />
        </ConfirmModal>
      )}
      {dialog === 'promote' && v && (
        <ConfirmModal
          opened
          title={`Promote ${v.name} to production`}
          confirmLabel="Promote"
          acknowledge={failedGate}
          pending={promote.isPending}
          error={promote.error}
          onConfirm={() => promote.mutate({ versionId, evaluationRunId: runId }, { onSuccess: close })}
          onClose={close}
          testId="eval-promote-dialog"
        >
          <Text size="sm">
            {v.name} will draft every new report; {production ? `${production.name} is retired (roll back restores it in one step)` : 'it becomes the first production version'}. The
            promotion names evaluation run {runId} as its justification and is recorded in the audit trail.
          </Text>
        </ConfirmModal>
      )}
      {dialog === 'shadow' && v && (
        <ConfirmModal
          opened
          title={`${v.name} to shadow`}
          confirmLabel="Shadow only"
          pending={shadow.isPending}
          error={shadow.error}
          onConfirm={() => shadow.mutate({ versionId }, { onSuccess: close })}
          onClose={close}
          testId="eval-shadow-dialog"
        >
          <Text size="sm">
            {v.name} drafts new reports in the background only, at lower priority than any clinician&apos;s draft; its drafts are never shown and are compared with the signed
            version once a report is signed.
          </Text>
        </ConfirmModal>
      )}
      {dialog === 'rollback' && choices.rollback.from && choices.rollback.to && (
        <ConfirmModal
          opened
          title="Roll back production"
          confirmLabel={`Roll back to ${choices.rollback.to.name}`}
          color="red"
          pending={rollback.isPending}
          error={rollback.error}
          onConfirm={() => rollback.mutate({}, { onSuccess: close })}
          onClose={close}
          testId="eval-rollback-dialog"
        >
          <Alert color="orange" variant="light">
            {choices.rollback.from.name} is retired and {choices.rollback.to.name} drafts every new report again. Drafts already written keep the version that wrote them.
          </Alert>
        </ConfirmModal>
      )}
    </Stack>
  )
}
