// Remove button for one registered model, asking first; the file on disk is left alone.
import { ActionIcon, Button, Group, Popover, Stack, Text, Tooltip } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import type { Model } from '../../../../shared/contract/models'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'

export function RemoveModelButton({ model }: { model: Model }) {
  const [opened, setOpened] = useState(false)
  const remove = useAction('models.remove', ['models.list'])
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow trapFocus width={320}>
      <Popover.Target>
        <Tooltip label="Remove from the registry" disabled={opened}>
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={() => {
              remove.reset()
              setOpened((o) => !o)
            }}
            aria-label={`Remove ${model.name}`}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown data-testid="remove-model-confirm">
        <Stack gap="xs">
          <Text size="sm">
            Forget “{model.name}”? The file stays on disk, and interpretations it drafted keep their provenance.
          </Text>
          {remove.error && <ErrorAlert error={remove.error} title="Not removed" />}
          <Group gap="xs" justify="flex-end">
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>
              Keep
            </Button>
            <Button
              size="xs"
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate({ id: model.id }, { onSuccess: () => setOpened(false) })}
            >
              Remove
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}
