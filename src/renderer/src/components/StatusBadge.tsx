// The report status badge: preliminary and corrected stand out (a preliminary result shown as final is a hazard).
import { Badge, type MantineSize } from '@mantine/core'
import type { ReportStatus } from '../../../shared/domain/report'
import { STATUS_LABELS } from './labels'

const STYLE: Record<ReportStatus, { color: string; variant: 'filled' | 'light' | 'outline' }> = {
  preliminary: { color: 'orange', variant: 'filled' },
  corrected: { color: 'violet', variant: 'filled' },
  cancelled: { color: 'gray', variant: 'filled' },
  final: { color: 'gray', variant: 'outline' },
}

export function StatusBadge({ status, size = 'sm' }: { status: ReportStatus; size?: MantineSize }) {
  const s = STYLE[status]
  return (
    <Badge color={s.color} variant={s.variant} size={size} data-testid="status-badge" data-status={status}>
      {STATUS_LABELS[status]}
    </Badge>
  )
}
