// Shown above every page when the audit log failed verification (at start-up or since): says so and leads to the Audit page.
import { Alert, Anchor } from '@mantine/core'
import { IconShieldX } from '@tabler/icons-react'
import { useCall } from '../../api/hooks'
import { navigate } from '../../app/routes'
import { BREAK_TITLES } from './filters'

export function AuditBanner() {
  // Before sign-in this call is refused; the banner then stays hidden until someone signs in.
  const status = useCall('audit.status', {}, { retry: false, refetchInterval: 60_000 })
  const v = status.data?.verification
  if (!v || v.ok) return null
  return (
    <Alert color="red" icon={<IconShieldX size={18} />} title={`Audit log: ${v.reason ? BREAK_TITLES[v.reason] : 'verification failed'}`} mb="md" role="alert" data-testid="audit-banner">
      {v.message}{' '}
      <Anchor
        href="#/audit"
        onClick={(e) => {
          e.preventDefault()
          navigate('audit')
        }}
      >
        Open the Audit page
      </Anchor>
    </Alert>
  )
}
