// The release gate's verdict for one candidate, first on the result: pass or fail in large, then each criterion's reason.
import { Alert, List, Text, ThemeIcon } from '@mantine/core'
import { IconCheck, IconCircleCheck, IconCircleX, IconX } from '@tabler/icons-react'
import type { GateResult } from './evalTypes'

export function GateVerdict({ gate, candidateName, baselineName }: { gate: GateResult; candidateName: string; baselineName: string }) {
  return (
    <Alert
      color={gate.pass ? 'green' : 'red'}
      variant="light"
      icon={gate.pass ? <IconCircleCheck size={28} /> : <IconCircleX size={28} />}
      title={
        <Text fw={700} size="lg" data-testid="eval-gate-verdict">
          {gate.pass ? `Gate passed: ${candidateName} may go on to shadow or canary` : `Gate failed: do not roll out ${candidateName} as it is`}
        </Text>
      }
      data-testid="eval-gate"
      data-pass={gate.pass}
    >
      <Text size="sm" mb="xs">
        {candidateName} against {baselineName} on {gate.reports} paired reports, gate “{gate.gate.name}” revision {gate.gate.revision}.
      </Text>
      {gate.reasons.length > 0 && (
        <List size="sm" mb="xs" data-testid="eval-gate-reasons">
          {gate.reasons.map((r) => (
            <List.Item key={r}>{r}</List.Item>
          ))}
        </List>
      )}
      <List size="sm" spacing={2} data-testid="eval-gate-criteria">
        {gate.criteria.map((c) => (
          <List.Item
            key={c.id}
            icon={
              <ThemeIcon color={c.pass ? 'green' : 'red'} size={18} radius="xl" aria-label={c.pass ? 'passed' : 'failed'}>
                {c.pass ? <IconCheck size={12} /> : <IconX size={12} />}
              </ThemeIcon>
            }
          >
            {c.reason}
          </List.Item>
        ))}
      </List>
    </Alert>
  )
}
