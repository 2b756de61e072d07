// Settings: appearance, the deterministic rules and the receivers (MLLP, watch folder); model settings join as that feature lands.
import { Card, SegmentedControl, Stack, Text, Title, useMantineColorScheme, type MantineColorScheme } from '@mantine/core'
import { ReceiversSettings } from './ReceiversSettings'
import { RulesSettings } from './RulesSettings'
import { SessionSettings } from './SessionSettings'

export function SettingsPage() {
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  return (
    <Stack maw={640}>
      <Title order={2}>Settings</Title>
      <Card withBorder>
        <Stack gap="xs">
          <Text fw={600}>Appearance</Text>
          <SegmentedControl
            value={colorScheme}
            onChange={(v) => setColorScheme(v as MantineColorScheme)}
            data={[
              { value: 'light', label: 'Light' },
              { value: 'dark', label: 'Dark' },
              { value: 'auto', label: 'System' },
            ]}
            aria-label="Colour theme"
          />
        </Stack>
      </Card>
      <RulesSettings />
      <ReceiversSettings />
      <SessionSettings />
    </Stack>
  )
}
