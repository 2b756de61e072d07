// One observation's value cell: as sent, normalised when different, unmapped units refused, corrections' history.
import { Group, Text, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconHistory } from '@tabler/icons-react'
import type { Observation } from '../../../../shared/contract/reports'
import { formatDeviceTime } from '../../components/format'
import { historyText, normalisedText, valueAsSent } from './observationText'

export function ObservationValue({ o }: { o: Observation }) {
  const normalised = normalisedText(o)
  const struck = o.status === 'cancelled' || o.status === 'entered-in-error'
  return (
    <div>
      <Text size="sm" fw={600} ff="monospace" td={struck ? 'line-through' : undefined} data-testid="observation-value">
        {valueAsSent(o)}
      </Text>
      {normalised && (
        <Text size="xs" c="dimmed" ff="monospace">
          = {normalised}
        </Text>
      )}
      {o.unitUnmapped !== null && (
        <Tooltip label={o.unitUnmapped} multiline maw={360}>
          <Group gap={4} wrap="nowrap" data-testid="unit-unmapped">
            <IconAlertTriangle size={14} color="var(--mantine-color-orange-filled)" />
            <Text size="xs" c="orange.8">
              unit not recognised: {o.unit ?? '(none)'} — not compared
            </Text>
          </Group>
        </Tooltip>
      )}
      {o.history.map((h, i) => (
        <Tooltip key={i} label={`Superseded ${formatDeviceTime(h.supersededAt)}`}>
          <Group gap={4} wrap="nowrap" data-testid="observation-history">
            <IconHistory size={14} color="var(--mantine-color-violet-filled)" />
            <Text size="xs" c="violet.7">
              {historyText(h)}
            </Text>
          </Group>
        </Tooltip>
      ))}
    </div>
  )
}
