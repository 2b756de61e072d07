// Explains a non-final report status in words, so a preliminary or corrected result is never read as final.
import { Alert } from '@mantine/core'
import { IconAlertTriangle, IconPencilExclamation, IconBan } from '@tabler/icons-react'
import type { ReportStatus } from '../../../../shared/domain/report'

export function StatusNotice({ status, corrections }: { status: ReportStatus; corrections: number }) {
  if (status === 'preliminary') {
    return (
      <Alert color="orange" variant="filled" icon={<IconAlertTriangle size={20} />} title="PRELIMINARY result" data-testid="status-notice">
        The device or laboratory marked this report as not final. Values may still change or be withdrawn; do not act on them as final
        results. A final or corrected version will arrive as a new message.
      </Alert>
    )
  }
  if (status === 'corrected') {
    return (
      <Alert color="violet" variant="filled" icon={<IconPencilExclamation size={20} />} title="CORRECTED result" data-testid="status-notice">
        This report corrects values sent earlier.{' '}
        {corrections > 0
          ? `${corrections} value${corrections === 1 ? '' : 's'} changed; each shows what it was before.`
          : 'The earlier values were not imported here, so what changed cannot be shown.'}{' '}
        Anything decided on the earlier values may need another look.
      </Alert>
    )
  }
  if (status === 'cancelled') {
    return (
      <Alert color="gray" variant="filled" icon={<IconBan size={20} />} title="CANCELLED" data-testid="status-notice">
        The sender cancelled this report or its results. They are kept for the record only.
      </Alert>
    )
  }
  return null
}
