// Shows a failed contract call as an alert with the error code and message.
import { Alert } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { ApiError } from '../api/client'

export function ErrorAlert({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  const message = error instanceof Error ? error.message : String(error)
  const code = error instanceof ApiError ? ` (${error.code})` : ''
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title + code} role="alert">
      {message}
    </Alert>
  )
}
