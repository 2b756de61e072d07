// The first rows an export with the current settings would write (de-identified; nothing is written).
import { Badge, Code, Group, Loader, Stack, Text } from '@mantine/core'
import { useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import type { MethodInput } from '../../../../shared/contract'

export function ExportPreview({ input }: { input: MethodInput<'export.preview'> }) {
  const preview = useCall('export.preview', input)
  if (preview.isLoading) return <Loader size="sm" />
  if (preview.error) return <ErrorAlert error={preview.error} title="Could not preview the export" />
  const p = preview.data
  if (!p) return null
  return (
    <Stack gap="xs" data-testid="export-preview">
      <Text size="sm" data-testid="export-matching">
        {p.matching} signed {p.matching === 1 ? 'report matches' : 'reports match'} the filters.
      </Text>
      {p.rows.map((r, i) => (
        <Stack key={i} gap={2}>
          <Group gap="xs">
            <Badge variant="light">{r.format}</Badge>
            <Badge variant="outline">{r.reportKind}</Badge>
            <Badge variant="outline" color="gray">
              {r.outcome.replace(/_/g, ' ')}
            </Badge>
          </Group>
          <Code block style={{ maxHeight: 160, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {r.line}
          </Code>
        </Stack>
      ))}
      {p.withheld.length > 0 && (
        <Text size="sm" c="red">
          {p.withheld.length} preview row(s) withheld: the residual check found {[...new Set(p.withheld.map((w) => w.category))].join(', ')}. The export would be blocked.
        </Text>
      )}
    </Stack>
  )
}
