// A rule re-evaluation in progress (reports done of total) and, once it ends, what it did.
import { Alert, Progress, Stack, Text } from '@mantine/core'
import { IconCircleCheck } from '@tabler/icons-react'
import { formatCount } from '../../components/format'
import type { RulesJob } from './useRulesJob'

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`
}

const seconds = (s: number): string => (s < 0.1 ? 'under 0.1 s' : `${s.toFixed(1)} s`)

export function RulesJobProgress({ job }: { job: RulesJob }) {
  const { progress, summary } = job
  if (job.running) {
    const total = progress?.total ?? 0
    const done = progress?.done ?? 0
    return (
      <Stack gap={4} data-testid="rules-progress">
        <Progress value={total > 0 ? (done / total) * 100 : 0} animated={total === 0} aria-label="Re-evaluation progress" />
        <Text size="xs" c="dimmed">
          {total > 0 ? `Re-evaluating: ${formatCount(done)} of ${plural(total, 'report')}` : 'Re-evaluating every report…'}
        </Text>
      </Stack>
    )
  }
  if (!summary) return null
  return (
    <Alert color="teal" icon={<IconCircleCheck size={18} />} title={summary.what} data-testid="rules-run-summary">
      Re-evaluated {plural(summary.reports, 'report')}: {plural(summary.findings, 'finding')} in {seconds(summary.seconds)}. The worklist
      and open reports now show the new findings.
    </Alert>
  )
}
