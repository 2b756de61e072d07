// The active configuration: one base model and any fitting LoRA adapters with their scales (models.use).
import { Alert, Button, Checkbox, Group, NumberInput, Select, Stack, Text } from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import type { LlmConfig, Model } from '../../../../shared/contract/models'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { Section } from '../../components/Section'
import { describeAdapters, modelName } from './modelFormat'

type Choices = Map<number, number>

function choicesOf(config: LlmConfig): Choices {
  return new Map(config.adapters.map((a) => [a.modelId, a.scale]))
}

function AdapterChoice(props: { adapter: Model; checkable: boolean; scale: number | undefined; onChange: (scale: number | undefined) => void }) {
  const { adapter, scale } = props
  const checked = scale !== undefined
  return (
    <Group gap="sm" wrap="nowrap" data-testid="adapter-choice" data-model-id={adapter.id}>
      <Checkbox
        label={adapter.name}
        checked={checked}
        disabled={!props.checkable && !checked}
        onChange={(e) => props.onChange(e.currentTarget.checked ? 1 : undefined)}
        style={{ minWidth: 220 }}
      />
      <NumberInput
        aria-label={`Scale of ${adapter.name}`}
        size="xs"
        w={90}
        min={0}
        max={2}
        step={0.1}
        decimalScale={2}
        value={scale ?? 1}
        disabled={!checked}
        onChange={(v) => props.onChange(typeof v === 'number' ? v : Number(v) || 0)}
      />
      {!props.checkable && adapter.incompatibility !== null && (
        <Text size="xs" c="red">
          {adapter.incompatibility}
        </Text>
      )}
    </Group>
  )
}

export function ActiveConfig({ models, config }: { models: Model[]; config: LlmConfig }) {
  const use = useAction('models.use', ['models.list', 'models.status'])
  const bases = useMemo(() => models.filter((m) => m.kind === 'base'), [models])
  const adapters = useMemo(() => models.filter((m) => m.kind === 'adapter'), [models])
  const [baseId, setBaseId] = useState<number | null>(config.baseModelId)
  const [choices, setChoices] = useState<Choices>(() => choicesOf(config))

  useEffect(() => {
    setBaseId(config.baseModelId)
    setChoices(choicesOf(config))
  }, [config])

  // Compatibility is computed against the active base; for another base the backend checks it on Apply.
  const sameBase = baseId === config.baseModelId
  const chosen = [...choices].map(([modelId, scale]) => ({ modelId, scale: Math.min(2, Math.max(0, scale)) }))
  const dirty = baseId !== config.baseModelId || JSON.stringify(chosen) !== JSON.stringify(config.adapters)

  const setScale = (id: number, scale: number | undefined) =>
    setChoices((prev) => {
      const next = new Map(prev)
      if (scale === undefined) next.delete(id)
      else next.set(id, scale)
      return next
    })

  return (
    <Section title="Active configuration" testId="active-config">
      <Text size="sm" data-testid="active-config-summary">
        Base model: <b>{modelName(config.baseModelId, models)}</b> · Adapters: <b>{describeAdapters(config.adapters, models)}</b>
      </Text>
      {bases.length === 0 ? (
        <Text size="sm" c="dimmed">
          Add a base model first; adapters are applied on top of it.
        </Text>
      ) : (
        <Stack gap="xs">
          <Select
            label="Base model"
            placeholder="Choose a base model"
            data={bases.map((b) => ({ value: String(b.id), label: b.name }))}
            value={baseId === null ? null : String(baseId)}
            onChange={(v) => setBaseId(v === null ? null : Number(v))}
            allowDeselect={false}
            w={360}
            data-testid="base-select"
          />
          <Text size="sm" fw={500}>
            LoRA adapters
          </Text>
          {adapters.length === 0 && (
            <Text size="sm" c="dimmed">
              No adapter registered: the base model runs alone.
            </Text>
          )}
          {adapters.map((a) => (
            <AdapterChoice
              key={a.id}
              adapter={a}
              checkable={!sameBase || a.incompatibility === null}
              scale={choices.get(a.id)}
              onChange={(s) => setScale(a.id, s)}
            />
          ))}
          <Group gap="sm">
            <Button
              disabled={baseId === null || !dirty}
              loading={use.isPending}
              onClick={() => baseId !== null && use.mutate({ baseModelId: baseId, adapters: chosen })}
            >
              Apply
            </Button>
            {dirty && (
              <Button variant="subtle" onClick={() => {
                  setBaseId(config.baseModelId)
                  setChoices(choicesOf(config))
                }}>
                Undo changes
              </Button>
            )}
          </Group>
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={16} />} p="xs">
            <Text size="xs">
              Switching adapters or their scales keeps the base model loaded: only the adapters are swapped. Choosing another base model
              loads it from disk again.
            </Text>
          </Alert>
          {use.error && <ErrorAlert error={use.error} title="The configuration was not applied" />}
        </Stack>
      )}
    </Section>
  )
}
