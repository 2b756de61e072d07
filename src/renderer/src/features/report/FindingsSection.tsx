// The report's rule findings, worst first, labelled as coming from deterministic rules (with the rule set version), not the model.
import { Badge, Code, Stack, Text } from '@mantine/core'
import { SEVERITY_RANK } from '../../../../shared/domain/findings'
import type { StoredFinding } from '../../../../shared/contract/rules'
import { Section } from '../../components/Section'
import { FindingItem } from './FindingItem'
import { ruleTarget, type ObservationHighlight } from './useObservationHighlight'

/** Worst first; findings that could not be evaluated say nothing about severity and go last. */
export function orderFindings(findings: StoredFinding[]): StoredFinding[] {
  const rank = (f: StoredFinding) => (f.notEvaluated !== null ? -1 : SEVERITY_RANK[f.severity])
  return [...findings].sort((a, b) => rank(b) - rank(a))
}

function counts(findings: StoredFinding[]): string {
  const critical = findings.filter((f) => f.notEvaluated === null && f.severity === 'critical').length
  const abnormal = findings.filter((f) => f.notEvaluated === null && f.severity === 'abnormal').length
  const parts = [critical > 0 ? `${critical} critical` : '', abnormal > 0 ? `${abnormal} abnormal` : ''].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : ''
}

export function FindingsSection(props: {
  findings: StoredFinding[]
  /** The active rule set's version, shown when no rule fired (findings carry their own). */
  activeVersion: string | undefined
  highlight: ObservationHighlight
}) {
  const { findings, highlight: h } = props
  const versions = [...new Set(findings.map((f) => f.ruleSetVersion))]
  const shownVersions = versions.length > 0 ? versions : props.activeVersion !== undefined ? [props.activeVersion] : []
  const summary = counts(findings)
  return (
    <Section
      title={`Findings (${findings.length})`}
      actions={
        <Badge variant="light" color="gray" size="sm" tt="none" data-testid="findings-rule-set">
          Deterministic rules · rule set {shownVersions.join(', ') || '…'}
        </Badge>
      }
      testId="findings"
    >
      <Text size="xs" c="dimmed">
        Computed by Readout&apos;s deterministic rules from the values in this report, not by the language model. Each finding names its rule
        and source. Hover a finding to highlight the observations it rests on; click it to keep them highlighted and scroll to them.
        {summary !== '' && ` ${summary}.`}
      </Text>
      {findings.length === 0 ? (
        <Text size="sm" data-testid="findings-none">
          No rule fired for this report (rule set <Code>{shownVersions.join(', ') || 'unknown'}</Code>).
        </Text>
      ) : (
        <Stack gap={6}>
          {orderFindings(findings).map((f) => (
            <FindingItem
              key={f.id}
              finding={f}
              pinned={h.pinnedKey === ruleTarget(f).key}
              cited={h.findingIds.has(f.id)}
              onPreview={(x) => h.preview(ruleTarget(x))}
              onEndPreview={h.endPreview}
              onToggle={(x) => h.toggle(ruleTarget(x))}
            />
          ))}
        </Stack>
      )}
    </Section>
  )
}
