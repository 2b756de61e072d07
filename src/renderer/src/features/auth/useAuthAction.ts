// A call that changes the session (sign in, unlock, …): on success the status query takes its answer and cached data
// of any previous user is dropped; the event stream reconnects with the new session.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { AuthStatus } from '../../../../shared/contract/auth'
import type { MethodInput } from '../../../../shared/contract'
import { call, reconnectEvents } from '../../api/client'
import { clearCachedData, STATUS_KEY } from './authEvents'

type SessionMethod = 'auth.createFirstAdmin' | 'auth.signIn' | 'auth.signOut' | 'auth.lock' | 'auth.unlock' | 'auth.changePassword'

export function useAuthAction<M extends SessionMethod>(method: M, opts: { keepData?: boolean } = {}) {
  const qc = useQueryClient()
  return useMutation<AuthStatus, Error, MethodInput<M>>({
    mutationFn: (input) => call(method, input) as Promise<AuthStatus>,
    onSuccess: (status) => {
      if (!opts.keepData) clearCachedData(qc)
      qc.setQueryData(STATUS_KEY, status)
      reconnectEvents()
    },
  })
}
