// Shown above every page, to every role, while an alert (or a person) has paused the canary: which version, why, and where to act.
import { Alert, Anchor } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { IconPlayerPause } from '@tabler/icons-react'
import { useCallback } from 'react'
import { useCall, useEvent } from '../../api/hooks'
import { navigate } from '../../app/routes'
import { holdsAny, useSession } from '../auth/session'

export function RolloutBanner() {
  const { user } = useSession()
  const qc = useQueryClient()
  // Before sign-in the call is refused; the banner stays hidden until someone signs in.
  const status = useCall('rollout.status', {}, { retry: false, refetchInterval: 60_000 })
  useEvent(
    'rollout.alert',
    useCallback(() => {
      void qc.invalidateQueries({ queryKey: ['rollout.status'] })
      void qc.invalidateQueries({ queryKey: ['rollout.monitor'] })
    }, [qc]),
  )
  const canary = status.data?.versions.find((v) => v.state === 'canary' && v.pausedReason !== null)
  if (!canary) return null
  const production = status.data?.versions.find((v) => v.id === status.data?.productionId)
  return (
    <Alert color="orange" icon={<IconPlayerPause size={18} />} title={`Canary paused: model version ${canary.name}`} mb="md" role="alert" data-testid="rollout-banner">
      {canary.pausedReason} New reports are drafted by {production ? `the production version ${production.name}` : 'production'} until the canary is resumed or
      rolled back.{' '}
      {holdsAny(user, ['ml', 'admin']) && (
        <Anchor
          href="#/rollout"
          onClick={(e) => {
            e.preventDefault()
            navigate('rollout')
          }}
        >
          Open the Rollout page
        </Anchor>
      )}
    </Alert>
  )
}
