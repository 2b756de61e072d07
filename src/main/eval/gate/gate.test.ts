// The release gate: the shipped default loads, bad files are refused with located errors, and candidates pass or fail with reasons.
import { describe, expect, it } from 'vitest'
import { metricsRow, rows } from '../testSupport'
import { DEFAULT_GATE_TEXT, loadDefaultGate } from './defaultGate'
import { evaluateGate } from './evaluateGate'
import { formatGateErrors, loadGate, type Gate } from './loadGate'

const HEAD = 'format: 1\nname: test gate\nrevision: "t1"\n'

function gate(text: string): Gate {
  const r = loadGate(text)
  if (!r.ok) throw new Error(formatGateErrors(r.errors))
  return r.gate
}

describe('loadGate', () => {
  it('loads the shipped default: three criteria, 95% intervals from 10,000 resamples, versioned by content', () => {
    const g = loadDefaultGate()
    expect(g.criteria.map((c) => [c.id, c.metric, c.rule])).toEqual([
      ['no-more-missed-criticals', 'missed_critical', 'no_increase'],
      ['evidence-failures-not-worse', 'evidence_failure', 'not_worse_beyond_interval'],
      ['finding-f1-not-lower', 'finding_f1', 'not_worse_beyond_interval'],
    ])
    expect(g.statistics).toEqual({ level: 0.95, resamples: 10_000, seed: 20260301 })
    expect(g.minReports).toBe(30)
    expect(g.gateVersion).toMatch(/^2026\.1\+[0-9a-f]{12}$/)
    const edited = loadGate(`${DEFAULT_GATE_TEXT}\n# a comment`)
    expect(edited.ok && edited.gate.gateVersion).not.toBe(g.gateVersion)
  })

  it('accepts JSON and fills defaults', () => {
    const g = gate(JSON.stringify({ format: 1, name: 'j', revision: '1', criteria: [{ id: 'f1', metric: 'finding_f1', rule: 'non_inferior', margin: 0.02 }] }))
    expect(g.statistics).toEqual({ level: 0.95, resamples: 10_000, seed: 1 })
    expect(g.criteria[0]).toEqual({ id: 'f1', metric: 'finding_f1', rule: 'non_inferior', margin: 0.02 })
  })

  it.each([
    ['an unknown metric', `${HEAD}criteria:\n  - id: a\n    metric: missed_criticals\n    rule: no_increase\n`, 6, /^criteria\[0\]\.metric: /],
    ['an unknown field', `${HEAD}criteria:\n  - id: a\n    metric: finding_f1\n    rule: no_increase\n    margn: 0.1\n`, 8, /^criteria\[0\]\.margn: unknown field margn$/],
    ['a missing metric', `${HEAD}criteria:\n  - id: a\n    rule: no_increase\n`, 5, /^criteria\[0\]\.metric: required field missing$/],
    ['an unknown rule', `${HEAD}criteria:\n  - id: a\n    metric: finding_f1\n    rule: better\n`, 7, /^criteria\[0\]\.rule: /],
    ['too few resamples', `${HEAD}statistics:\n  resamples: 500\ncriteria:\n  - { id: a, metric: finding_f1, rule: no_increase }\n`, 5, /^statistics\.resamples: /],
    ['a negative margin', `${HEAD}criteria:\n  - { id: a, metric: finding_f1, rule: no_increase, margin: -1 }\n`, 5, /^criteria\[0\]\.margin: a margin is a tolerated worsening/],
    ['a duplicate id', `${HEAD}criteria:\n  - { id: a, metric: finding_f1, rule: no_increase }\n  - { id: a, metric: missed_critical, rule: no_increase }\n`, 6, /^criteria\[1\]\.id: "a" is already the id of criteria\[0\]$/],
    ['another format', 'format: 2\nname: x\nrevision: "1"\ncriteria: []\n', 1, /^format: /],
    ['no criteria', `${HEAD}criteria: []\n`, 4, /^criteria: a gate needs at least one criterion$/],
    ['broken YAML', `${HEAD}criteria:\n  - id: [a\n`, 6, /^YAML: /],
  ])('refuses %s, naming the line and field', (_, text, line, message) => {
    const r = loadGate(text)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors[0]!.line).toBe(line)
    expect(r.errors[0]!.message).toMatch(message)
  })
})

