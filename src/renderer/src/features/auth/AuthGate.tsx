// Shows the app only to a signed-in, unlocked user; otherwise the first-run, sign-in, lock or password screen
// replaces it (and cached data is dropped), so patient data is never on screen for someone who has not signed in.
import { Center, Loader } from '@mantine/core'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, type ReactNode } from 'react'
import { call } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { clearCachedData, STATUS_KEY } from './authEvents'
import { ForcedPasswordChangeScreen } from './ChangePasswordForm'
import { FirstRunScreen } from './FirstRunScreen'
import { LockScreen } from './LockScreen'
import { SessionContext, type SessionContextValue } from './session'
import { SignInScreen } from './SignInScreen'
import { useIdleLock } from './useIdleLock'

function SignedIn({ value, children }: { value: SessionContextValue; children: ReactNode }) {
  const qc = useQueryClient()
  const lock = useCallback(() => {
    clearCachedData(qc)
    qc.setQueryData(STATUS_KEY, { ...value.status, locked: true })
    void call('auth.lock', {})
      .then((s) => qc.setQueryData(STATUS_KEY, s))
      .catch(() => qc.invalidateQueries({ queryKey: STATUS_KEY }))
  }, [qc, value.status])
  useIdleLock(value.status.idleLockSeconds, lock)
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function AuthGate({ children }: { children: ReactNode }) {
  const qc = useQueryClient()
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: () => call('auth.status', {}) })
  const s = status.data
  const value = useMemo(() => (s?.user ? { user: s.user, status: s } : null), [s])
  const closed = s !== undefined && (!s.user || s.locked)
  useEffect(() => {
    // The page is already gone from the screen; this drops what it had fetched from memory too.
    if (closed) clearCachedData(qc)
  }, [closed, qc])
  if (status.isPending) {
    return (
      <Center mih="100vh">
        <Loader />
      </Center>
    )
  }
  if (status.error || !s) return <ErrorAlert error={status.error} title="Cannot reach Readout" />
  if (!s.hasUsers) return <FirstRunScreen />
  if (!s.user || !value) return <SignInScreen />
  if (s.locked) return <LockScreen user={s.user} />
  if (s.mustChangePassword) return <ForcedPasswordChangeScreen user={s.user} />
  return <SignedIn value={value}>{children}</SignedIn>
}
