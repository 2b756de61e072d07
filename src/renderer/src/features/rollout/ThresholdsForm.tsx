// The canary's alert thresholds: the window of reviews, the minimum to judge, and the margins over production that pause it.
import { Button, Group, NumberInput, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { AlertThresholds } from '../../../../shared/domain/alertThresholds'
import { AlertThresholdsSchema } from '../../../../shared/domain/alertThresholds'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'

export function ThresholdsForm({ current }: { current: AlertThresholds }) {
  const [form, setForm] = useState({ ...current, correctionRateMargin: current.correctionRateMargin * 100, evidenceFailureMargin: current.evidenceFailureMargin * 100 })
  const save = useAction('rollout.setThresholds', ['rollout.thresholds', 'rollout.monitor'])
  const next = { ...form, correctionRateMargin: form.correctionRateMargin / 100, evidenceFailureMargin: form.evidenceFailureMargin / 100 }
  const parsed = AlertThresholdsSchema.safeParse(next)
  const problem = !parsed.success ? 'Check the values: whole numbers of reviews, margins between 0 and 100 points.' : next.minReviews > next.window ? 'The minimum of reviews cannot exceed the window.' : null
  const num = (key: keyof typeof form) => (v: number | string) => setForm((f) => ({ ...f, [key]: typeof v === 'number' ? v : Number.NaN }))
  return (
    <Stack gap="xs" data-testid="rollout-thresholds">
      <Group align="flex-end">
        <NumberInput label="Window (newest reviews)" min={1} max={10000} allowDecimal={false} value={form.window} onChange={num('window')} w={170} />
        <NumberInput label="Minimum reviews" min={1} max={10000} allowDecimal={false} value={form.minReviews} onChange={num('minReviews')} w={150} />
        <NumberInput label="Correction margin (points)" min={0} max={100} decimalScale={1} value={form.correctionRateMargin} onChange={num('correctionRateMargin')} w={190} />
        <NumberInput label="Evidence margin (points)" min={0} max={100} decimalScale={1} value={form.evidenceFailureMargin} onChange={num('evidenceFailureMargin')} w={180} />
        <Button onClick={() => save.mutate(next)} disabled={problem !== null} loading={save.isPending} data-testid="thresholds-save">
          Save thresholds
        </Button>
      </Group>
      <Text size="xs" c={problem ? 'red' : 'dimmed'}>
        {problem ?? 'After each signed review of a canary or production draft: the canary pauses when its rate is above production\'s by more than the margin.'}
      </Text>
      {save.isError && <ErrorAlert error={save.error} title="Thresholds not saved" />}
    </Stack>
  )
}
