// Users (administrators): every account with its roles and state; add, change roles, disable or enable, reset a password.
import { Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { UserSummary } from '../../../../shared/contract/auth'
import { useAction, useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatLocalTime } from '../../components/format'
import { useSession } from '../auth/session'
import { AddUserForm } from './AddUserForm'
import { ResetPasswordModal } from './ResetPasswordModal'
import { RolePicker } from './RolePicker'

function StateBadges({ u }: { u: UserSummary }) {
  return (
    <Group gap={4}>
      {u.disabled && <Badge color="gray">Disabled</Badge>}
      {u.lockedUntil && Date.parse(u.lockedUntil) > Date.now() && <Badge color="red">Locked out until {formatLocalTime(u.lockedUntil)}</Badge>}
      {u.mustChangePassword && <Badge color="yellow">Must change password</Badge>}
      {!u.disabled && !u.mustChangePassword && <Badge color="teal" variant="light">Active</Badge>}
    </Group>
  )
}

export function UsersPage() {
  const { user: me } = useSession()
  const users = useCall('users.list', {})
  const update = useAction('users.update', ['users.list', 'auth.status'])
  const disable = useAction('users.disable', ['users.list'])
  const enable = useAction('users.enable', ['users.list'])
  const [resetting, setResetting] = useState<UserSummary | null>(null)
  const error = update.error ?? disable.error ?? enable.error
  return (
    <Stack>
      <Title order={2}>Users</Title>
      {users.isPending && <Loader size="sm" />}
      {users.error && <ErrorAlert error={users.error} />}
      {error && <ErrorAlert error={error} title="Not changed" />}
      {users.data && (
        <Table striped data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((u) => (
              <Table.Tr key={u.id} data-testid={`user-${u.username}`}>
                <Table.Td>
                  <Text fw={600}>{u.displayName}</Text>
                  <Text size="xs" c="dimmed">
                    {u.username}
                    {u.id === me.id ? ' (you)' : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <RolePicker value={u.roles} onChange={(roles) => update.mutate({ id: u.id, roles })} ariaLabel={`Roles of ${u.username}`} />
                </Table.Td>
                <Table.Td>
                  <StateBadges u={u} />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => setResetting(u)}>
                      Reset password
                    </Button>
                    {u.disabled ? (
                      <Button size="xs" variant="default" onClick={() => enable.mutate({ id: u.id })}>
                        Enable
                      </Button>
                    ) : (
                      <Button size="xs" color="red" variant="light" onClick={() => disable.mutate({ id: u.id })} disabled={u.id === me.id}>
                        Disable
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddUserForm />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Stack>
  )
}
