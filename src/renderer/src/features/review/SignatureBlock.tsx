// A signature as shown with its version: name, date and time, meaning and the content hash it is bound to.
import { Code, Stack, Text } from '@mantine/core'
import type { Signature } from '../../../../shared/contract/review'
import { formatLocalTime } from '../../components/format'

export function SignatureBlock({ signature: s, version }: { signature: Signature; version: number }) {
  return (
    <Stack gap={0} data-testid="signature">
      <Text size="sm">
        Version {version} signed by <b data-testid="signature-name">{s.signerName}</b> on <b data-testid="signature-time">{formatLocalTime(s.signedAt)}</b> —{' '}
        <i data-testid="signature-meaning">{s.meaning}</i>
      </Text>
      <Text size="xs" c="dimmed">
        Content SHA-256 <Code fz="xs" data-testid="signature-hash">{s.contentSha256}</Code>
      </Text>
      {s.acknowledgement && (
        <Text size="xs" c="orange">
          Acknowledged at signing: {s.acknowledgement}
        </Text>
      )}
    </Stack>
  )
}
