// The outcome of importing one message: imported, duplicate, quarantined, or failed before reaching the importer.
import { Badge } from '@mantine/core'
import type { RowOutcome } from './importJob'

const STYLE: Record<RowOutcome, { color: string; label: string }> = {
  imported: { color: 'teal', label: 'Imported' },
  duplicate: { color: 'gray', label: 'Duplicate' },
  quarantined: { color: 'red', label: 'Quarantined' },
  failed: { color: 'red', label: 'Not imported' },
}

export function OutcomeBadge({ outcome }: { outcome: RowOutcome }) {
  const s = STYLE[outcome]
  return (
    <Badge color={s.color} variant={outcome === 'duplicate' ? 'outline' : 'light'} size="sm" data-testid="outcome-badge">
      {s.label}
    </Badge>
  )
}
