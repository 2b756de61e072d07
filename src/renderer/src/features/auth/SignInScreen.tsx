// Sign-in: who is using Readout in this window or browser. Also the "switch user" screen.
import { Button, PasswordInput, TextInput } from '@mantine/core'
import { useState } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { AuthFrame } from './AuthFrame'
import { useAuthAction } from './useAuthAction'

export function SignInForm(props: { submitLabel?: string }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const signIn = useAuthAction('auth.signIn')
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        signIn.mutate({ username: username.trim(), password }, { onSettled: () => setPassword('') })
      }}
    >
      <TextInput label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoComplete="username" required mb="xs" data-autofocus />
      <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" required />
      {signIn.error && <ErrorAlert error={signIn.error} title="Not signed in" />}
      <Button type="submit" mt="md" fullWidth loading={signIn.isPending} disabled={!username.trim() || !password}>
        {props.submitLabel ?? 'Sign in'}
      </Button>
    </form>
  )
}

export function SignInScreen() {
  return (
    <AuthFrame testId="sign-in" title="Sign in to Readout">
      <SignInForm />
    </AuthFrame>
  )
}
