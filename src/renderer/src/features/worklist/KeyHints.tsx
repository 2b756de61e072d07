// The worklist's keyboard shortcuts, shown as a small hint line.
import { Group, Kbd, Text } from '@mantine/core'

export function KeyHints() {
  return (
    <Group gap={10} c="dimmed" data-testid="key-hints">
      <Text size="xs">
        <Kbd size="xs">j</Kbd> <Kbd size="xs">k</Kbd> or <Kbd size="xs">↓</Kbd> <Kbd size="xs">↑</Kbd> move
      </Text>
      <Text size="xs">
        <Kbd size="xs">Enter</Kbd> open
      </Text>
      <Text size="xs">
        <Kbd size="xs">x</Kbd> select
      </Text>
      <Text size="xs">
        <Kbd size="xs">/</Kbd> search
      </Text>
      <Text size="xs">
        <Kbd size="xs">Esc</Kbd> back from a report
      </Text>
    </Group>
  )
}
