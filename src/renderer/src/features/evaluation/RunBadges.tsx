// Badges for a run's state and its release-gate verdict, the same in the list and on the run's page.
import { Badge } from '@mantine/core'
import type { RunState } from './evalTypes'

const STATE_COLORS: Record<RunState, string> = { queued: 'gray', running: 'blue', done: 'teal', failed: 'red', cancelled: 'gray' }
const STATE_LABELS: Record<RunState, string> = { queued: 'queued', running: 'running', done: 'finished', failed: 'failed', cancelled: 'cancelled' }

export function RunStateBadge({ state }: { state: RunState }) {
  return (
    <Badge color={STATE_COLORS[state]} variant="light" data-testid="eval-run-state">
      {STATE_LABELS[state]}
    </Badge>
  )
}

/** pass / fail once the run has finished; nothing before (a running run has no verdict yet). */
export function GateBadge({ pass, size = 'md' }: { pass: boolean | null; size?: 'md' | 'lg' | 'xl' }) {
  if (pass === null) return null
  return (
    <Badge color={pass ? 'green' : 'red'} size={size} variant="filled" data-testid="eval-gate-badge">
      gate {pass ? 'passed' : 'failed'}
    </Badge>
  )
}
