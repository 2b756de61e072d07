// The severity of a deterministic rule finding as a badge: critical red, abnormal orange, info grey.
import { Badge, type MantineSize } from '@mantine/core'
import type { Severity } from '../../../shared/domain/findings'

const STYLE: Record<Severity, { label: string; color: string; variant: 'filled' | 'light' }> = {
  critical: { label: 'Critical', color: 'red', variant: 'filled' },
  abnormal: { label: 'Abnormal', color: 'orange', variant: 'filled' },
  info: { label: 'Info', color: 'gray', variant: 'light' },
}

export function SeverityBadge({ severity, size = 'sm' }: { severity: Severity; size?: MantineSize }) {
  const s = STYLE[severity]
  return (
    <Badge color={s.color} variant={s.variant} size={size} style={{ flexShrink: 0 }} data-testid="severity-badge" data-severity={severity}>
      {s.label}
    </Badge>
  )
}
