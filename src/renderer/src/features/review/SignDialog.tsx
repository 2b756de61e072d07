// The signature dialog: who signs, when, what the signature means and which content (hash) it binds; the password
// entered again; an acknowledgement when the backend lists issues left in the version. Nothing signs without it.
import { Alert, Button, Code, Group, List, Modal, PasswordInput, Stack, Text, Textarea } from '@mantine/core'
import { useEffect, useState, type FormEvent } from 'react'
import type { ReviewState } from '../../../../shared/contract/review'
import { ACKNOWLEDGEMENT_MIN_LENGTH, SIGNATURE_MEANING } from '../../../../shared/domain/signOff'
import { call } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatLocalTime } from '../../components/format'

export function SignDialog(props: { state: ReviewState; signerName: string; onSigned: (s: ReviewState) => void; onCancel: () => void }) {
  const { state } = props
  const working = state.working
  const issues = state.signOff?.needsAcknowledgement ?? []
  const [password, setPassword] = useState('')
  const [ack, setAck] = useState('')
  const [now, setNow] = useState(() => new Date())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000)
    return () => clearInterval(t)
  }, [])
  const ackMissing = issues.length > 0 && ack.trim().length < ACKNOWLEDGEMENT_MIN_LENGTH
  const submit = async (e?: FormEvent) => {
    e?.preventDefault()
    if (!working || busy || password === '' || ackMissing) return
    setBusy(true)
    setError(null)
    try {
      const signed = await call('review.sign', {
        reportId: state.reportId,
        contentSha256: working.contentSha256,
        password,
        ...(issues.length > 0 ? { acknowledgement: ack.trim() } : {}),
      })
      props.onSigned(signed)
    } catch (err) {
      setError(err)
      setPassword('')
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened onClose={props.onCancel} title="Sign the interpretation" returnFocus={false} size="lg" data-testid="sign-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <Stack gap={2}>
            <Text size="sm">
              Signer: <b data-testid="sign-name">{props.signerName}</b>
            </Text>
            <Text size="sm">
              Date and time: <b data-testid="sign-time">{formatLocalTime(now.toISOString())}</b>
            </Text>
            <Text size="sm">
              Meaning: <b data-testid="sign-meaning">{SIGNATURE_MEANING}</b>
            </Text>
            {working && (
              <Text size="xs" c="dimmed">
                Version {working.version}, content SHA-256 <Code fz="xs">{working.contentSha256}</Code>. The signature is bound to exactly this content;
                any later change makes a new version.
              </Text>
            )}
          </Stack>
          {issues.length > 0 && (
            <Alert color="orange" title="Acknowledge before signing" data-testid="sign-issues">
              <List size="sm">
                {issues.map((i, n) => (
                  <List.Item key={n}>
                    {i.findingIndex === null ? 'Interpretation' : `Finding ${i.findingIndex + 1}`}: {i.message}
                  </List.Item>
                ))}
              </List>
              <Textarea
                mt="xs"
                label="Acknowledgement: why the version stands as it is"
                value={ack}
                onChange={(e) => setAck(e.currentTarget.value)}
                maxLength={1000}
                required
                data-autofocus
                autoFocus
                data-testid="sign-acknowledgement"
              />
            </Alert>
          )}
          <PasswordInput
            label="Your password (to sign)"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="current-password"
            data-autofocus={issues.length === 0 ? true : undefined}
            autoFocus={issues.length === 0}
            data-testid="sign-password"
          />
          {error !== null && <ErrorAlert error={error} title="Not signed" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onCancel}>
              Cancel (Esc)
            </Button>
            <Button type="submit" loading={busy} disabled={password === '' || ackMissing} data-testid="sign-confirm">
              Sign as {props.signerName}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
