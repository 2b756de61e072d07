// Changing one's own password: the forced screen after an administrator's reset, and the user menu's dialog.
import { Button, PasswordInput, Text } from '@mantine/core'
import { useState } from 'react'
import type { SessionUser } from '../../../../shared/domain/roles'
import { ErrorAlert } from '../../components/ErrorAlert'
import { AuthFrame } from './AuthFrame'
import { newPasswordProblem, PasswordFields, type NewPassword } from './PasswordFields'
import { useAuthAction } from './useAuthAction'

export function ChangePasswordForm(props: { user: SessionUser; onDone?: () => void; currentLabel?: string }) {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState<NewPassword>({ password: '', confirm: '' })
  const change = useAuthAction('auth.changePassword', { keepData: true })
  const problem = newPasswordProblem(next, props.user)
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (problem) return
        change.mutate({ currentPassword: current, newPassword: next.password }, { onSuccess: () => props.onDone?.() })
      }}
    >
      <PasswordInput label={props.currentLabel ?? 'Current password'} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" required mb="xs" />
      <PasswordFields value={next} onChange={setNext} who={props.user} />
      {change.error && <ErrorAlert error={change.error} title="Password not changed" />}
      {change.isSuccess && <Text c="teal" size="sm" mt="xs">Password changed.</Text>}
      <Button type="submit" mt="md" fullWidth loading={change.isPending} disabled={!current || problem !== null}>
        Change password
      </Button>
    </form>
  )
}

export function ForcedPasswordChangeScreen({ user }: { user: SessionUser }) {
  const signOut = useAuthAction('auth.signOut')
  return (
    <AuthFrame testId="change-password" title="Choose a new password" subtitle={`An administrator reset the password of ${user.username}. Choose your own before you continue.`}>
      <ChangePasswordForm user={user} currentLabel="Temporary password" />
      <Button variant="subtle" onClick={() => signOut.mutate({})}>
        Sign out
      </Button>
    </AuthFrame>
  )
}
