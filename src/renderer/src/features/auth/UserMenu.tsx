// The header's user menu: who is signed in, change password, lock, switch user, sign out.
import { Button, Menu, Modal, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconKey, IconLock, IconLogout, IconUser, IconUsers } from '@tabler/icons-react'
import { ChangePasswordForm } from './ChangePasswordForm'
import { useSession } from './session'
import { useAuthAction } from './useAuthAction'

export function UserMenu() {
  const { user } = useSession()
  const [changing, change] = useDisclosure(false)
  const lock = useAuthAction('auth.lock')
  const signOut = useAuthAction('auth.signOut')
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconUser size={16} />} aria-label="User menu" data-testid="user-menu">
            {user.displayName}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="xs">
              {user.username} · {user.roles.join(', ')}
            </Text>
          </Menu.Label>
          <Menu.Item leftSection={<IconKey size={16} />} onClick={change.open}>
            Change password
          </Menu.Item>
          <Menu.Item leftSection={<IconLock size={16} />} onClick={() => lock.mutate({})}>
            Lock
          </Menu.Item>
          <Menu.Item leftSection={<IconUsers size={16} />} onClick={() => signOut.mutate({})}>
            Switch user
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => signOut.mutate({})}>
            Sign out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={changing} onClose={change.close} title="Change password">
        <ChangePasswordForm user={user} onDone={change.close} />
      </Modal>
    </>
  )
}
