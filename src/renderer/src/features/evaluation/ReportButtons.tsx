// The run's self-contained report: shown printable in a dialog (an isolated frame, no scripts), downloaded as HTML, and
// the full result as JSON for the ML pipeline.
import { Button, Group, Modal, Stack } from '@mantine/core'
import { IconDownload, IconFileTypeHtml, IconPrinter } from '@tabler/icons-react'
import { useMutation } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { call } from '../../api/client'
import { downloadText } from '../../components/download'
import { ErrorAlert } from '../../components/ErrorAlert'
import type { RunDetail } from './evalTypes'

export function ReportButtons({ run }: { run: RunDetail }) {
  const [html, setHtml] = useState<string | null>(null)
  const frame = useRef<HTMLIFrameElement>(null)
  const load = useMutation({ mutationFn: async () => (await call('eval.reportHtml', { id: run.id })).html })
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button size="xs" variant="default" leftSection={<IconPrinter size={14} />} loading={load.isPending} onClick={() => load.mutate(undefined, { onSuccess: setHtml })} data-testid="eval-open-report">
          Printable report
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconFileTypeHtml size={14} />}
          onClick={() => load.mutate(undefined, { onSuccess: (h) => downloadText(`evaluation-run-${run.id}.html`, h, 'text/html') })}
          data-testid="eval-download-html"
        >
          Download HTML
        </Button>
        <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} onClick={() => downloadText(`evaluation-run-${run.id}.json`, `${JSON.stringify(run, null, 2)}\n`, 'application/json')} data-testid="eval-download-json">
          Download JSON
        </Button>
      </Group>
      {load.error && <ErrorAlert error={load.error} title="Could not make the report" />}
      <Modal opened={html !== null} onClose={() => setHtml(null)} fullScreen title={`Evaluation run ${run.id}: report`} data-testid="eval-report-dialog">
        <Stack gap="xs" h="calc(100vh - 90px)">
          <Group>
            <Button size="xs" leftSection={<IconPrinter size={14} />} onClick={() => frame.current?.contentWindow?.print()}>
              Print
            </Button>
          </Group>
          {/* allow-same-origin without allow-scripts: the report runs no code, and the page may still call print() on it. */}
          <iframe ref={frame} title="Evaluation report" srcDoc={html ?? ''} sandbox="allow-same-origin allow-modals" style={{ flex: 1, width: '100%', border: '1px solid var(--mantine-color-default-border)' }} data-testid="eval-report-frame" />
        </Stack>
      </Modal>
    </Stack>
  )
}
