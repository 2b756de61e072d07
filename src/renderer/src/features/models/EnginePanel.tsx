// The inference engine: load or unload the active configuration, follow loading, and see where and how it runs.
import { Alert, Button, Group, Loader, Progress, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react'
import type { LlmConfig, Model } from '../../../../shared/contract/models'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { Field } from '../../components/Field'
import { Section } from '../../components/Section'
import { hostOf } from '../remote/dataFlow'
import { EngineStateBadge } from './EngineStateBadge'
import { describeAdapters, formatMemory, formatPlacement, modelName } from './modelFormat'
import { useEngineStatus } from './useEngineStatus'

export function EnginePanel({ models, config }: { models: Model[]; config: LlmConfig }) {
  const engine = useEngineStatus()
  const load = useAction('models.load', ['models.status'])
  const unload = useAction('models.unload', ['models.status'])
  const s = engine.status.data
  const noBase = config.baseModelId === null && config.remoteBackendId === null
  return (
    <Section
      title="Engine"
      testId="engine-panel"
      actions={
        <Group gap="xs">
          <Button
            size="xs"
            leftSection={<IconPlayerPlay size={14} />}
            disabled={noBase || engine.loading}
            loading={load.isPending}
            onClick={() => load.mutate({})}
          >
            Load
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlayerStop size={14} />}
            disabled={s === undefined || s.state === 'unloaded' || engine.loading}
            loading={unload.isPending}
            onClick={() => unload.mutate({})}
          >
            Unload
          </Button>
        </Group>
      }
    >
      {noBase && (
        <Text size="sm" c="dimmed">
          Choose a base model in the active configuration before loading.
        </Text>
      )}
      {engine.status.isPending && <Loader size="sm" />}
      {engine.status.error && <ErrorAlert error={engine.status.error} title="Could not read the engine status" />}
      {engine.fraction !== null && (
        <Stack gap={4}>
          <Text size="xs" c="dimmed">
            {engine.label ?? 'Loading the model'} — {Math.round(engine.fraction * 100)}%
          </Text>
          <Progress value={engine.fraction * 100} animated size="lg" aria-label="Model loading progress" data-testid="engine-load-progress" />
        </Stack>
      )}
      {s && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="engine-status">
          <Field label="State">
            <EngineStateBadge state={s.state} />
          </Field>
          <Field label="Base model" testId="engine-base">
            {modelName(s.baseModelId, models)}
          </Field>
          <Field label="Adapters" testId="engine-adapters">
            {describeAdapters(s.adapters, models)}
          </Field>
          <Field label="Runs on" testId="engine-placement">
            {s.remote ? `remote backend “${s.remote.name}” at ${hostOf(s.remote.baseUrl)}` : formatPlacement(s)}
          </Field>
          <Field label="GPU layers" testId="engine-gpu-layers">
            {s.gpuLayers ?? '—'}
          </Field>
          <Field label="Threads" testId="engine-threads">
            {s.threads}
          </Field>
          <Field label="Parallel reports" testId="engine-sequences">
            {s.sequences || '—'}
            {s.sequences > 0 && s.sequences !== config.parallelism ? ` (${config.parallelism} after the next Load)` : ''}
          </Field>
          <Field label="Memory" testId="engine-memory">
            {formatMemory(s.memoryBytes)}
          </Field>
          <Field label="Engine build" testId="engine-binary">
            {s.binary === 'localBuild' ? 'Built for this machine' : s.binary === 'prebuilt' ? 'Prebuilt (portable)' : '—'}
            {s.inlineSteps ? ', generation steps on the engine thread' : ''}
          </Field>
          <Field label="Base model loads" testId="engine-base-loads">
            {s.baseLoads} {s.baseLoads === 1 ? 'time' : 'times'} since start
          </Field>
        </SimpleGrid>
      )}
      {s?.state === 'error' && s.error !== null && (
        <Alert color="red" title="The model could not be loaded" data-testid="engine-error">
          {s.error}
        </Alert>
      )}
      {load.error && s?.state !== 'error' && <ErrorAlert error={load.error} title="Load failed" />}
      {unload.error && <ErrorAlert error={unload.error} title="Unload failed" />}
    </Section>
  )
}
