// The Audit page's integrity panel: the latest verification (reason and first bad event), verify now, verify against a
// checkpoint file, and (admins) export a checkpoint to keep off this workstation.
import { Alert, Button, FileButton, Group, Paper, Stack, Text, Tooltip } from '@mantine/core'
import { IconDownload, IconFileCheck, IconShieldCheck, IconShieldX } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { AuditCheckpoint, AuditVerification } from '../../../../shared/contract/audit'
import { useAction, useCall } from '../../api/hooks'
import { downloadText } from '../../components/download'
import { ErrorAlert } from '../../components/ErrorAlert'
import { BREAK_TITLES } from './filters'

function Result({ v, at, against }: { v: AuditVerification; at: string | null; against: string | null }) {
  const when = at ? ` (checked ${new Date(at).toLocaleString()}${against ? ` against ${against}` : ''})` : ''
  if (v.ok) {
    return (
      <Alert color="teal" icon={<IconShieldCheck size={18} />} title={`Chain intact: ${v.checked} events${when}`} data-testid="audit-verify-result">
        {v.message}
      </Alert>
    )
  }
  return (
    <Alert color="red" icon={<IconShieldX size={18} />} title={`${v.reason ? BREAK_TITLES[v.reason] : 'Verification failed'}${when}`} data-testid="audit-verify-result" role="alert">
      <Stack gap={4}>
        <Text size="sm">{v.message}</Text>
        <Text size="sm">
          {v.firstBadId !== null ? `First bad event: ${v.firstBadId}. ` : ''}
          {v.checked} events before it are intact. Keep this workstation as it is and tell your administrator: the log is evidence.
        </Text>
      </Stack>
    </Alert>
  )
}

export function VerificationPanel() {
  const qc = useQueryClient()
  const status = useCall('audit.status', {})
  const verify = useAction('audit.verify', ['audit.status'])
  const exportCp = useAction('audit.exportCheckpoint', ['audit.list'])
  const [against, setAgainst] = useState<string | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)

  const verifyWith = async (file: File | null) => {
    setFileError(null)
    if (!file) return
    let checkpoint: AuditCheckpoint
    try {
      checkpoint = JSON.parse(await file.text()) as AuditCheckpoint
    } catch {
      setFileError(`${file.name} is not JSON. Choose a checkpoint exported from this page or with 'readout audit checkpoint'.`)
      return
    }
    setAgainst(file.name)
    verify.mutate({ checkpoint })
  }

  const shown = verify.data ?? status.data?.verification ?? null
  const at = verify.data ? new Date().toISOString() : (status.data?.at ?? null)
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>Integrity</Text>
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              leftSection={<IconShieldCheck size={16} />}
              loading={verify.isPending}
              onClick={() => {
                setAgainst(null)
                verify.mutate({})
              }}
            >
              Verify integrity
            </Button>
            <FileButton onChange={(f) => void verifyWith(f)} accept="application/json,.json">
              {(props) => (
                <Button size="xs" variant="default" leftSection={<IconFileCheck size={16} />} {...props}>
                  Verify against a checkpoint…
                </Button>
              )}
            </FileButton>
            <Tooltip label="Admins: save the log's length and newest hash now, to keep off this workstation (another machine, a printout). A later check against it shows whether rows were removed.">
              <Button
                size="xs"
                variant="default"
                leftSection={<IconDownload size={16} />}
                loading={exportCp.isPending}
                onClick={() =>
                  exportCp.mutate(
                    {},
                    {
                      onSuccess: (cp) => {
                        downloadText(`readout-audit-checkpoint-${cp.at.slice(0, 10)}-${cp.count}.json`, JSON.stringify(cp, null, 2) + '\n', 'application/json')
                        void qc.invalidateQueries({ queryKey: ['audit.list'] })
                      },
                    },
                  )
                }
                data-testid="audit-export-checkpoint"
              >
                Export checkpoint
              </Button>
            </Tooltip>
          </Group>
        </Group>
        {shown ? <Result v={shown} at={at} against={verify.data ? against : null} /> : <Text size="sm" c="dimmed">Not verified yet in this session.</Text>}
        {exportCp.data && (
          <Text size="sm" data-testid="audit-checkpoint-saved">
            Checkpoint of {exportCp.data.count} events saved to your downloads. Move it off this workstation.
          </Text>
        )}
        {fileError && <Alert color="red">{fileError}</Alert>}
        {verify.error && <ErrorAlert error={verify.error} title="Could not verify" />}
        {exportCp.error && <ErrorAlert error={exportCp.error} title="Could not export a checkpoint" />}
        {status.error && <ErrorAlert error={status.error} title="Could not read the verification status" />}
      </Stack>
    </Paper>
  )
}
