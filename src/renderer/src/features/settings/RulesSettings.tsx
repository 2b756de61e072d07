// Settings → Rules: the active rule set, export, loading a site rule file, reset to the defaults, re-evaluating every report.
import { Alert, Badge, Button, Card, Code, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconDownload, IconRefresh, IconRestore } from '@tabler/icons-react'
import { useState } from 'react'
import { useCall } from '../../api/hooks'
import { downloadText } from '../../components/download'
import { ErrorAlert } from '../../components/ErrorAlert'
import { Field } from '../../components/Field'
import { formatLocalTime } from '../../components/format'
import { RuleFileLoader } from './RuleFileLoader'
import { RulesJobProgress } from './RulesJobProgress'
import { useRulesJob } from './useRulesJob'

function ResetConfirm(props: { onConfirm: () => void; onCancel: () => void }) {
  return (
    <Alert color="orange" title="Go back to the shipped defaults?" data-testid="rules-reset-confirm">
      <Text size="sm" mb="xs">
        The site rule file stops applying and every stored report is re-evaluated with Readout&apos;s default rules. Export the site file
        first if you may need it again.
      </Text>
      <Group>
        <Button color="orange" onClick={props.onConfirm}>
          Reset and re-evaluate
        </Button>
        <Button variant="default" onClick={props.onCancel}>
          Cancel
        </Button>
      </Group>
    </Alert>
  )
}

export function RulesSettings() {
  const info = useCall('rules.get', {})
  const job = useRulesJob()
  const [confirmReset, setConfirmReset] = useState(false)
  const r = info.data
  return (
    <Card withBorder data-testid="rules-settings">
      <Stack gap="sm">
        <Text fw={600}>Rules</Text>
        <Text size="sm" c="dimmed">
          Deterministic rules turn a report&apos;s values into findings (critical values, out-of-range results, ECG intervals, blood-pressure
          category, CGM targets), each with its threshold and source, before any model speaks. A site rule file is layered over the
          shipped defaults: a rule with a default&apos;s id replaces it, and ids listed under <Code>disabled:</Code> switch defaults off.
        </Text>
        {info.isPending && <Loader size="sm" />}
        {info.error && <ErrorAlert error={info.error} title="Could not read the active rules" />}
        {r && (
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" data-testid="rules-active">
            <Field label="Rule set">{r.name}</Field>
            <Field label="Version" testId="rules-active-version">
              <Code>{r.version}</Code>
            </Field>
            <Field label="From" testId="rules-active-origin">
              <Badge variant="light" color={r.isDefault ? 'gray' : 'teal'} tt="none">
                {r.isDefault ? 'Shipped defaults' : 'Site rule file'}
              </Badge>
            </Field>
            <Field label="Rules" testId="rules-active-count">
              {r.ruleCount}
            </Field>
            <Field label="Activated">{formatLocalTime(r.activatedAt)}</Field>
          </SimpleGrid>
        )}
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            disabled={!r}
            onClick={() => r && downloadText(`readout-rules-${r.version}.yaml`, r.text, 'application/yaml')}
          >
            Export rule file
          </Button>
          <Button variant="default" leftSection={<IconRefresh size={16} />} disabled={job.running} onClick={() => void job.run()}>
            Re-evaluate all reports
          </Button>
          <Button
            variant="default"
            color="orange"
            leftSection={<IconRestore size={16} />}
            disabled={job.running || r?.isDefault !== false}
            onClick={() => setConfirmReset(true)}
          >
            Reset to defaults
          </Button>
        </Group>
        {confirmReset && (
          <ResetConfirm
            onCancel={() => setConfirmReset(false)}
            onConfirm={() => {
              setConfirmReset(false)
              void job.reset()
            }}
          />
        )}
        <RuleFileLoader busy={job.running} onActivate={job.activate} />
        <RulesJobProgress job={job} />
        {job.error && <ErrorAlert error={job.error} title="The rule change or re-evaluation did not complete" />}
      </Stack>
    </Card>
  )
}