describe('evaluateGate with the default gate', () => {
  const g = loadDefaultGate()
  const fast: Gate = { ...g, statistics: { ...g.statistics, resamples: 2000 } }
  const base = rows(40, () => ({}))

  it('passes a candidate equal to the baseline, with a reason per criterion', () => {
    const r = evaluateGate(fast, base, rows(40, () => ({})))
    expect(r.pass).toBe(true)
    expect(r.reasons).toEqual([])
    expect(r.reports).toBe(40)
    expect(r.gate).toEqual({ name: 'Readout default release gate', revision: '2026.1', gateVersion: g.gateVersion })
    expect(r.criteria.map((c) => c.reason)).toEqual([
      'Reports with a missed critical finding: 0 of 40 with the baseline, 0 of 40 with the candidate; within the allowed no worsening.',
      'Reports failing the evidence check: candidate − baseline 0 (95% CI 0 to 0); not worse beyond the interval.',
      'Finding F1 (mean per report): candidate − baseline 0 (95% CI 0 to 0); not worse beyond the interval.',
    ])
  })

  it('fails a candidate that misses one more critical, however small the change', () => {
    const r = evaluateGate(fast, base, rows(40, (i) => ({ missed: i === 7 ? 1 : 0 })))
    expect(r.pass).toBe(false)
    expect(r.reasons).toEqual(['no-more-missed-criticals: Reports with a missed critical finding: 0 of 40 with the baseline, 1 of 40 with the candidate; worse than the allowed no worsening.'])
    expect(r.criteria[0]!.pValue).toBe(1) // one discordant pair: McNemar p = 2 · 1/2, capped
  })

  it('tolerates one more evidence failure (inside the interval) but not twenty', () => {
    expect(evaluateGate(fast, base, rows(40, (i) => ({ evidenceFailure: i === 0 }))).pass).toBe(true)
    const r = evaluateGate(fast, base, rows(40, (i) => ({ evidenceFailure: i < 20 })))
    expect(r.pass).toBe(false)
    expect(r.reasons).toHaveLength(1)
    expect(r.reasons[0]).toMatch(/^evidence-failures-not-worse: Reports failing the evidence check: candidate − baseline 0\.5 \(95% CI 0\.\d+ to 0\.\d+\); the whole interval is worse\.$/)
  })

  it('fails a clearly lower finding F1 and names it', () => {
    const r = evaluateGate(fast, base, rows(40, (i) => ({ f1: i % 2 === 0 ? 0.5 : 1 })))
    expect(r.pass).toBe(false)
    expect(r.reasons).toEqual([expect.stringMatching(/^finding-f1-not-lower: Finding F1 \(mean per report\): candidate − baseline −0\.25 \(95% CI −0\.\d+ to −0\.\d+\); the whole interval is worse\.$/)])
  })

  it('fails when there are too few reports to judge, even if every criterion passes', () => {
    const r = evaluateGate(fast, rows(10, () => ({})), rows(10, () => ({})))
    expect(r.criteria.every((c) => c.pass)).toBe(true)
    expect(r.pass).toBe(false)
    expect(r.reasons).toEqual(['Only 10 paired reports; the gate needs at least 30 to judge a candidate.'])
  })
})

describe('evaluateGate rules', () => {
  const base = rows(60, (i) => ({ f1: i % 2 === 0 ? 0.8 : 1 }))
  const slightlyLower = rows(60, (i) => ({ f1: i % 2 === 0 ? 0.78 : 1 })) // −0.01 everywhere on average, interval about −0.01 ± 0.003

  it.each([
    ['non_inferior within its margin', 'rule: non_inferior, margin: 0.02', true, /the interval's worse end stays within the tolerated 0\.02\.$/],
    ['non_inferior beyond its margin', 'rule: non_inferior, margin: 0.005', false, /the interval's worse end goes beyond the tolerated 0\.005\.$/],
    ['not worse beyond the interval, with a margin', 'rule: not_worse_beyond_interval, margin: 0.02', true, /not worse by more than the margin 0\.02 beyond the interval\.$/],
    ['no increase with a margin', 'rule: no_increase, margin: 0.02', true, /: 0\.9 with the baseline, 0\.89 with the candidate; within the allowed at most 0\.02 worse\.$/],
    ['at least', 'rule: at_least, value: 0.9', false, /the candidate's 0\.89 is not at least 0\.9\.$/],
    ['at most', 'rule: at_most, value: 0.9', true, /the candidate's 0\.89 is at most 0\.9\.$/],
  ])('%s', (_, rule, pass, reason) => {
    const g = gate(`${HEAD}statistics: { resamples: 2000 }\ncriteria:\n  - { id: c, metric: finding_f1, ${rule} }\n`)
    const r = evaluateGate(g, base, slightlyLower)
    expect(r.criteria[0]!.pass).toBe(pass)
    expect(r.criteria[0]!.reason).toMatch(reason)
    expect(r.pass).toBe(pass)
  })

  it('works in the metric\'s direction: a lower correction rate is better', () => {
    const g = gate(`${HEAD}criteria:\n  - { id: c, metric: correction_rate, rule: no_increase }\n`)
    const worse = [metricsRow(1, { corrections: [1, 1, 0] }), ...rows(40, () => ({})).slice(1)]
    const better = [metricsRow(1, { corrections: [2, 0, 0] }), ...rows(40, () => ({})).slice(1)]
    const baseline = [metricsRow(1, { corrections: [1, 0, 1] }), ...rows(40, () => ({})).slice(1)]
    expect(evaluateGate(g, baseline, better).pass).toBe(true)
    expect(evaluateGate(g, baseline, worse).pass).toBe(true) // same rate: 1 of 80
    expect(evaluateGate(g, better, worse).pass).toBe(false)
  })
})
