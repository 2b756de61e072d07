// One-line engine summary for the About panel: state, base model and adapters, GPU or CPU, threads, memory.
import { Group, Loader, Text } from '@mantine/core'
import { useCall } from '../../api/hooks'
import { EngineStateBadge } from './EngineStateBadge'
import { describeAdapters, formatMemory, formatPlacement, modelName } from './modelFormat'
import { useEngineStatus } from './useEngineStatus'

export function EngineSummary({ enabled }: { enabled: boolean }) {
  const engine = useEngineStatus(enabled)
  const list = useCall('models.list', {}, { enabled })
  const s = engine.status.data
  const models = list.data?.models ?? []
  if (engine.status.error) return <Text size="sm">Engine status unavailable: {engine.status.error.message}</Text>
  if (!s || !list.data) return <Loader size="xs" />
  if (s.state === 'unloaded' && list.data.config.baseModelId === null) {
    return <Text size="sm">{models.length === 0 ? 'No model added yet (Models page).' : 'No base model chosen (Models page).'}</Text>
  }
  // Before loading, show what would be loaded; once loaded, what is.
  const baseId = s.state === 'unloaded' ? list.data.config.baseModelId : s.baseModelId
  const adapters = s.state === 'unloaded' ? list.data.config.adapters : s.adapters
  return (
    <Group gap={6} data-testid="status-model">
      <EngineStateBadge state={s.state} />
      <Text size="sm">
        {modelName(baseId, models)} · adapters: {describeAdapters(adapters, models)}
        {s.state === 'ready' && ` · ${formatPlacement(s)}${s.gpuLayers !== null && s.gpu !== null ? ` (${s.gpuLayers} layers)` : ''} · ${s.threads} threads · ${formatMemory(s.memoryBytes)}`}
      </Text>
      {s.state === 'error' && s.error !== null && (
        <Text size="xs" c="red">
          {s.error}
        </Text>
      )}
    </Group>
  )
}
