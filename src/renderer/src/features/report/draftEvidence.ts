// What a draft's evidence ids point at in this report (an observation, statement, rule finding, metric or earlier report), as chip labels.
import type { Interpretation } from '../../../../shared/contract/interpret'
import type { ReportDetail } from '../../../../shared/contract/reports'
import { metricNames, parseEvidenceId } from '../../../../shared/domain/interpretation'
import { formatNumber } from '../../components/format'
import { valueAsSent } from './observationText'

export type ResolvedEvidence =
  | { kind: 'observation'; id: string; label: string; observationId: number }
  | { kind: 'finding'; id: string; label: string; findingId: number }
  | { kind: 'statement'; id: string; label: string }
  | { kind: 'metric'; id: string; label: string }
  | { kind: 'report'; id: string; label: string; reportId: number }
  /** Not an id, or an id that names nothing in this report. */
  | { kind: 'unknown'; id: string; label: string }

type EvidenceIssue = Interpretation['evidenceCheck']['issues'][number]
type Basis = Pick<ReportDetail, 'observations' | 'findings' | 'statements' | 'metrics'>

const SNIPPET = 48

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= SNIPPET ? flat : `${flat.slice(0, SNIPPET - 1)}…`
}

/** Resolves one evidence id against the report the draft was written for. */
export function resolveEvidence(id: string, report: Basis): ResolvedEvidence {
  const ref = parseEvidenceId(id)
  if (ref === null) return { kind: 'unknown', id, label: `“${id}” is not an evidence id` }
  const missing = (what: string): ResolvedEvidence => ({ kind: 'unknown', id, label: `${id}: no such ${what} in this report` })
  switch (ref.kind) {
    case 'observation': {
      const o = report.observations.find((x) => x.id === ref.id)
      return o ? { kind: 'observation', id, label: `${o.display ?? o.code} ${valueAsSent(o)}`, observationId: o.id } : missing('observation')
    }
    case 'finding': {
      const f = report.findings.find((x) => x.id === ref.id)
      return f ? { kind: 'finding', id, label: `Rule: ${f.title}`, findingId: f.id } : missing('rule finding')
    }
    case 'statement': {
      const s = report.statements.find((x) => x.seq === ref.id)
      return s ? { kind: 'statement', id, label: `“${snippet(s.text)}”` } : missing('statement')
    }
    case 'metric': {
      const name = metricNames(report.metrics)[ref.id - 1]
      const value = name === undefined ? undefined : report.metrics[name]
      return name !== undefined && value !== undefined ? { kind: 'metric', id, label: `${name} ${formatNumber(value)}` } : missing('metric')
    }
    case 'report':
      // Earlier reports are the prompt's patient context, which the renderer does not hold: the evidence check says
      // when one was not part of it (see resolveFindingEvidence).
      return { kind: 'report', id, label: `earlier report ${ref.id}`, reportId: ref.id }
  }
}

/** A draft finding's evidence, resolved; an earlier report the evidence check did not know is shown as unknown. */
export function resolveFindingEvidence(
  evidence: readonly string[],
  report: Basis,
  issues: readonly EvidenceIssue[],
  findingIndex: number,
): ResolvedEvidence[] {
  const unknown = unknownIdsOf(issues, findingIndex, evidence)
  return evidence.map((id) => {
    const r = resolveEvidence(id, report)
    return r.kind === 'report' && unknown.has(id) ? { kind: 'unknown', id, label: `${id}: not an earlier report of this patient` } : r
  })
}

/**
 * Evidence ids the evidence check found unknown for a draft finding. Its messages start with the id as written
 * (quoted when it is not an id at all); matching them is only a hint for earlier reports, never the only signal.
 */
export function unknownIdsOf(issues: readonly EvidenceIssue[], findingIndex: number, evidence: readonly string[]): Set<string> {
  const out = new Set<string>()
  for (const i of issues) {
    if (i.code !== 'UNKNOWN_EVIDENCE_ID' || i.findingIndex !== findingIndex) continue
    for (const e of evidence) if (i.message.startsWith(`${e} `) || i.message.startsWith(`"${e}"`)) out.add(e)
  }
  return out
}

/** The observations and rule findings a draft finding cites, to highlight them. */
export function citedBasis(resolved: readonly ResolvedEvidence[]): { observationIds: number[]; findingIds: number[] } {
  const observationIds: number[] = []
  const findingIds: number[] = []
  for (const r of resolved) {
    if (r.kind === 'observation') observationIds.push(r.observationId)
    else if (r.kind === 'finding') findingIds.push(r.findingId)
  }
  return { observationIds, findingIds }
}
