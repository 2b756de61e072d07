// React Query bindings for contract calls and events.
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../shared/contract'
import { call, subscribe } from './client'

export function useCall<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  options: Omit<UseQueryOptions<MethodOutput<M>>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<MethodOutput<M>>({ queryKey: [method, input], queryFn: () => call(method, input), ...options })
}

/** A mutation that refreshes the queries of the given methods when it succeeds. */
export function useAction<M extends MethodName>(method: M, invalidates: MethodName[] = []) {
  const qc = useQueryClient()
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: async () => {
      await Promise.all(invalidates.map((m) => qc.invalidateQueries({ queryKey: [m] })))
    },
  })
}

export function useEvent<E extends EventName>(event: E, fn: (payload: EventPayload<E>) => void): void {
  useEffect(() => subscribe(event, fn), [event, fn])
}
