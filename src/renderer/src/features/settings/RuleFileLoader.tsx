// Loads a site rule file: validates it (errors with line and column), then offers to activate it and re-evaluate.
import { Alert, Button, Code, Group, List, Loader, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconCheck, IconFileUpload } from '@tabler/icons-react'
import { useRef, useState } from 'react'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'

// The contract's limit on rule file text.
const MAX_CHARS = 2_000_000

export function RuleFileLoader(props: { busy: boolean; onActivate: (text: string) => Promise<boolean> }) {
  const input = useRef<HTMLInputElement>(null)
  const validate = useAction('rules.validate')
  const [file, setFile] = useState<{ name: string; text: string } | null>(null)
  const [readError, setReadError] = useState<string | null>(null)

  const onPicked = async (el: HTMLInputElement) => {
    const picked = el.files?.[0]
    el.value = '' // so that picking the same file again (after editing it) fires change
    if (!picked) return
    validate.reset()
    setFile(null)
    setReadError(null)
    try {
      const text = await picked.text()
      if (text.length > MAX_CHARS) throw new Error(`${picked.name} is too large for a rule file (over ${MAX_CHARS.toLocaleString()} characters).`)
      setFile({ name: picked.name, text })
      validate.mutate({ text })
    } catch (e) {
      setReadError(e instanceof Error ? e.message : String(e))
    }
  }

  const activate = async () => {
    if (!file) return
    if (await props.onActivate(file.text)) {
      setFile(null)
      validate.reset()
    }
  }

  const result = validate.data
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button variant="default" leftSection={<IconFileUpload size={16} />} disabled={props.busy} onClick={() => input.current?.click()}>
          Load site rule file…
        </Button>
        {file && (
          <Text size="sm" c="dimmed">
            {file.name}
          </Text>
        )}
        {validate.isPending && <Loader size="xs" />}
      </Group>
      <input
        ref={input}
        type="file"
        accept=".yaml,.yml,.json,application/yaml,application/json,text/yaml,text/plain"
        hidden
        data-testid="rules-file-input"
        aria-label="Choose a site rule file"
        onChange={(e) => void onPicked(e.currentTarget)}
      />
      {readError !== null && <ErrorAlert error={new Error(readError)} title="Could not read the file" />}
      {validate.error && <ErrorAlert error={validate.error} title="Could not check the rule file" />}
      {file && result && !result.ok && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={`${file.name} is not a valid rule file`} data-testid="rules-file-errors">
          <Text size="sm" mb={4}>
            Nothing was changed. Correct these and load the file again:
          </Text>
          <List size="sm" spacing={2}>
            {result.errors.map((e, i) => (
              <List.Item key={i} data-testid="rules-file-error">
                <Code>
                  line {e.line}, column {e.column}
                </Code>{' '}
                {e.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {file && result?.ok === true && (
        <Alert color="teal" icon={<IconCheck size={18} />} title={`${file.name} is valid`} data-testid="rules-file-valid">
          <Stack gap="xs">
            <Text size="sm">
              Version <Code>{result.version}</Code>, {result.ruleCount} rules once layered over the shipped defaults. Activating it re-evaluates
              every stored report with these rules.
            </Text>
            <Group>
              <Button onClick={() => void activate()} loading={props.busy} disabled={props.busy}>
                Activate and re-evaluate
              </Button>
              <Button
                variant="subtle"
                onClick={() => {
                  setFile(null)
                  validate.reset()
                }}
                disabled={props.busy}
              >
                Discard
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  )
}
