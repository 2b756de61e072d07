// Rollout (ml, admin): the fleet with its actions, per-version monitoring against production, alert thresholds, rollback; each change confirmed.
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { ModelVersion } from '../../../../shared/contract/rollout'
import { call } from '../../api/client'
import { useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ConfirmAction, type Pending } from './ConfirmAction'
import { FleetTable } from './FleetTable'
import { MonitorTable } from './MonitorTable'
import type { VersionAction } from './rolloutFormat'
import { ThresholdsForm } from './ThresholdsForm'

export function RolloutPage() {
  const qc = useQueryClient()
  const status = useCall('rollout.status', {})
  const monitor = useCall('rollout.monitor', {})
  const thresholds = useCall('rollout.thresholds', {})
  const [pending, setPending] = useState<Pending | null>(null)
  const s = status.data
  const byId = (id: number | undefined) => s?.versions.find((v) => v.id === id)
  const previous = s?.productionHistory.at(-2)

  const run = async (p: Pending, extra: { percent?: number; evaluationRunId?: number }) => {
    if (p.action === 'rollback') await call('rollout.rollback', {})
    else if (p.action === 'shadow') await call('rollout.shadow', { versionId: p.version.id })
    else if (p.action === 'canary') await call('rollout.canary', { versionId: p.version.id, percent: extra.percent ?? 0 })
    else if (p.action === 'promote') await call('rollout.promote', { versionId: p.version.id, ...(extra.evaluationRunId !== undefined ? { evaluationRunId: extra.evaluationRunId } : {}) })
    else await call('rollout.resumeCanary', { versionId: p.version.id })
    await Promise.all(['rollout.status', 'rollout.monitor', 'models.list', 'models.status'].map((m) => qc.invalidateQueries({ queryKey: [m] })))
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Rollout</Title>
        <Button
          color="orange"
          variant="light"
          disabled={previous === undefined}
          onClick={() => setPending({ action: 'rollback', to: byId(previous), from: byId(s?.productionId ?? undefined) })}
          data-testid="rollout-rollback"
        >
          Roll back to {byId(previous)?.name ?? 'the previous production'}
        </Button>
      </Group>
      {status.isError && <ErrorAlert error={status.error} title="Could not load the fleet" />}
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          Versions
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          candidate → shadow (drafts new reports in the background, never shown) → canary (a share of new reports, chosen by report) → production (one at a time)
          → retired. Promotion after the first names the evaluation run that justified it.
        </Text>
        {s && <FleetTable status={s} onAction={(action: VersionAction, version: ModelVersion) => setPending({ action, version })} />}
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          Monitoring
        </Title>
        {monitor.isError && <ErrorAlert error={monitor.error} title="Could not load the monitoring figures" />}
        {monitor.data && <MonitorTable monitor={monitor.data} />}
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          Alert thresholds
        </Title>
        {thresholds.data && <ThresholdsForm key={JSON.stringify(thresholds.data)} current={thresholds.data} />}
      </Paper>
      {pending !== null && (
        <ConfirmAction
          key={`${pending.action}-${'version' in pending ? pending.version.id : 'rollback'}`}
          pending={pending}
          needsRun={s?.productionId !== null}
          onConfirm={(extra) => run(pending, extra)}
          onClose={() => setPending(null)}
        />
      )}
    </Stack>
  )
}
