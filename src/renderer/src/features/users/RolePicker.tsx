// Checkboxes for a user's roles; at least one must stay ticked.
import { Checkbox, Group } from '@mantine/core'
import { ROLES, type Role } from '../../../../shared/domain/roles'
import { ROLE_LABELS } from './roleLabels'

export function RolePicker(props: { value: Role[]; onChange: (roles: Role[]) => void; label?: string; disabled?: boolean; ariaLabel?: string }) {
  return (
    <Checkbox.Group label={props.label} value={props.value} onChange={(v) => v.length > 0 && props.onChange(v as Role[])} aria-label={props.ariaLabel}>
      <Group gap="sm" mt={props.label ? 4 : 0}>
        {ROLES.map((r) => (
          <Checkbox key={r} value={r} label={ROLE_LABELS[r].label} title={ROLE_LABELS[r].meaning} disabled={props.disabled} />
        ))}
      </Group>
    </Checkbox.Group>
  )
}
