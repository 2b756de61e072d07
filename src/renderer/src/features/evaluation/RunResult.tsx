// A finished run's result: for the chosen candidate the gate verdict first, then rollout, each version's summary, the
// paired comparison as a table and a chart, subgroups and the reports where the candidate does worst.
import { SegmentedControl, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { Section } from '../../components/Section'
import { holdsAny, useSession } from '../auth/session'
import { ComparisonTable } from './ComparisonTable'
import { DifferenceChart } from './DifferenceChart'
import type { EvaluationAnalysis, RunDetail } from './evalTypes'
import { GateVerdict } from './GateVerdict'
import { RolloutPanel } from './RolloutPanel'
import { SubgroupTable } from './SubgroupTable'
import { VersionSummaryTable } from './VersionSummaryTable'
import { WorstReports } from './WorstReports'

/** The analysis marks subgroups under this size too small (src/main/eval/subgroups.ts DEFAULT_MIN_SUBGROUP_SIZE). */
const MIN_SUBGROUP_SIZE = 30

export function RunResult({ run, analysis }: { run: RunDetail; analysis: EvaluationAnalysis }) {
  const { user } = useSession()
  const nameOf = (id: number) => run.versions.find((v) => v.versionId === id)?.name ?? `version ${id}`
  const baseline = analysis.versions.find((v) => v.role === 'baseline')
  const [chosen, setChosen] = useState(String(analysis.candidates[0]?.versionId ?? ''))
  const candidate = analysis.candidates.find((c) => String(c.versionId) === chosen) ?? analysis.candidates[0]
  if (baseline === undefined || candidate === undefined) return <Text size="sm">This run compared no candidate.</Text>
  const baselineName = nameOf(baseline.versionId)
  const candidateName = nameOf(candidate.versionId)

  return (
    <Stack gap="md" data-testid="eval-result">
      {analysis.candidates.length > 1 && (
        <SegmentedControl
          value={chosen}
          onChange={setChosen}
          data={analysis.candidates.map((c) => ({ value: String(c.versionId), label: `${nameOf(c.versionId)} ${c.gate.pass ? '✓' : '✗'}` }))}
          aria-label="Candidate shown"
          data-testid="eval-candidate-choice"
        />
      )}
      <GateVerdict gate={candidate.gate} candidateName={candidateName} baselineName={baselineName} />
      {holdsAny(user, ['ml', 'admin']) && (
        <Section title="Rollout" testId="eval-rollout-section">
          <RolloutPanel runId={run.id} versionId={candidate.versionId} gatePass={candidate.gate.pass} />
        </Section>
      )}
      <Section title={`${candidateName} against ${baselineName}`} testId="eval-comparison-section">
        <DifferenceChart metrics={candidate.comparison.metrics} />
        <ComparisonTable metrics={candidate.comparison.metrics} reports={candidate.comparison.reports} />
      </Section>
      <Section title="Each version on its own" testId="eval-summary-section">
        <VersionSummaryTable columns={analysis.versions.map((v) => ({ name: nameOf(v.versionId), role: v.role, summary: v.summary, cost: v.cost }))} />
      </Section>
      <Section title="Subgroups" testId="eval-subgroups-section">
        <SubgroupTable subgroups={candidate.subgroups} minSize={MIN_SUBGROUP_SIZE} />
      </Section>
      <Section title="Where the candidate does worst" testId="eval-worst-section">
        <WorstReports
          worst={candidate.worst}
          drafts={run.worstDrafts.filter((d) => d.candidateVersionId === candidate.versionId)}
          baselineName={baselineName}
          candidateName={candidateName}
        />
      </Section>
    </Stack>
  )
}
