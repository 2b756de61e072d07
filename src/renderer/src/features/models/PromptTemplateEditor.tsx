// The prompt template: its version, whether it is the shipped default, an editor, and a way back to the default.
import { Badge, Button, Code, Group, Loader, Text, Textarea } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useAction, useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { Section } from '../../components/Section'

export function PromptTemplateEditor() {
  const template = useCall('models.promptTemplate', {})
  const save = useAction('models.configure', ['models.promptTemplate', 'models.list'])
  const [text, setText] = useState('')
  useEffect(() => {
    if (template.data) setText(template.data.text)
  }, [template.data])

  const t = template.data
  const dirty = t !== undefined && text !== t.text
  return (
    <Section
      title="Prompt template"
      testId="prompt-template"
      actions={
        t && (
          <Group gap="xs">
            <Code data-testid="prompt-template-version">{t.version}</Code>
            <Badge variant="light" color={t.isDefault ? 'gray' : 'teal'} tt="none" data-testid="prompt-template-origin">
              {t.isDefault ? 'Shipped default' : 'Edited at this site'}
            </Badge>
          </Group>
        )
      }
    >
      <Text size="xs" c="dimmed">
        Every interpretation records the version of the template it was drafted with, so drafts stay traceable after edits.
      </Text>
      {template.isPending && <Loader size="sm" />}
      {template.error && <ErrorAlert error={template.error} title="Could not read the prompt template" />}
      {t && (
        <>
          <Textarea
            aria-label="Prompt template"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={8}
            maxRows={24}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            data-testid="prompt-template-text"
          />
          <Group gap="xs">
            <Button disabled={!dirty || text.trim() === ''} loading={save.isPending && save.variables.promptTemplate !== null} onClick={() => save.mutate({ promptTemplate: text })}>
              Save template
            </Button>
            {dirty && (
              <Button variant="subtle" onClick={() => setText(t.text)}>
                Discard edits
              </Button>
            )}
            <Button
              variant="default"
              disabled={t.isDefault}
              loading={save.isPending && save.variables.promptTemplate === null}
              onClick={() => save.mutate({ promptTemplate: null })}
            >
              Restore default
            </Button>
          </Group>
        </>
      )}
      {save.error && <ErrorAlert error={save.error} title="Template not saved" />}
    </Section>
  )
}
