// The lock screen: the page (and any patient data) is gone until the same person unlocks, or someone else signs in.
import { Anchor, Button, Divider, PasswordInput, Text } from '@mantine/core'
import { useState } from 'react'
import type { SessionUser } from '../../../../shared/domain/roles'
import { ErrorAlert } from '../../components/ErrorAlert'
import { AuthFrame } from './AuthFrame'
import { SignInForm } from './SignInScreen'
import { useAuthAction } from './useAuthAction'

export function LockScreen({ user }: { user: SessionUser }) {
  const [password, setPassword] = useState('')
  const [switching, setSwitching] = useState(false)
  const unlock = useAuthAction('auth.unlock')
  const signOut = useAuthAction('auth.signOut')
  return (
    <AuthFrame testId="lock-screen" title="Readout is locked" subtitle={`Locked for ${user.displayName} (${user.username}).`}>
      {switching ? (
        <>
          <Text size="sm">Sign in as another user; {user.username} is signed out.</Text>
          <SignInForm submitLabel="Switch user" />
          <Anchor component="button" size="sm" onClick={() => setSwitching(false)}>
            Back to unlock
          </Anchor>
        </>
      ) : (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault()
              unlock.mutate({ password }, { onSettled: () => setPassword('') })
            }}
          >
            <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" required data-autofocus />
            {unlock.error && <ErrorAlert error={unlock.error} title="Still locked" />}
            <Button type="submit" mt="md" fullWidth loading={unlock.isPending} disabled={!password}>
              Unlock
            </Button>
          </form>
          <Divider label="or" />
          <Button variant="default" onClick={() => setSwitching(true)}>
            Switch user
          </Button>
          <Button variant="subtle" onClick={() => signOut.mutate({})} loading={signOut.isPending}>
            Sign out
          </Button>
        </>
      )}
    </AuthFrame>
  )
}
