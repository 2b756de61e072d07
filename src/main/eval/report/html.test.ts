// The printable report: self-contained (nothing fetched), every shown text escaped, results and gate reasons present, drafts side by side.
import { describe, expect, it } from 'vitest'
import { EvaluationAnalysisSchema, type EvalRunDetail } from '../../../shared/contract/eval'
import type { InterpretationDraft } from '../../../shared/domain/interpretation'
import { analyseRun } from '../analysis'
import { loadDefaultGate } from '../gate/defaultGate'
import type { SubgroupFacts } from '../subgroups'
import { rows } from '../testSupport'
import { esc, renderEvalReportHtml } from './html'

const cost = { promptTokens: 400, outputTokens: 100, tokensPerSecond: 20, timeToFirstTokenMs: 200, wallMs: 5000 }
const draft = (statement: string): InterpretationDraft => ({
  summary: 'Summary <i>x</i>',
  findings: [{ statement, severity: 'critical', evidence: ['O1'], recommendation: null }],
  overall_severity: 'critical',
  comparison_with_prior: null,
  limitations: '',
})

function run(): EvalRunDetail {
  const n = 40
  const facts = new Map<number, SubgroupFacts>(Array.from({ length: n }, (_, i) => [i + 1, { kind: i < 35 ? 'lab' : 'ecg', ageBand: '40–64', sex: 'female', deviceModel: 'X' }]))
  const g = loadDefaultGate()
  const analysis = analyseRun(
    { ...g, statistics: { ...g.statistics, resamples: 1000 } },
    { versionId: 1, rows: rows(n, () => ({})), costs: Array(n).fill(cost) },
    [{ versionId: 2, rows: rows(n, (i) => ({ missed: i === 0 ? 1 : 0, f1: 0.9 })), costs: Array(n).fill(cost) }],
    facts,
    { resamples: 1000, subgroupResamples: 1000 },
  )
  return {
    id: 7,
    state: 'done',
    createdAt: '2026-03-01T10:00:00Z',
    createdBy: 'ml-user',
    set: { set: 'test', kinds: [], from: null, to: null, reviewer: null },
    gate: { version: analysis.gate.gateVersion },
    seed: 1,
    reportCount: n,
    versions: [
      { versionId: 1, name: 'prod', fingerprint: 'a'.repeat(64), role: 'baseline' },
      { versionId: 2, name: 'cand<script>alert(1)</script>', fingerprint: 'b'.repeat(64), role: 'candidate' },
    ],
    progress: { done: 2 * n, total: 2 * n, etaSeconds: null, versions: [] },
    startedAt: null,
    finishedAt: '2026-03-01T11:00:00Z',
    gatePass: false,
    error: null,
    // As stored: through JSON (undefined figures become null).
    analysis: EvaluationAnalysisSchema.parse(JSON.parse(JSON.stringify(analysis))),
    worstDrafts: [
      {
        candidateVersionId: 2,
        reportId: 1,
        baseline: { versionId: 1, rawOutput: '', draft: draft('Potassium 6.9 is critically high.'), schemaError: null, standing: 'verified' },
        candidate: { versionId: 2, rawOutput: '', draft: draft('Potassium <b>"fine"</b> & normal.'), schemaError: null, standing: 'issues' },
        signed: draft('Potassium 6.9 is critically high.'),
      },
    ],
  }
}

describe('renderEvalReportHtml', () => {
  const html = renderEvalReportHtml(run())

  it('is one document that fetches nothing: inline style and SVG only', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html.endsWith('</html>')).toBe(true)
    expect(html).toContain('<style>')
    expect(html).toContain('<svg')
    expect(html).not.toMatch(/<(script|link|img|iframe)\b|\bsrc=|\bhref=|url\(|@import/i)
  })

  it('escapes every shown text', () => {
    expect(html).toContain('cand&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('Potassium &lt;b&gt;&quot;fine&quot;&lt;/b&gt; &amp; normal.')
    expect(html).toContain('Summary &lt;i&gt;x&lt;/i&gt;')
    expect(esc(`<a href='x'>&"`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;')
  })

  it('shows the gate failure with its reason, subgroups marked too small, and the worst report side by side with its diff', () => {
    expect(html).toContain('Gate failed')
    expect(html).toContain('no-more-missed-criticals')
    expect(html).toMatch(/<td>kind<\/td><td>ecg<\/td><td class="n">5<\/td>.*too small/)
    expect(html).toContain('<h3>Report 1</h3>')
    expect(html).toContain('<del>− [critical] Potassium &lt;b&gt;')
    expect(html).toContain('<ins>+ [critical] Potassium 6.9 is critically high.</ins>')
  })

  it('a run that is not done says so', () => {
    const r = { ...run(), state: 'running' as const, analysis: null, gatePass: null }
    expect(renderEvalReportHtml(r)).toContain('The run is not done')
  })
})
