// Error analysis: the reports where the candidate does worst against the baseline, each with the baseline's draft, the
// candidate's draft and the signed version side by side, and the candidate's text diffed against the signed one.
import { Accordion, Anchor, Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core'
import { hrefTo } from '../../app/routes'
import { diffToSigned, draftText, outputText } from './draftText'
import type { Deterioration, WorstDrafts } from './evalTypes'

function Column({ title, text, testId }: { title: string; text: string; testId: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} c="dimmed">
        {title}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid={testId}>
        {text}
      </Text>
    </Stack>
  )
}

function why(w: Deterioration): string[] {
  const out: string[] = []
  if (w.missedCritical > 0) out.push(`${w.missedCritical} more missed critical`)
  if (w.criticalCalledNormal > 0) out.push(`${w.criticalCalledNormal} more critical called normal`)
  if (w.evidenceFailure > 0) out.push('fails the evidence check')
  if (w.f1 < 0) out.push(`finding F1 ${w.f1.toFixed(2).replace('-', '−')}`)
  return out
}

function SideBySide({ d, baselineName, candidateName }: { d: WorstDrafts; baselineName: string; candidateName: string }) {
  const diff = diffToSigned(d.candidate, d.signed)
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Column title={`Baseline (${baselineName})`} text={outputText(d.baseline)} testId="eval-worst-baseline" />
        <Column title={`Candidate (${candidateName})`} text={outputText(d.candidate)} testId="eval-worst-candidate" />
        <Column title="Signed version" text={draftText(d.signed)} testId="eval-worst-signed" />
      </SimpleGrid>
      <Stack gap={2}>
        <Text size="xs" fw={700} c="dimmed">
          Candidate → signed (struck through: what the clinician did not sign; highlighted: what they wrote)
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="eval-worst-diff">
          {diff.map((p, i) =>
            p.op === 'same' ? (
              <span key={i}>{p.text}</span>
            ) : p.op === 'removed' ? (
              <del key={i} style={{ background: 'var(--mantine-color-red-light)', color: 'var(--mantine-color-red-text)' }}>
                {p.text}
              </del>
            ) : (
              <ins key={i} style={{ background: 'var(--mantine-color-green-light)', color: 'var(--mantine-color-green-text)', textDecoration: 'none' }}>
                {p.text}
              </ins>
            ),
          )}
        </Text>
      </Stack>
    </>
  )
}

export function WorstReports(props: { worst: Deterioration[]; drafts: WorstDrafts[]; baselineName: string; candidateName: string }) {
  const { worst, baselineName, candidateName } = props
  if (worst.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="eval-worst-none">
        On no report does {candidateName} miss more criticals, call more critical results normal, fail the evidence check where {baselineName} passed, or
        score a lower finding F1.
      </Text>
    )
  }
  return (
    <Accordion variant="separated" multiple data-testid="eval-worst">
      {worst.map((w) => {
        const d = props.drafts.find((x) => x.reportId === w.reportId)
        return (
          <Accordion.Item key={w.reportId} value={String(w.reportId)} data-testid="eval-worst-report">
            <Accordion.Control>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  Report {w.reportId}
                </Text>
                {why(w).map((r) => (
                  <Badge key={r} size="sm" color="red" variant="light">
                    {r}
                  </Badge>
                ))}
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                <Anchor size="sm" href={hrefTo(`reports/${w.reportId}`)}>
                  Open report {w.reportId}
                </Anchor>
                {d === undefined ? (
                  <Text size="sm" c="dimmed">
                    The drafts of this report are not stored with the run.
                  </Text>
                ) : (
                  <SideBySide d={d} baselineName={baselineName} candidateName={candidateName} />
                )}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        )
      })}
    </Accordion>
  )
}
