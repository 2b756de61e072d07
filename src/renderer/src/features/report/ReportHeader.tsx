// The report header: who the patient is (first, to guard against the wrong patient), what and when, and its status.
import { Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { Field } from '../../components/Field'
import { formatDeviceTime, formatLocalTime } from '../../components/format'
import { KIND_LABELS } from '../../components/labels'
import { StatusBadge } from '../../components/StatusBadge'

function patientName(p: ReportDetail['patient'], fallback: string): string {
  const name = [p.familyName?.toUpperCase(), p.givenName].filter(Boolean).join(', ')
  return name || fallback || 'Unnamed patient'
}

export function ReportHeader({ report: r }: { report: ReportDetail }) {
  const device = [r.deviceInfo.manufacturer, r.deviceInfo.model].filter(Boolean).join(' ') || r.device || '—'
  const prominent = r.status !== 'final'
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={2} data-testid="report-patient">
              {patientName(r.patient, r.patientName)}
            </Title>
            <Group gap="md" mt={4}>
              {r.patient.identifiers.length === 0 && (
                <Text size="sm" c="orange.8" fw={600} data-testid="no-identifier">
                  No patient identifier in the source: not linked to this patient&apos;s other reports
                </Text>
              )}
              {r.patient.identifiers.map((i) => (
                <Text key={`${i.authority}:${i.id}`} size="sm">
                  <Text span c="dimmed" size="sm">
                    {i.authority || 'ID'}{' '}
                  </Text>
                  <Code>{i.id}</Code>
                </Text>
              ))}
              <Text size="sm">
                <Text span c="dimmed" size="sm">
                  born{' '}
                </Text>
                {r.patient.birthDate ?? '—'}
              </Text>
              <Text size="sm">
                <Text span c="dimmed" size="sm">
                  sex{' '}
                </Text>
                {r.patient.sex ?? '—'}
              </Text>
            </Group>
          </div>
          <StatusBadge status={r.status} size={prominent ? 'xl' : 'lg'} />
        </Group>
        <Text fw={600} data-testid="report-title">
          {KIND_LABELS[r.kind]}
          {r.title ? ` — ${r.title}` : ''}
        </Text>
        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
          <Field label="Device">
            {device}
            {r.deviceInfo.serial && (
              <Text size="xs" c="dimmed">
                serial {r.deviceInfo.serial}
              </Text>
            )}
          </Field>
          <Field label="Observed">{formatDeviceTime(r.observedAt)}</Field>
          <Field label="Ordered">{formatDeviceTime(r.orderedAt)}</Field>
          <Field label="Received">{formatLocalTime(r.receivedAt)}</Field>
          <Field label="Format">
            {r.sourceFormat} · report {r.id}
          </Field>
        </SimpleGrid>
      </Stack>
    </Paper>
  )
}
