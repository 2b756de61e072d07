// A titled block of a detail view (level-3 heading, optional right-hand actions), so views read as one outline.
import { Group, Paper, Stack, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export function Section(props: { title: ReactNode; actions?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={props.testId}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Title order={3} size="h5">
            {props.title}
          </Title>
          {props.actions}
        </Group>
        {props.children}
      </Stack>
    </Paper>
  )
}
