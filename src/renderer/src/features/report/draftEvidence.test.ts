// Unit tests for how a draft's evidence ids read as chips and which observations and rule findings they highlight.
import { describe, expect, it } from 'vitest'
import type { Observation, ReportDetail } from '../../../../shared/contract/reports'
import type { StoredFinding } from '../../../../shared/contract/rules'
import { citedBasis, resolveEvidence, resolveFindingEvidence } from './draftEvidence'

const potassium: Observation = {
  id: 12,
  seq: 1,
  codeSystem: 'LOINC',
  code: '2823-3',
  display: 'Potassium',
  valueType: 'numeric',
  valueNum: 6.8,
  comparator: null,
  valueText: null,
  unit: 'mmol/L',
  ucumUnit: 'mmol/L',
  unitUnmapped: null,
  normalisedValue: 6.8,
  normalisedUnit: 'mmol/L',
  refLow: 3.5,
  refHigh: 5.1,
  refText: null,
  deviceFlag: 'HH',
  status: 'final',
  observedAt: null,
  subId: null,
  history: [],
}

const finding: StoredFinding = {
  id: 7,
  ruleId: 'potassium.critical',
  ruleSetVersion: '2026.1',
  severity: 'critical',
  title: 'Critical potassium',
  message: 'Potassium 6.8 mmol/L: critical',
  source: 'policy',
  observationIds: [12],
  values: {},
  deviceFlag: 'HH',
  disagreement: null,
  notEvaluated: null,
}

const report: Pick<ReportDetail, 'observations' | 'findings' | 'statements' | 'metrics'> = {
  observations: [potassium],
  findings: [finding],
  statements: [{ seq: 3, kind: 'machine', text: 'Sinus rhythm.   Left axis deviation, consider left anterior fascicular block' }],
  metrics: { tir_pct: 71.5, gmi_pct: 7.1 },
}

describe('resolveEvidence', () => {
  it('names an observation by display, value and unit', () => {
    expect(resolveEvidence('O12', report)).toEqual({ kind: 'observation', id: 'O12', label: 'Potassium 6.8 mmol/L', observationId: 12 })
  })
  it('names a rule finding by its title, a statement by a snippet, a metric by its name in evidence order', () => {
    expect(resolveEvidence('F7', report)).toMatchObject({ kind: 'finding', label: 'Rule: Critical potassium', findingId: 7 })
    const s = resolveEvidence('S3', report)
    expect(s.kind).toBe('statement')
    expect(s.label).toMatch(/^“Sinus rhythm\. Left axis deviation, consider.*…”$/)
    // Sorted by code unit: gmi_pct is M1, tir_pct M2.
    expect(resolveEvidence('M2', report)).toEqual({ kind: 'metric', id: 'M2', label: 'tir_pct 71.5' })
    expect(resolveEvidence('R45', report)).toEqual({ kind: 'report', id: 'R45', label: 'earlier report 45', reportId: 45 })
  })
  it('says what an id that names nothing, or is no id, is', () => {
    expect(resolveEvidence('O99', report)).toEqual({ kind: 'unknown', id: 'O99', label: 'O99: no such observation in this report' })
    expect(resolveEvidence('M3', report).kind).toBe('unknown')
    expect(resolveEvidence('M0', report).kind).toBe('unknown')
    expect(resolveEvidence('S1', report).kind).toBe('unknown')
    expect(resolveEvidence('potassium', report)).toEqual({ kind: 'unknown', id: 'potassium', label: '“potassium” is not an evidence id' })
  })
})

describe('resolveFindingEvidence and citedBasis', () => {
  it('marks an earlier report unknown when the evidence check says so for that finding', () => {
    const issues = [
      { code: 'UNKNOWN_EVIDENCE_ID', findingIndex: 1, message: 'R45 is neither part of this report nor an earlier report in its prompt' },
    ]
    expect(resolveFindingEvidence(['R45'], report, issues, 0)[0]?.kind).toBe('report')
    expect(resolveFindingEvidence(['R45'], report, issues, 1)[0]?.kind).toBe('unknown')
  })
  it('collects the observations and rule findings to highlight', () => {
    const resolved = resolveFindingEvidence(['O12', 'F7', 'S3', 'O99', 'R4'], report, [], 0)
    expect(citedBasis(resolved)).toEqual({ observationIds: [12], findingIds: [7] })
  })
})
