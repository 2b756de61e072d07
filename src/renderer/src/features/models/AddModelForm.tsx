// Registers a GGUF file by its path on this workstation: the backend reads the metadata and fingerprints it (no upload).
import { Button, Group, Loader, Paper, Stack, Text, TextInput } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'

export function AddModelForm() {
  const [path, setPath] = useState('')
  const add = useAction('models.add', ['models.list'])
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const p = path.trim()
    if (p === '') return
    add.mutate({ path: p }, { onSuccess: () => setPath('') })
  }
  return (
    <Paper withBorder p="sm" data-testid="add-model">
      <form onSubmit={submit} aria-label="Add model">
        <Stack gap="xs">
          <Group align="end" wrap="nowrap">
            <TextInput
              label="Model file (GGUF)"
              description="Full path of a base model or LoRA adapter on this workstation; the file stays where it is."
              placeholder="/opt/models/base.gguf"
              value={path}
              onChange={(e) => setPath(e.currentTarget.value)}
              disabled={add.isPending}
              style={{ flex: 1 }}
              data-testid="model-path"
            />
            <Button type="submit" leftSection={<IconPlus size={16} />} disabled={path.trim() === ''} loading={add.isPending}>
              Add
            </Button>
          </Group>
          {add.isPending && (
            <Group gap="xs" data-testid="add-model-busy">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Reading metadata and fingerprinting…
              </Text>
            </Group>
          )}
          {add.error && (
            <div data-testid="add-model-error">
              <ErrorAlert error={add.error} title="Could not add the model" />
            </div>
          )}
          {add.data && !add.isPending && !add.error && (
            <Text size="sm" c="teal" data-testid="add-model-done">
              Added {add.data.kind === 'base' ? 'base model' : 'LoRA adapter'} “{add.data.name}”.
            </Text>
          )}
        </Stack>
      </form>
    </Paper>
  )
}
