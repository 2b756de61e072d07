// A new password typed twice, checked against the same policy the server applies, with the reason shown as typed.
import { PasswordInput, Stack } from '@mantine/core'
import { passwordProblem } from '../../../../shared/domain/passwordPolicy'

export interface NewPassword {
  password: string
  confirm: string
}

/** Why the pair cannot be submitted, or null. */
export function newPasswordProblem(p: NewPassword, who: { username?: string; displayName?: string }): string | null {
  return passwordProblem(p.password, who) ?? (p.password !== p.confirm ? 'The two passwords differ.' : null)
}

export function PasswordFields(props: { value: NewPassword; onChange: (v: NewPassword) => void; who: { username?: string; displayName?: string }; label?: string }) {
  const { value, onChange } = props
  const problem = value.password ? passwordProblem(value.password, props.who) : null
  return (
    <Stack gap="xs">
      <PasswordInput
        label={props.label ?? 'New password'}
        description="At least 15 characters; a few unrelated words make a good one."
        value={value.password}
        onChange={(e) => onChange({ ...value, password: e.currentTarget.value })}
        error={problem}
        autoComplete="new-password"
        required
      />
      <PasswordInput
        label="Repeat the password"
        value={value.confirm}
        onChange={(e) => onChange({ ...value, confirm: e.currentTarget.value })}
        error={value.confirm && value.confirm !== value.password ? 'The two passwords differ.' : null}
        autoComplete="new-password"
        required
      />
    </Stack>
  )
}
