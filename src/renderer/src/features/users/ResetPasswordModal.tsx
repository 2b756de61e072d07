// An administrator sets a temporary password; the person must replace it at their next sign-in.
import { Button, Modal, Text } from '@mantine/core'
import { useState } from 'react'
import type { UserSummary } from '../../../../shared/contract/auth'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { newPasswordProblem, PasswordFields, type NewPassword } from '../auth/PasswordFields'

export function ResetPasswordModal({ user, onClose }: { user: UserSummary | null; onClose: () => void }) {
  const [password, setPassword] = useState<NewPassword>({ password: '', confirm: '' })
  const reset = useAction('users.resetPassword', ['users.list'])
  const problem = user ? newPasswordProblem(password, user) : 'no user'
  const close = () => {
    setPassword({ password: '', confirm: '' })
    reset.reset()
    onClose()
  }
  return (
    <Modal opened={user !== null} onClose={close} title={user ? `Reset the password of ${user.username}` : ''}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (user && !problem) reset.mutate({ id: user.id, password: password.password }, { onSuccess: close })
        }}
      >
        <Text size="sm" mb="xs">
          Give the person this temporary password; they must choose their own at the next sign-in. A lock-out ends too.
        </Text>
        {user && <PasswordFields value={password} onChange={setPassword} who={user} label="Temporary password" />}
        {reset.error && <ErrorAlert error={reset.error} title="Not reset" />}
        <Button type="submit" mt="md" loading={reset.isPending} disabled={problem !== null}>
          Reset password
        </Button>
      </form>
    </Modal>
  )
}
