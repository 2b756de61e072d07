// Rule-file loading: valid files, versioning, layering, and refusal of invalid files with the right line.
import { describe, expect, it } from 'vitest'
import { layerRuleSets, loadRuleFile, type RuleSet } from './ruleFile'
import { fired, obs, run } from './testSupport'

const POTASSIUM = [
  '  - id: k.crit',
  '    title: Critical potassium',
  '    kind: threshold',
  '    applies_to:',
  '      - { system: LOINC, code: 2823-3 }',
  '    unit: mmol/L',
  '    below: 2.8',
  '    above: 6.2',
  '    severity: critical',
  '    message: "K {value} {unit}"',
  '    source: test',
]

function fileOf(ruleLines: string[], header = ['version: "1.0"', 'name: test', 'rules:']): string {
  return [...header, ...ruleLines].join('\n') + '\n'
}

function loaded(text: string): RuleSet {
  const result = loadRuleFile(text)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.ruleSet
}

function errorsOf(text: string): { line: number; column: number; message: string }[] {
  const result = loadRuleFile(text)
  expect(result.ok).toBe(false)
  return result.ok ? [] : result.errors
}

/** 1-based line of the first line containing needle (nth occurrence). */
function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) if ((lines[i] ?? '').includes(needle) && ++seen === nth) return i + 1
  throw new Error(`no ${needle}`)
}

describe('loadRuleFile: valid files', () => {
  it('loads a rule and versions it by content', () => {
    const text = fileOf(POTASSIUM)
    const set = loaded(text)
    expect(set.rules.map((r) => r.id)).toEqual(['k.crit'])
    expect(set.ruleSetVersion).toMatch(/^1\.0\+[0-9a-f]{12}$/)
    // Any edit, even a comment, changes the version; the same text gives the same version.
    expect(loaded(text).ruleSetVersion).toBe(set.ruleSetVersion)
    expect(loaded(`${text}# comment\n`).ruleSetVersion).not.toBe(set.ruleSetVersion)
  })

  it('accepts JSON (which is YAML)', () => {
    const json = JSON.stringify({
      version: '2',
      name: 'json',
      rules: [{ id: 'inr', title: 'INR', kind: 'threshold', applies_to: [{ system: 'LOINC', code: '6301-6' }], unit: '{INR}', above: 5, severity: 'critical', message: 'INR {value}', source: 's' }],
    })
    expect(loaded(json).rules[0]?.kind).toBe('threshold')
  })

  it("accepts the brief's kind names critical and cgm_target as synonyms", () => {
    const text = fileOf([
      ...POTASSIUM.map((l) => l.replace('kind: threshold', 'kind: critical')),
      '  - id: tir',
      '    title: TIR',
      '    kind: cgm_target',
      '    metrics: [agp.tir_70_180_pct]',
      '    target: { above: 70 }',
      '    severity: abnormal',
      '    message: "TIR {value}"',
      '    source: s',
    ])
    expect(loaded(text).rules.map((r) => r.kind)).toEqual(['threshold', 'metric_target'])
  })

  it('maps device-style units in the rule to UCUM (mmHg, mEq/L)', () => {
    const set = loaded(fileOf(POTASSIUM.map((l) => l.replace('unit: mmol/L', 'unit: mEq/L'))))
    // 6.3 mmol/L of a monovalent ion is 6.3 mEq/L.
    expect(fired(run(set, [obs('2823-3', 6.3, 'mmol/L')]))).toEqual(['k.crit'])
  })
})

