// A small labelled value for detail headers (label above, value below).
import { Text } from '@mantine/core'
import type { ReactNode } from 'react'

export function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-word' }} component="div" data-testid={testId}>
        {children}
      </Text>
    </div>
  )
}
