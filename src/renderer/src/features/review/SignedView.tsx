// A signed report on the review side: the frozen version with its signature, earlier versions, and what may follow
// (amend with a reason as version n+1; after a device correction, amend or confirm that the signed version stands).
import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { IconPrinter } from '@tabler/icons-react'
import { useState } from 'react'
import type { ReviewState } from '../../../../shared/contract/review'
import { call } from '../../api/client'
import { hrefTo } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatLocalTime } from '../../components/format'
import { InterpretationText } from './InterpretationText'
import { SignatureBlock } from './SignatureBlock'

type Action = 'amend' | 'confirm'

export function SignedView(props: { state: ReviewState; canSign: boolean; onChanged: (s: ReviewState) => void }) {
  const { state } = props
  const signed = [...state.versions].reverse().find((v) => v.signature !== null)
  const [action, setAction] = useState<Action | null>(null)
  const [text, setText] = useState('')
  const [error, setError] = useState<unknown>(null)
  const submit = async () => {
    if (text.trim() === '' || action === null) return
    try {
      const s =
        action === 'amend'
          ? await call('review.amend', { reportId: state.reportId, reason: text.trim() })
          : await call('review.confirmSigned', { reportId: state.reportId, comment: text.trim() })
      setAction(null)
      setText('')
      props.onChanged(s)
    } catch (err) {
      setError(err)
    }
  }
  return (
    <Stack gap="sm" data-testid="signed-view">
      <Group gap="xs">
        <Badge color="teal" size="lg" data-testid="signed-label">
          {state.status === 'amended' ? 'SIGNED (AMENDED)' : 'SIGNED'}
        </Badge>
        <Text size="xs" c="dimmed">
          This version is frozen: it never changes. A change is an amendment, a new version.
        </Text>
      </Group>
      {state.deviceCorrection && (
        <Alert color="violet" title="Device corrected after sign-off" data-testid="device-corrected-notice">
          The device sent corrected values on {formatLocalTime(state.deviceCorrection.at)} (highlighted in the report). The signed version below stays as
          signed: amend it, or confirm with a comment that it stands.
        </Alert>
      )}
      {state.base.content && <InterpretationText content={state.base.content} />}
      {signed?.signature && <SignatureBlock signature={signed.signature} version={signed.version} />}
      {signed?.amendmentReason && (
        <Text size="xs" c="dimmed">
          Amends version {signed.version - 1}: {signed.amendmentReason}
        </Text>
      )}
      <Group gap="xs">
        <Button component="a" href={hrefTo(`print/${state.reportId}`)} variant="default" size="xs" leftSection={<IconPrinter size={14} />} data-testid="print-link">
          Print view
        </Button>
        {props.canSign && (
          <Button size="xs" variant="light" onClick={() => setAction('amend')} data-testid="amend">
            Amend…
          </Button>
        )}
        {props.canSign && state.status === 'device_corrected' && (
          <Button size="xs" variant="light" color="violet" onClick={() => setAction('confirm')}>
            Confirm the signed version stands…
          </Button>
        )}
      </Group>
      {state.versions.length > 1 && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed" fw={600}>
            Versions
          </Text>
          {state.versions.map((v) => (
            <Text key={v.id} size="xs" data-testid="version-row">
              v{v.version} · {v.state} · {v.author.name} · {formatLocalTime(v.createdAt)} · {v.contentSha256.slice(0, 12)}
              {v.reasonCodes.length > 0 ? ` · ${v.reasonCodes.join(', ')}` : ''}
            </Text>
          ))}
        </Stack>
      )}
      {action && (
        <Modal opened onClose={() => setAction(null)} title={action === 'amend' ? 'Amend the signed report' : 'Confirm the signed version stands'}>
          <Stack gap="sm">
            <Textarea
              label={action === 'amend' ? 'Why is it amended?' : 'Why does the signed version stand?'}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              maxLength={1000}
              autoFocus
              data-autofocus
            />
            {error !== null && <ErrorAlert error={error} title="Not done" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAction(null)}>
                Cancel
              </Button>
              <Button onClick={() => void submit()} disabled={text.trim() === ''}>
                {action === 'amend' ? 'Open version ' + String((signed?.version ?? 0) + 1) : 'Confirm'}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  )
}
