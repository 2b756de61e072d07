// New evaluation: the baseline and the candidate(s) (a registered version or a SPEC typed in), the report set, filters
// and the release gate; starting it opens the run's page, where its progress shows.
import { Autocomplete, Button, Code, FileButton, Group, MultiSelect, SegmentedControl, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core'
import { IconFileUpload, IconPlayerPlay } from '@tabler/icons-react'
import { useState } from 'react'
import type { ReportKind } from '../../../../shared/domain/report'
import { useAction, useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { KIND_OPTIONS } from '../../components/labels'
import { Section } from '../../components/Section'
import { navigate } from '../../app/routes'
import { cliEquivalent, EMPTY_RUN_FORM, runFormProblems, startInput, type RunForm } from './runForm'

// Gate files are a few kilobytes; anything much larger is not one.
const MAX_GATE_BYTES = 64 * 1024

export function NewRunForm() {
  const [f, setForm] = useState<RunForm>(EMPTY_RUN_FORM)
  const [gateError, setGateError] = useState<string | null>(null)
  const versions = useCall('versions.list', {})
  const start = useAction('eval.start', ['eval.list'])
  const problems = runFormProblems(f)
  const ready = Object.keys(problems).length === 0
  const set = (patch: Partial<RunForm>) => setForm((old) => ({ ...old, ...patch }))
  const listed = (versions.data ?? []).filter((v) => v.state !== 'retired')
  const names = listed.map((v) => v.name)
  const stateOf = new Map(listed.map((v) => [v.name, v.state]))
  // The options show each version's rollout state, so the production version is easy to pick as the baseline.
  const renderOption = ({ option }: { option: { value: string } }) => (
    <Text size="sm">
      {option.value}{' '}
      <Text span size="xs" c="dimmed">
        {stateOf.get(option.value)}
      </Text>
    </Text>
  )
  const disabled = start.isPending

  const chooseGate = async (file: File | null) => {
    setGateError(null)
    if (file === null) return
    if (file.size > MAX_GATE_BYTES) {
      setGateError(`${file.name} is ${file.size} bytes: a gate file is at most ${MAX_GATE_BYTES} bytes. Choose the gate's YAML or JSON file.`)
      return
    }
    set({ gate: { fileName: file.name, text: await file.text() } })
  }

  return (
    <Section title="New evaluation" testId="eval-new">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (ready) start.mutate(startInput(f), { onSuccess: (run) => navigate(`evaluation/${run.id}`) })
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Every report of the set is drafted by each version at temperature 0 with a fixed seed and compared with its signed version. Evaluation drafts
            are never shown as a report&apos;s draft and never exported.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Autocomplete
              label="Baseline"
              description="The version in use: a version name, or BASE_ID[+ADAPTER_ID:SCALE…]"
              placeholder="e.g. production-2026-03 or 1"
              data={names}
              renderOption={renderOption}
              value={f.baseline}
              error={f.baseline !== '' ? problems.baseline : undefined}
              disabled={disabled}
              onChange={(v) => set({ baseline: v })}
              data-testid="eval-baseline"
            />
            <TagsInput
              label="Candidates"
              description="One or more versions to evaluate; press Enter after each"
              placeholder="e.g. 1+2:1"
              data={names}
              renderOption={renderOption}
              value={f.candidates}
              error={f.candidates.length > 0 ? problems.candidates : undefined}
              disabled={disabled}
              onChange={(v) => set({ candidates: v })}
              data-testid="eval-candidates"
            />
          </SimpleGrid>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Reports
            </Text>
            <SegmentedControl
              value={f.set}
              disabled={disabled}
              onChange={(v) => set({ set: v === 'all' ? 'all' : 'test' })}
              data={[
                { value: 'test', label: 'Test split (frozen by the export)' },
                { value: 'all', label: 'All signed reports' },
              ]}
              data-testid="eval-set"
            />
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <MultiSelect
              label="Report kinds"
              placeholder="any"
              data={KIND_OPTIONS}
              value={f.kinds}
              disabled={disabled}
              onChange={(v) => set({ kinds: v as ReportKind[] })}
              data-testid="eval-kinds"
            />
            <TextInput label="Signed from" type="date" value={f.from} disabled={disabled} onChange={(e) => set({ from: e.currentTarget.value })} data-testid="eval-from" />
            <TextInput label="Signed to" type="date" value={f.to} error={problems.to} disabled={disabled} onChange={(e) => set({ to: e.currentTarget.value })} data-testid="eval-to" />
          </SimpleGrid>
          <Group gap="xs">
            <Text size="sm">
              Release gate: <b data-testid="eval-gate-name">{f.gate ? f.gate.fileName : 'the default gate shipped with Readout'}</b>
            </Text>
            <FileButton onChange={(file) => void chooseGate(file)} accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml">
              {(props) => (
                <Button {...props} size="xs" variant="default" leftSection={<IconFileUpload size={14} />} disabled={disabled}>
                  Choose a gate file…
                </Button>
              )}
            </FileButton>
            {f.gate && (
              <Button size="xs" variant="subtle" onClick={() => set({ gate: null })} disabled={disabled}>
                Use the default gate
              </Button>
            )}
          </Group>
          {versions.error && (
            <Text size="xs" c="orange">
              The list of model versions could not be read ({versions.error.message}); type the versions as SPECs.
            </Text>
          )}
          {gateError && (
            <Text size="sm" c="red" role="alert">
              {gateError}
            </Text>
          )}
          {start.error && <ErrorAlert error={start.error} title="The evaluation did not start" />}
          <Group>
            <Button type="submit" leftSection={<IconPlayerPlay size={16} />} disabled={!ready} loading={start.isPending} data-testid="eval-start">
              Start evaluation
            </Button>
            {!ready && (
              <Text size="sm" c="dimmed" data-testid="eval-form-hint">
                {Object.values(problems)[0]}
              </Text>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            The same from a terminal (exit code 3 when the gate fails): <Code>{cliEquivalent(f)}</Code>
          </Text>
        </Stack>
      </form>
    </Section>
  )
}
