// Import: bring device reports in from files and folders, follow the progress, and see what became of each message.
import { Button, Group, Progress, Stack, Text, Title } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { QuarantineList } from '../quarantine/QuarantineList'
import { DropZone } from './DropZone'
import { cancelImport, clearImport, progressPercent, startImport, useImportJob } from './importJob'
import { ImportResults, ImportSummaryBadges } from './ImportResults'

export function ImportPage() {
  const qc = useQueryClient()
  const job = useImportJob()
  const running = job.phase === 'running'
  const percent = progressPercent(job)
  return (
    <Stack>
      <Title order={2}>Import</Title>
      <DropZone disabled={running} onFiles={(c) => void startImport(c, qc)} />
      {job.phase !== 'idle' && (
        <Stack gap={6}>
          <Group justify="space-between">
            <Text size="sm" data-testid="import-status">
              {job.label} {job.filesDone} of {job.totalFiles} file{job.totalFiles === 1 ? '' : 's'}
            </Text>
            {running ? (
              <Button size="xs" variant="default" onClick={cancelImport}>
                Stop
              </Button>
            ) : (
              <Button size="xs" variant="subtle" onClick={clearImport}>
                Clear results
              </Button>
            )}
          </Group>
          <Progress
            value={percent}
            animated={running}
            color={job.phase === 'cancelled' ? 'orange' : undefined}
            size="lg"
            aria-label="Import progress"
            data-testid="import-progress"
            data-done={running ? undefined : 'true'}
          />
          <ImportSummaryBadges counts={job.counts} />
        </Stack>
      )}
      {job.rows.length > 0 && <ImportResults job={job} />}
      <QuarantineList />
    </Stack>
  )
}