describe('loadRuleFile: invalid files are refused with the line', () => {
  it('YAML syntax error', () => {
    const text = fileOf([...POTASSIUM.slice(0, 2), '    kind: [threshold', ...POTASSIUM.slice(3)])
    const errors = errorsOf(text)
    expect(errors[0]?.message).toMatch(/^YAML:/)
    expect(errors[0]?.line).toBeGreaterThanOrEqual(lineOf(text, 'kind: [threshold'))
    expect(errors[0]?.line).toBeLessThanOrEqual(lineOf(text, 'applies_to'))
  })

  it('duplicate key in a mapping', () => {
    const text = fileOf([...POTASSIUM, '    below: 3'])
    const errors = errorsOf(text)
    expect(errors[0]?.message).toMatch(/YAML: .*unique/i)
    expect(errors[0]?.line).toBe(lineOf(text, 'below: 3'))
  })

  it('missing field: points at the rule', () => {
    const text = fileOf([...POTASSIUM.filter((l) => !l.includes('source:')), ...POTASSIUM.map((l) => l.replace('k.crit', 'k.two'))])
    const errors = errorsOf(text)
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(/^rules\[0\]\.source:/)
    expect(errors[0]?.line).toBe(lineOf(text, '- id: k.crit'))
  })

  it('wrong type: points at the value', () => {
    const text = fileOf([...POTASSIUM.map((l) => l.replace('above: 6.2', 'above: high'))])
    const errors = errorsOf(text)
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(/rules\[0\]\.above: .*number/)
    expect(errors[0]?.line).toBe(lineOf(text, 'above: high'))
  })

  it('duplicate rule id: points at the second id', () => {
    const text = fileOf([...POTASSIUM, ...POTASSIUM])
    const errors = errorsOf(text)
    expect(errors).toEqual([{ line: lineOf(text, '- id: k.crit', 2), column: expect.any(Number) as number, message: 'rules[1].id: duplicate rule id "k.crit" (first used by rule 1)' }])
  })

  it('misspelt field is refused, not ignored', () => {
    const text = fileOf(POTASSIUM.map((l) => l.replace('below: 2.8', 'belw: 2.8')))
    const errors = errorsOf(text)
    expect(errors[0]?.message).toMatch(/unknown field belw/)
    expect(errors[0]?.line).toBe(lineOf(text, 'belw'))
  })

  it('unknown kind', () => {
    const text = fileOf(POTASSIUM.map((l) => l.replace('kind: threshold', 'kind: thresold')))
    const errors = errorsOf(text)
    expect(errors[0]?.line).toBe(lineOf(text, 'kind: thresold'))
  })

  it('a unit that is not UCUM', () => {
    const text = fileOf(POTASSIUM.map((l) => l.replace('unit: mmol/L', 'unit: furlongs')))
    const errors = errorsOf(text)
    expect(errors[0]?.message).toMatch(/not UCUM/)
    expect(errors[0]?.line).toBe(lineOf(text, 'unit: furlongs'))
  })

  it('no unit at all', () => {
    const text = fileOf(POTASSIUM.filter((l) => !l.includes('unit: mmol/L')))
    expect(errorsOf(text)[0]?.line).toBe(lineOf(text, '{ system: LOINC'))
  })

  it('both below and at_or_below', () => {
    const text = fileOf([...POTASSIUM, '    at_or_below: 2.5'])
    const errors = errorsOf(text)
    expect(errors[0]?.message).toMatch(/either below or at_or_below/)
    expect(errors[0]?.line).toBe(lineOf(text, '- id: k.crit'))
  })

  it('unknown placeholder in the message', () => {
    const text = fileOf(POTASSIUM.map((l) => l.replace('{value}', '{valeu}')))
    const errors = errorsOf(text)
    expect(errors[0]?.message).toMatch(/unknown placeholder \{valeu\}/)
    expect(errors[0]?.line).toBe(lineOf(text, 'message:'))
  })

  it('unquoted version (YAML would read 2026.10 as 2026.1)', () => {
    const text = fileOf(POTASSIUM, ['version: 2026.10', 'name: test', 'rules:'])
    const errors = errorsOf(text)
    expect(errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/quoted string/) as string })
  })

  it('supersedes naming an unknown rule', () => {
    const text = fileOf([...POTASSIUM, '    supersedes: [nope]'])
    expect(errorsOf(text)[0]?.line).toBe(lineOf(text, 'supersedes'))
  })

  it('an empty file', () => {
    expect(errorsOf('')[0]?.line).toBe(1)
  })

  it('reports every problem, sorted by line', () => {
    const text = fileOf([...POTASSIUM.map((l) => l.replace('above: 6.2', 'above: x')), ...POTASSIUM.map((l) => l.replace('severity: critical', 'severity: urgent'))])
    const lines = errorsOf(text).map((e) => e.line)
    expect(lines).toEqual([lineOf(text, 'above: x'), lineOf(text, 'severity: urgent')])
  })
})

describe('layerRuleSets', () => {
  const base = loaded(fileOf(POTASSIUM))

  it('a site rule with the same id replaces the default threshold', () => {
    const site = loaded(fileOf(POTASSIUM.map((l) => l.replace('above: 6.2', 'above: 6.0').replace('source: test', 'source: site lab policy')), ['version: "site-1"', 'name: site', 'rules:']))
    const layered = layerRuleSets(base, site)
    const value = [obs('2823-3', 6.1, 'mmol/L')]
    expect(fired(run(base, value))).toEqual([])
    const findings = run(layered, value)
    expect(fired(findings)).toEqual(['k.crit'])
    expect(findings[0]?.source).toBe('site lab policy')
    expect(findings[0]?.ruleSetVersion).toBe(`${base.ruleSetVersion}/${site.ruleSetVersion}`)
  })

  it('disabled ids are dropped and new rules appended', () => {
    const site = loaded(
      fileOf(POTASSIUM.map((l) => l.replace('k.crit', 'k.site')), ['version: "s"', 'name: site', 'disabled: [k.crit]', 'rules:']),
    )
    expect(layerRuleSets(base, site).rules.map((r) => r.id)).toEqual(['k.site'])
  })

  it('a site file may supersede base rules when loaded against the base', () => {
    const text = fileOf([...POTASSIUM.map((l) => l.replace('k.crit', 'k.site')), '    supersedes: [k.crit]'], ['version: "s"', 'name: site', 'rules:'])
    expect(loadRuleFile(text).ok).toBe(false)
    expect(loadRuleFile(text, { base }).ok).toBe(true)
  })
})
