// The centred card the sign-in, first-run, lock and password screens share, shown instead of the app.
import { Card, Center, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export function AuthFrame(props: { title: string; subtitle?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Center mih="100vh" p="md" data-testid={props.testId}>
      <Card withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack>
          <Title order={2}>{props.title}</Title>
          {props.subtitle && <Text c="dimmed" size="sm">{props.subtitle}</Text>}
          {props.children}
        </Stack>
      </Card>
    </Center>
  )
}
