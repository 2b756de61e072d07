// The Export page's run options: since an earlier export, zip, the minimum per condition, the context size, and (for
// administrators only) de-identification off with a reason.
import { Alert, Checkbox, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useCall } from '../../api/hooks'
import type { ExportForm, FormField } from './exportForm'

interface Props {
  f: ExportForm
  problems: Partial<Record<FormField, string>>
  onChange: (f: ExportForm) => void
  disabled: boolean
  /** Whether the signed-in user may turn de-identification off (the server refuses anyone else). */
  admin: boolean
}

export function ExportRunOptions({ f, problems, onChange, disabled, admin }: Props) {
  const set = (patch: Partial<ExportForm>) => onChange({ ...f, ...patch })
  const history = useCall('export.history', { limit: 50 })
  const completed = (history.data ?? []).filter((h) => h.status === 'completed')
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label="Since export"
          description="Only what was signed after it (the frozen test split comes along)"
          placeholder="everything signed"
          clearable
          data={completed.map((h) => ({
            value: String(h.id),
            label: `Export ${h.id}, ${new Date(h.startedAt).toLocaleDateString()}${typeof h.counts?.items === 'number' ? ` (${h.counts.items} items)` : ''}`,
          }))}
          value={f.since || null}
          disabled={disabled}
          onChange={(v) => set({ since: v ?? '' })}
          data-testid="export-since"
        />
        <TextInput
          label="Minimum per condition"
          description="Fewer examples of a kind or condition gives a warning"
          value={f.minimum}
          error={problems.minimum}
          disabled={disabled}
          onChange={(e) => set({ minimum: e.currentTarget.value })}
          data-testid="export-minimum"
        />
        <TextInput
          label="Context size (tokens)"
          description="Longer rows are dropped and counted; empty: the selected base model's"
          placeholder="the base model's"
          value={f.context}
          error={problems.context}
          disabled={disabled}
          onChange={(e) => set({ context: e.currentTarget.value })}
          data-testid="export-context"
        />
      </SimpleGrid>
      <Checkbox
        label="Also write a zip file beside the folder"
        checked={f.zip}
        disabled={disabled}
        onChange={(e) => set({ zip: e.currentTarget.checked })}
        data-testid="export-zip"
      />
      {admin && (
        <Stack gap="xs">
          <Switch
            color="red"
            label="Turn de-identification off (administrators only)"
            checked={f.deidOff}
            disabled={disabled}
            onChange={(e) => set({ deidOff: e.currentTarget.checked })}
            data-testid="export-deid-off"
          />
          {f.deidOff && (
            <>
              <Alert color="red" icon={<IconAlertTriangle size={18} />} title="This export will contain patient identifiers" data-testid="export-deid-warning">
                Whatever identifiers the signed reports hold (names, record numbers, full dates, addresses) stay in the files, and no residual scan runs.
                Handle the folder as patient data, under the approval you name below. Your name and reason are recorded in the audit trail.
              </Alert>
              <Textarea
                label="Reason"
                description="Why identifiers are needed (e.g. the approval it falls under); at least 10 characters"
                value={f.deidReason}
                error={f.deidReason ? problems.deidReason : undefined}
                disabled={disabled}
                onChange={(e) => set({ deidReason: e.currentTarget.value })}
                data-testid="export-deid-reason"
              />
            </>
          )}
        </Stack>
      )}
    </Stack>
  )
}
