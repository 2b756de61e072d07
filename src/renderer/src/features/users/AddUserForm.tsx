// Adding an account: name, display name, roles and a first password, which the person changes at first sign-in.
import { Button, Card, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { Role } from '../../../../shared/domain/roles'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { newPasswordProblem, PasswordFields, type NewPassword } from '../auth/PasswordFields'
import { RolePicker } from './RolePicker'

export function AddUserForm() {
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [roles, setRoles] = useState<Role[]>(['clinician'])
  const [password, setPassword] = useState<NewPassword>({ password: '', confirm: '' })
  const [mustChange, setMustChange] = useState(true)
  const create = useAction('users.create', ['users.list'])
  const problem = newPasswordProblem(password, { username, displayName })
  return (
    <Card withBorder data-testid="add-user">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (problem) return
          create.mutate(
            { username: username.trim(), displayName: displayName.trim(), roles, password: password.password, mustChangePassword: mustChange },
            {
              onSuccess: () => {
                setUsername('')
                setDisplayName('')
                setPassword({ password: '', confirm: '' })
              },
            },
          )
        }}
      >
        <Stack gap="xs">
          <Text fw={600}>Add a user</Text>
          <Group grow align="flex-start">
            <TextInput label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} required autoComplete="off" />
            <TextInput label="Display name" value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} required />
          </Group>
          <RolePicker label="Roles" value={roles} onChange={setRoles} />
          <PasswordFields value={password} onChange={setPassword} who={{ username, displayName }} label="First password" />
          <Checkbox label="Must choose a new password at first sign-in" checked={mustChange} onChange={(e) => setMustChange(e.currentTarget.checked)} />
          {create.error && <ErrorAlert error={create.error} title="User not added" />}
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!username.trim() || !displayName.trim() || problem !== null}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
