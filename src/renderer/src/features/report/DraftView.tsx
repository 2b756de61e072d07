// A stored draft in full: overall severity and evidence standing, summary, findings with their cited basis, comparison, limitations, provenance.
import { Group, Stack, Text } from '@mantine/core'
import { useMemo, type ReactNode } from 'react'
import type { Interpretation } from '../../../../shared/contract/interpret'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { DraftSeverityBadge, StandingBadge } from './DraftBadges'
import { DraftFinding } from './DraftFinding'
import { DraftIssues } from './DraftIssues'
import { DraftProvenance } from './DraftProvenance'
import { citedBasis, resolveFindingEvidence } from './draftEvidence'
import type { HighlightTarget, ObservationHighlight } from './useObservationHighlight'

function Labelled({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  )
}

export function DraftView(props: { interpretation: Interpretation; report: ReportDetail; highlight: ObservationHighlight }) {
  const { interpretation: i, report, highlight: h } = props
  const { draft, evidenceCheck } = i
  const findings = useMemo(
    () =>
      draft.findings.map((f, index) => {
        const evidence = resolveFindingEvidence(f.evidence, report, evidenceCheck.issues, index)
        const basis = citedBasis(evidence)
        const target: HighlightTarget = { key: `draft:${i.id}:${index}`, ...basis }
        return { f, index, evidence, target, citesBasis: basis.observationIds.length + basis.findingIds.length > 0 }
      }),
    [draft.findings, report, evidenceCheck.issues, i.id],
  )
  // Issues about the summary, comparison or overall severity, and any that name no finding of this draft, go first.
  const general = evidenceCheck.issues.filter((x) => x.findingIndex === null || draft.findings[x.findingIndex] === undefined)
  return (
    <Stack gap="sm" data-testid="draft-view" data-interpretation-id={i.id}>
      <Group gap="sm">
        <Text size="sm" fw={600}>
          Overall
        </Text>
        <DraftSeverityBadge severity={draft.overall_severity} size="md" />
        <StandingBadge standing={i.standing} issues={evidenceCheck.issues.length} />
      </Group>
      <DraftIssues issues={general} testId="draft-issues-general" />
      <Labelled label="Summary" testId="draft-summary">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {draft.summary}
        </Text>
      </Labelled>
      <Labelled label={`Findings (${draft.findings.length})`} testId="draft-findings">
        {findings.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="draft-no-findings">
            The draft lists no findings.
          </Text>
        ) : (
          <Stack gap={6} mt={4}>
            <Text size="xs" c="dimmed">
              Hover a finding to highlight the observations and rule findings it cites; click it to keep them highlighted.
            </Text>
            {findings.map(({ f, index, evidence, target, citesBasis }) => (
              <DraftFinding
                key={index}
                index={index}
                finding={f}
                evidence={evidence}
                issues={evidenceCheck.issues.filter((x) => x.findingIndex === index)}
                citesBasis={citesBasis}
                pinned={h.pinnedKey === target.key}
                onPreview={() => h.preview(target)}
                onEndPreview={h.endPreview}
                onToggle={() => h.toggle(target)}
              />
            ))}
          </Stack>
        )}
      </Labelled>
      <Labelled label="Comparison with earlier reports" testId="draft-comparison">
        <Text size="sm" c={draft.comparison_with_prior === null ? 'dimmed' : undefined} style={{ whiteSpace: 'pre-wrap' }}>
          {draft.comparison_with_prior ?? 'None given.'}
        </Text>
      </Labelled>
      <Labelled label="Limitations" testId="draft-limitations">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {draft.limitations === '' ? '—' : draft.limitations}
        </Text>
      </Labelled>
      <DraftProvenance interpretation={i} />
    </Stack>
  )
}
