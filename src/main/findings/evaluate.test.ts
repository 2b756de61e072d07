// Findings at import are computed from the report as written (no read-back); they must equal re-evaluating the stored report.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { oru, type SyntheticResult } from '../../../test/helpers/hl7'
import { makeServices, type TestServices } from '../../../test/helpers/services'
import { importBatch } from '../ingest/pipeline'
import { evaluateStoredReport } from './evaluate'

let t: TestServices
beforeEach(() => {
  t = makeServices()
})
afterEach(() => t.cleanup())

const qtc = (value: string): SyntheticResult[] => [{ code: '8636-3', display: 'QTc interval', value, unit: 'ms', range: '' }]
/** The helper writes DOB 19700101 and sex F; `pid` replaces both ("|birth|sex"). */
const withPid = (msg: string, pid: string) => msg.replace('|19700101|F', pid)
const source = (name: string, text: string) => ({ name, origin: `upload:${name}`, bytes: new TextEncoder().encode(text) })

function snapshot() {
  const db = t.services.db
  return {
    findings: db
      .prepare(
        `SELECT report_id, seq, rule_id, rule_set_version, severity, title, message, source, observation_ids, "values",
           device_flag, disagreement, not_evaluated FROM findings ORDER BY report_id, seq`,
      )
      .all(),
    triage: db.prepare('SELECT id, max_severity, top_finding FROM reports ORDER BY id').all(),
  }
}

describe('findings at import', () => {
  it('equal a re-evaluation of the stored reports (observations, demographics filled later, previous values)', async () => {
    const summary = await importBatch(
      t.services,
      [
        // Sex unknown at first; a later message fills it in (the stored patient row is what rules read).
        source('ecg1', withPid(oru({ controlId: 'E1', mrn: 'Q1', observedAt: '20260101080000', results: qtc('430') }), '||')),
        source('ecg2', withPid(oru({ controlId: 'E2', mrn: 'Q1', observedAt: '20260201080000', results: qtc('505') }), '|19600101|M')),
        // Female on file from the first message; the second sends no sex: 455 ms is below the women's limit (460), above
        // the limit used when sex is unknown (450), so only the stored sex gives the right answer.
        source('ecg3', withPid(oru({ controlId: 'E3', mrn: 'Q2', observedAt: '20260101080000', results: qtc('420') }), '|19800101|F')),
        source('ecg4', withPid(oru({ controlId: 'E4', mrn: 'Q2', observedAt: '20260301080000', results: qtc('455') }), '||')),
        source('ecg5', withPid(oru({ controlId: 'E5', mrn: 'Q5', observedAt: '20260301080000', results: qtc('470') }), '|19800101|')),
        source('k', oru({ controlId: 'K1', mrn: 'Q3', results: [{ code: '2823-3', display: 'Potassium', value: '6.8', unit: 'mmol/L', range: '3.5-5.1', flag: 'N' }] })),
        source('glu', oru({ controlId: 'G1', mrn: 'Q3', results: [{ code: '2345-7', display: 'Glucose', value: '2.1', unit: 'mmol/L', range: '3.9-5.5', flag: 'LL' }] })),
        source('normal', oru({ controlId: 'N1', mrn: 'Q4', obxCount: 10 })),
      ],
      { actor: 'test' },
    )
    expect(summary.imported).toBe(8)
    const atImport = snapshot()
    const rules = new Set(atImport.findings.map((f) => (f as { rule_id: string }).rule_id))
    // The cases this test is about did fire.
    expect(rules).toContain('ecg.qtc.rise')
    expect(rules).toContain('ecg.qtc.critical')
    expect(rules).toContain('potassium.critical')
    expect(rules).toContain('ecg.qtc.prolonged.unknown_sex')
    expect(rules).not.toContain('ecg.qtc.prolonged.female')

    const { compiled } = t.services.rules.current()
    const db = t.services.db
    db.transaction(() => {
      for (const { id } of db.prepare('SELECT id FROM reports').all() as { id: number }[]) evaluateStoredReport(db, compiled, id, new Date().toISOString())
    })()
    expect(snapshot()).toEqual(atImport)
  })
})
