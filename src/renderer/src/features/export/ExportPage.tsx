// Export: de-identified training data from clinicians' signed corrections: settings, a preview, a run with progress,
// the quality report and the history of earlier exports (role ml).
import { Button, Divider, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { IconFileExport } from '@tabler/icons-react'
import { useCallback, useMemo, useState } from 'react'
import type { EventPayload } from '../../../../shared/contract'
import type { ExportResultDto } from '../../../../shared/contract/export'
import { call } from '../../api/client'
import { useEvent } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useSession } from '../auth/session'
import { ExportFormFields } from './ExportFormFields'
import { ExportHistory } from './ExportHistory'
import { EMPTY_FORM, filterProblems, formProblems, percent, previewInput, runInput, type ExportForm } from './exportForm'
import { ExportPreview } from './ExportPreview'
import { QualityReport } from './QualityReport'
import { ExportRunOptions } from './ExportRunOptions'
import { ResetSplits } from './ResetSplits'
import { useSettled } from './settled'

interface Running {
  jobId: string
  done: number
  total: number
  label: string
}

export function ExportPage() {
  const qc = useQueryClient()
  const admin = useSession().user.roles.includes('admin')
  const [form, setForm] = useState<ExportForm>(EMPTY_FORM)
  // The job's latest progress stays shown after the run (its last events can arrive after the answer).
  const [running, setRunning] = useState<Running | null>(null)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ExportResultDto | null>(null)
  const [error, setError] = useState<unknown>(null)
  const problems = formProblems(form)
  const ready = Object.keys(problems).length === 0
  // The preview asks again only once the filters have stopped changing for a moment (not per keystroke).
  const previewProblem = Object.values(filterProblems(form))[0]
  const previewKey = useSettled(JSON.stringify(previewInput(form)))
  const settledPreview = useMemo(() => JSON.parse(previewKey) as ReturnType<typeof previewInput>, [previewKey])

  useEvent(
    'export.progress',
    useCallback((p: EventPayload<'export.progress'>) => {
      setRunning((r) => (r && r.jobId === p.jobId ? { ...r, done: p.done, total: p.total, label: p.label ?? r.label } : r))
    }, []),
  )

  const run = async () => {
    const jobId = `export-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
    setRunning({ jobId, done: 0, total: 0, label: 'starting' })
    setBusy(true)
    setResult(null)
    setError(null)
    try {
      setResult(await call('export.run', runInput(form, jobId)))
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
      void qc.invalidateQueries({ queryKey: ['export.history'] })
    }
  }

  return (
    <Stack>
      <Title order={2}>Export</Title>
      <Text size="sm" c="dimmed">
        Signed reviews become de-identified training examples (supervised, preference and unpaired rows) for the next adapter. Only signed versions are
        exported; patients keep their split (train, validation or test) from one export to the next.
      </Text>
      <Paper withBorder p="md">
        <ExportFormFields f={form} problems={problems} onChange={setForm} disabled={busy} />
        <Divider my="md" />
        <ExportRunOptions f={form} problems={problems} onChange={setForm} disabled={busy} admin={admin} />
        <Group mt="md">
          <Button leftSection={<IconFileExport size={16} />} disabled={!ready || busy} loading={busy} onClick={() => void run()} data-testid="export-run">
            Run export
          </Button>
          {!ready && (
            <Text size="sm" c="dimmed">
              {Object.values(problems)[0]}
            </Text>
          )}
        </Group>
        {running && (
          <Stack gap={4} mt="md" data-testid="export-progress">
            <Progress value={percent(running.done, running.total)} animated={busy} />
            <Text size="sm">
              {running.label}: {running.done} of {running.total || '…'}
            </Text>
          </Stack>
        )}
      </Paper>
      {error !== null && <ErrorAlert error={error} title="The export did not complete" />}
      {result && (
        <Paper withBorder p="md">
          <QualityReport result={result} />
        </Paper>
      )}
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          Preview
        </Title>
        {previewProblem !== undefined ? (
          <Text size="sm" c="dimmed">
            {previewProblem}.
          </Text>
        ) : settledPreview.formats.length > 0 ? (
          <ExportPreview input={settledPreview} />
        ) : (
          <Text size="sm" c="dimmed">
            Choose a format to preview.
          </Text>
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          Earlier exports
        </Title>
        <ExportHistory />
      </Paper>
      {admin && (
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Frozen splits
          </Title>
          <ResetSplits />
        </Paper>
      )}
    </Stack>
  )
}
