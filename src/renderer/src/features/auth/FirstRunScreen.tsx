// First run: no account exists yet, so the first administrator is created here (there is no default password).
import { Button, Checkbox, Group, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { Role } from '../../../../shared/domain/roles'
import { ROLE_LABELS } from '../users/roleLabels'
import { ErrorAlert } from '../../components/ErrorAlert'
import { AuthFrame } from './AuthFrame'
import { newPasswordProblem, PasswordFields, type NewPassword } from './PasswordFields'
import { useAuthAction } from './useAuthAction'

const EXTRA_ROLES: Role[] = ['technician', 'clinician', 'ml']

export function FirstRunScreen() {
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [password, setPassword] = useState<NewPassword>({ password: '', confirm: '' })
  const [roles, setRoles] = useState<Role[]>([])
  const create = useAuthAction('auth.createFirstAdmin')
  const problem = newPasswordProblem(password, { username, displayName })
  return (
    <AuthFrame testId="first-run" title="Create the administrator" subtitle="Readout has no accounts yet. The first one administers users, settings and rules; it can hold other roles too.">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (!problem) create.mutate({ username: username.trim(), displayName: displayName.trim(), password: password.password, roles })
        }}
      >
        <TextInput label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoComplete="username" required mb="xs" />
        <TextInput label="Display name" description="Shown with signatures, e.g. Dr A. Smith" value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} required mb="xs" />
        <PasswordFields value={password} onChange={setPassword} who={{ username, displayName }} />
        <Checkbox.Group label="Also works as" value={roles} onChange={(v) => setRoles(v as Role[])} mt="sm">
          <Group mt={4}>
            {EXTRA_ROLES.map((r) => (
              <Checkbox key={r} value={r} label={ROLE_LABELS[r].label} title={ROLE_LABELS[r].meaning} />
            ))}
          </Group>
        </Checkbox.Group>
        {create.error && <ErrorAlert error={create.error} title="Not created" />}
        <Button type="submit" mt="md" fullWidth loading={create.isPending} disabled={!username.trim() || !displayName.trim() || problem !== null}>
          Create administrator
        </Button>
      </form>
    </AuthFrame>
  )
}
