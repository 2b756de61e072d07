// The interpretation's summary, overall severity, comparison and limitations on the review side, each replaceable (then a reason).
import { Badge, Button, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core'
import type { KeyboardEvent } from 'react'
import type { InterpretationDraft } from '../../../../shared/domain/interpretation'
import { DRAFT_LIMITS, DRAFT_SEVERITIES } from '../../../../shared/domain/interpretation'
import type { WorkingDoc } from './reviewModel'
import { TEXT_FIELDS, TEXT_FIELD_LABELS, textValue, type TextField } from './textFields'

const MAX: Record<TextField, number> = { summary: DRAFT_LIMITS.summary, overallSeverity: 10, comparison: DRAFT_LIMITS.comparison, limitations: DRAFT_LIMITS.limitations }

export function TextFieldsPanel(props: {
  base: InterpretationDraft | null
  doc: WorkingDoc
  readOnly: boolean
  editing: { field: TextField; value: string } | null
  problem: string | null
  onEdit: (field: TextField) => void
  onChange: (value: string) => void
  onContinue: () => void
  onCancel: () => void
}) {
  const { editing } = props
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey || e.target instanceof HTMLSelectElement)) {
      e.preventDefault()
      e.stopPropagation()
      props.onContinue()
    } else if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      props.onCancel()
    }
  }
  return (
    <Stack gap="xs" data-testid="review-text-fields">
      {TEXT_FIELDS.map((field) => {
        const { value, changed } = textValue(props.base, props.doc, field)
        const isEditing = editing?.field === field
        return (
          <Stack key={field} gap={2} data-testid={`review-text-${field}`}>
            <Group gap="xs">
              <Text size="xs" c="dimmed" fw={600}>
                {TEXT_FIELD_LABELS[field]}
              </Text>
              {changed && (
                <Badge size="xs" color="blue" variant="light">
                  changed
                </Badge>
              )}
              {!props.readOnly && !isEditing && (
                <Button size="compact-xs" variant="subtle" onClick={() => props.onEdit(field)} aria-label={`Edit ${TEXT_FIELD_LABELS[field]}`}>
                  Edit
                </Button>
              )}
            </Group>
            {isEditing ? (
              <Stack gap={4} onKeyDown={onKeyDown}>
                {field === 'overallSeverity' ? (
                  <NativeSelect
                    aria-label={TEXT_FIELD_LABELS[field]}
                    data={['', ...DRAFT_SEVERITIES]}
                    value={editing.value}
                    onChange={(e) => props.onChange(e.currentTarget.value)}
                    autoFocus
                  />
                ) : (
                  <Textarea
                    aria-label={TEXT_FIELD_LABELS[field]}
                    autosize
                    minRows={2}
                    maxLength={MAX[field]}
                    value={editing.value}
                    onChange={(e) => props.onChange(e.currentTarget.value)}
                    autoFocus
                  />
                )}
                {props.problem && (
                  <Text size="sm" c="red" role="alert">
                    {props.problem}
                  </Text>
                )}
                <Group justify="flex-end" gap="xs">
                  <Button size="xs" variant="default" onClick={props.onCancel}>
                    Cancel (Esc)
                  </Button>
                  <Button size="xs" onClick={props.onContinue}>
                    Continue to reason (Ctrl+Enter)
                  </Button>
                </Group>
              </Stack>
            ) : (
              <Text size="sm" c={value === '' ? 'dimmed' : undefined} style={{ whiteSpace: 'pre-wrap' }}>
                {value === '' ? (field === 'summary' || field === 'overallSeverity' ? 'Not written yet: edit to write it.' : 'None.') : value}
              </Text>
            )}
          </Stack>
        )
      })}
    </Stack>
  )
}
