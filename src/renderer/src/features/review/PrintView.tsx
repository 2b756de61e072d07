// Print view of a report (#/print/<id>): header, values, the signed interpretation, who signed and when, and the
// provenance line; labelled PRELIMINARY / CORRECTED / NOT SIGNED where that applies. Browser print or save as PDF.
import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core'
import { IconPrinter } from '@tabler/icons-react'
import { useCall } from '../../api/hooks'
import { hrefTo } from '../../app/routes'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDeviceTime, formatLocalTime } from '../../components/format'
import { ReportHeader } from '../report/ReportHeader'
import { rangeText, valueAsSent } from '../report/observationText'
import { InterpretationText } from './InterpretationText'
import { printLabels, provenanceLine } from './printText'
import { SignatureBlock } from './SignatureBlock'

// The app's header and navigation stay off the paper.
const PRINT_CSS = `@media print {
  header, nav, .readout-no-print { display: none !important; }
  main { padding: 0 !important; }
  body { background: white; }
}`

export function PrintView({ id }: { id: number | undefined }) {
  const report = useCall('reports.get', { id: id ?? 0 }, { enabled: id !== undefined })
  const review = useCall('review.get', { reportId: id ?? 0 }, { enabled: id !== undefined })
  const r = report.data
  const s = review.data
  const signedVersion = s ? [...s.versions].reverse().find((v) => v.signature !== null) : undefined
  const content = s && s.base.kind === 'version' ? s.base.content : null
  return (
    <Stack gap="sm" data-testid="print-view">
      <style>{PRINT_CSS}</style>
      <Group className="readout-no-print" gap="md">
        <Anchor href={hrefTo(`review/${id ?? ''}`)} size="sm">
          Back to the review
        </Anchor>
        <Button size="xs" leftSection={<IconPrinter size={14} />} onClick={() => window.print()}>
          Print or save as PDF
        </Button>
      </Group>
      {(report.isPending || review.isPending) && <Loader size="sm" />}
      {report.error && <ErrorAlert error={report.error} title="Could not load the report" />}
      {review.error && <ErrorAlert error={review.error} title="Could not load the review" />}
      {r && s && (
        <>
          <Group gap="xs">
            <Title order={2}>Report interpretation</Title>
            {printLabels(r, s).map((l) => (
              <Badge key={l} size="xl" color={l === 'CORRECTED' ? 'violet' : 'orange'} variant="outline" data-testid="print-label">
                {l}
              </Badge>
            ))}
          </Group>
          <ReportHeader report={r} />
          <Title order={4}>Values</Title>
          <Table withTableBorder verticalSpacing={2} data-testid="print-values">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Observation</Table.Th>
                <Table.Th>Value</Table.Th>
                <Table.Th>Reference range</Table.Th>
                <Table.Th>Flag</Table.Th>
                <Table.Th>Time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.observations.slice(0, 200).map((o) => (
                <Table.Tr key={o.id} style={s.deviceCorrection?.observationIds.includes(o.id) ? { fontWeight: 700 } : undefined}>
                  <Table.Td>{o.display ?? o.code}</Table.Td>
                  <Table.Td>{valueAsSent(o)}</Table.Td>
                  <Table.Td>{rangeText(o)}</Table.Td>
                  <Table.Td>{o.deviceFlag ?? ''}</Table.Td>
                  <Table.Td>{formatDeviceTime(o.observedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {r.observations.length > 200 && (
            <Text size="xs" c="dimmed">
              The first 200 of {r.observations.length} values; the charts and the full list are in the app.
            </Text>
          )}
          <Title order={4}>Interpretation</Title>
          {content && signedVersion?.signature ? (
            <>
              <InterpretationText content={content} />
              <SignatureBlock signature={signedVersion.signature} version={signedVersion.version} />
              <Text size="sm" data-testid="print-provenance">
                {provenanceLine(signedVersion, signedVersion.signature.signerName)}
              </Text>
              <Text size="xs" c="dimmed">
                Printed {formatLocalTime(new Date().toISOString())}.
              </Text>
            </>
          ) : (
            <Alert color="orange" data-testid="print-not-signed">
              This report has no signed interpretation yet: nothing here may be used as a result. Review and sign it first.
            </Alert>
          )}
        </>
      )}
    </Stack>
  )
}
