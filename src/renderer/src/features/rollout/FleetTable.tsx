// The fleet: every model version with its rollout state, canary share and pause, and the actions its state allows.
import { Badge, Button, Group, Table, Text } from '@mantine/core'
import type { ModelVersion, RolloutStatus } from '../../../../shared/contract/rollout'
import { actionsFor, type VersionAction } from './rolloutFormat'

const STATE_COLOURS: Record<ModelVersion['state'], string> = { candidate: 'gray', shadow: 'violet', canary: 'yellow', production: 'teal', retired: 'dark' }
const LABELS: Record<VersionAction, string> = { shadow: 'Shadow', canary: 'Canary %', promote: 'Promote', resume: 'Resume' }

export function FleetTable({ status, onAction }: { status: RolloutStatus; onAction: (action: VersionAction, version: ModelVersion) => void }) {
  if (status.versions.length === 0) {
    return <Text c="dimmed">No model versions yet: register one with "readout versions add SPEC".</Text>
  }
  return (
    <Table striped data-testid="rollout-fleet">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Version</Table.Th>
          <Table.Th>State</Table.Th>
          <Table.Th>Models</Table.Th>
          <Table.Th>Fingerprint</Table.Th>
          <Table.Th>Actions</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {status.versions.map((v) => (
          <Table.Tr key={v.id} data-testid={`version-row-${v.name}`}>
            <Table.Td>
              {v.id} · <b>{v.name}</b>
            </Table.Td>
            <Table.Td>
              <Badge color={STATE_COLOURS[v.state]} variant="light" data-testid="version-state">
                {v.state}
                {v.state === 'canary' ? ` ${v.canaryPercent}%` : ''}
                {v.pausedReason !== null ? ' · paused' : ''}
              </Badge>
              {v.pausedReason !== null && (
                <Text size="xs" c="orange">
                  {v.pausedReason}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              base {v.baseModelId}
              {v.adapters.map((a) => ` + adapter ${a.modelId} ×${a.scale}`).join('')}
            </Table.Td>
            <Table.Td>
              <Text ff="monospace" size="xs">
                {v.fingerprint.slice(0, 12)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {actionsFor(v, status).map((a) => (
                  <Button key={a} size="compact-xs" variant="light" onClick={() => onAction(a, v)} data-testid={`action-${a}`}>
                    {LABELS[a]}
                  </Button>
                ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
