// Inline form for a finding's statement, severity, suggested next step and evidence; observations clicked in the report
// side are linked as evidence. Ctrl+Enter continues to the reason picker, Esc cancels.
import { Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useState, type KeyboardEvent } from 'react'
import { DRAFT_LIMITS, DRAFT_SEVERITIES, type DraftFinding, type DraftSeverity } from '../../../../shared/domain/interpretation'
import { parseEvidenceList } from './reviewModel'

export interface EditorValue {
  statement: string
  severity: DraftSeverity
  recommendation: string
  /** Evidence ids as typed ("O12, F3"); observations clicked in the report are appended. */
  evidence: string
}

export function editorValueOf(f: DraftFinding | null): EditorValue {
  return f
    ? { statement: f.statement, severity: f.severity, recommendation: f.recommendation ?? '', evidence: f.evidence.join(', ') }
    : { statement: '', severity: 'abnormal', recommendation: '', evidence: '' }
}

/**
 * The finding the form describes, or what to fix first. Evidence left as the draft gave it is kept as it is (even ids
 * the evidence check flagged): only evidence the reviewer changed must be valid ids.
 */
export function findingOf(v: EditorValue, original: DraftFinding | null): { ok: true; finding: DraftFinding } | { ok: false; problem: string } {
  if (v.statement.trim() === '') return { ok: false, problem: 'Write the statement.' }
  const rec0 = v.recommendation.trim()
  if (original && v.evidence === original.evidence.join(', ')) {
    return { ok: true, finding: { statement: v.statement.trim(), severity: v.severity, evidence: original.evidence, recommendation: rec0 === '' ? null : rec0 } }
  }
  const { ids, invalid } = parseEvidenceList(v.evidence)
  if (invalid.length > 0) return { ok: false, problem: `Not an evidence id: ${invalid.join(', ')} (use ids like O12, F3, S1; or click observations in the report).` }
  if (ids.length > DRAFT_LIMITS.evidence) return { ok: false, problem: `At most ${DRAFT_LIMITS.evidence} evidence ids.` }
  const rec = v.recommendation.trim()
  return { ok: true, finding: { statement: v.statement.trim(), severity: v.severity, evidence: ids, recommendation: rec === '' ? null : rec } }
}

function severityOf(value: string, fallback: DraftSeverity): DraftSeverity {
  return DRAFT_SEVERITIES.find((s) => s === value) ?? fallback
}

export function FindingEditor(props: {
  title: string
  value: EditorValue
  /** The finding as it was before this edit (null for a new one). */
  original: DraftFinding | null
  onChange: (v: EditorValue) => void
  onContinue: (f: DraftFinding) => void
  onCancel: () => void
}) {
  const { value: v, onChange } = props
  const [problem, setProblem] = useState<string | null>(null)
  const submit = () => {
    const r = findingOf(v, props.original)
    if (!r.ok) setProblem(r.problem)
    else props.onContinue(r.finding)
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      e.stopPropagation()
      submit()
    } else if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      props.onCancel()
    }
  }
  return (
    <Paper withBorder p="sm" onKeyDown={onKeyDown} data-testid="finding-editor" style={{ borderColor: 'var(--mantine-color-blue-filled)' }}>
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {props.title}
        </Text>
        <Textarea
          label="Statement"
          autosize
          minRows={2}
          maxLength={DRAFT_LIMITS.statement}
          value={v.statement}
          onChange={(e) => onChange({ ...v, statement: e.currentTarget.value })}
          data-autofocus
          autoFocus
          data-testid="editor-statement"
        />
        <NativeSelect
          label="Severity"
          data={[...DRAFT_SEVERITIES]}
          value={v.severity}
          onChange={(e) => onChange({ ...v, severity: severityOf(e.currentTarget.value, v.severity) })}
          data-testid="editor-severity"
        />
        <TextInput
          label="Suggested next step (optional)"
          maxLength={DRAFT_LIMITS.recommendation}
          value={v.recommendation}
          onChange={(e) => onChange({ ...v, recommendation: e.currentTarget.value })}
          data-testid="editor-recommendation"
        />
        <TextInput
          label="Evidence"
          description="Ids as the report shows them (O12 an observation, F3 a rule finding, S1 a statement); click an observation in the report to link or unlink it."
          value={v.evidence}
          onChange={(e) => onChange({ ...v, evidence: e.currentTarget.value })}
          data-testid="editor-evidence"
        />
        {problem && (
          <Text size="sm" c="red" role="alert">
            {problem}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" size="xs" onClick={props.onCancel}>
            Cancel (Esc)
          </Button>
          <Button size="xs" onClick={submit} data-testid="editor-continue">
            Continue to reason (Ctrl+Enter)
          </Button>
        </Group>
      </Stack>
    </Paper>
  )
}
