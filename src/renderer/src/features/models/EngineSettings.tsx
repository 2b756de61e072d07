// Engine and sampling settings (models.configure): threads, GPU layers, parallel reports, temperature, seed, limits.
import { Button, Group, NumberInput, SimpleGrid, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { LlmConfig } from '../../../../shared/contract/models'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { Section } from '../../components/Section'

/** A NumberInput's value: a number, or '' while empty. */
type Num = number | ''

interface Form {
  threads: Num
  gpuLayers: Num
  parallelism: Num
  temperature: Num
  seed: Num
  maxTokens: Num
  timeoutS: Num
}

function formOf(c: LlmConfig): Form {
  return {
    threads: c.threads ?? '',
    gpuLayers: c.gpuLayers ?? '',
    parallelism: c.parallelism,
    temperature: c.temperature,
    seed: c.seed,
    maxTokens: c.maxTokens,
    timeoutS: c.timeoutS,
  }
}

const num = (v: number | string): Num => (typeof v === 'number' ? v : v.trim() === '' ? '' : Number.isFinite(Number(v)) ? Number(v) : '')

export function EngineSettings({ config }: { config: LlmConfig }) {
  const configure = useAction('models.configure', ['models.list'])
  const [form, setForm] = useState<Form>(() => formOf(config))
  useEffect(() => setForm(formOf(config)), [config])

  const field = (key: keyof Form) => ({
    value: form[key],
    onChange: (v: number | string) => setForm((f) => ({ ...f, [key]: num(v) })),
  })
  const required = [form.parallelism, form.temperature, form.seed, form.maxTokens, form.timeoutS]
  const complete = required.every((v) => v !== '')
  const dirty = JSON.stringify(form) !== JSON.stringify(formOf(config))

  const save = () => {
    if (!complete) return
    configure.mutate({
      threads: form.threads === '' ? null : form.threads,
      gpuLayers: form.gpuLayers === '' ? null : form.gpuLayers,
      parallelism: Number(form.parallelism),
      temperature: Number(form.temperature),
      seed: Number(form.seed),
      maxTokens: Number(form.maxTokens),
      timeoutS: Number(form.timeoutS),
    })
  }

  return (
    <Section title="Engine settings" testId="engine-settings">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <NumberInput label="Threads" description="Empty: automatic" placeholder="automatic" min={1} max={256} allowDecimal={false} {...field('threads')} />
        <NumberInput label="GPU layers" description="Empty: automatic" placeholder="automatic" min={0} max={1000} allowDecimal={false} {...field('gpuLayers')} />
        <NumberInput label="Parallel reports" description="By the batch, at once" min={1} max={16} allowDecimal={false} {...field('parallelism')} />
        <NumberInput label="Temperature" description="0: most repeatable" min={0} max={2} step={0.05} decimalScale={2} {...field('temperature')} />
        <NumberInput label="Seed" description="Same seed, same draft" min={0} max={2 ** 31 - 1} allowDecimal={false} {...field('seed')} />
        <NumberInput label="Max tokens" description="Per draft" min={16} max={8192} allowDecimal={false} {...field('maxTokens')} />
        <NumberInput label="Timeout (seconds)" description="Per draft" min={5} max={3600} allowDecimal={false} {...field('timeoutS')} />
      </SimpleGrid>
      <Group gap="sm">
        <Button disabled={!dirty || !complete} loading={configure.isPending} onClick={save}>
          Save settings
        </Button>
        {!complete && (
          <Text size="xs" c="red">
            Fill in every setting except threads and GPU layers.
          </Text>
        )}
        <Text size="xs" c="dimmed">
          Thread, GPU-layer and parallelism changes take effect when the model is next loaded (press Load).
        </Text>
      </Group>
      {configure.error && <ErrorAlert error={configure.error} title="Settings not saved" />}
    </Section>
  )
}
