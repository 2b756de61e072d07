// The draft schema: one definition for parser and grammar, limits everywhere, evidence ids.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DRAFT_LIMITS,
  evidenceId,
  interpretationJsonSchema,
  metricNames,
  parseDraft,
  parseEvidenceId,
  type DraftJsonSchema,
  type InterpretationDraft,
} from './interpretation'

const draft: InterpretationDraft = {
  summary: 'Critical potassium 6.8 mmol/L.',
  findings: [
    { statement: 'Potassium 6.8 mmol/L is above the critical limit 6.2 mmol/L.', severity: 'critical', evidence: ['O1', 'F1'], recommendation: 'Repeat urgently.' },
    { statement: 'Sodium 138 mmol/L is within the reference range.', severity: 'normal', evidence: ['O2'], recommendation: null },
  ],
  overall_severity: 'critical',
  comparison_with_prior: null,
  limitations: 'None.',
}

/** Values of exactly the shape the grammar lets a model write, drawn from the JSON schema itself. */
function arbitraryFor(schema: DraftJsonSchema): fc.Arbitrary<unknown> {
  if ('enum' in schema) return fc.constantFrom(...schema.enum)
  if ('oneOf' in schema) return fc.oneof(...schema.oneOf.map(arbitraryFor))
  switch (schema.type) {
    case 'null':
      return fc.constant(null)
    case 'string':
      // Code points, not UTF-16 units: the grammar counts characters.
      return fc.string({ unit: 'grapheme', maxLength: schema.maxLength }).filter((s) => [...s].length <= schema.maxLength)
    case 'array':
      return fc.array(arbitraryFor(schema.items), { maxLength: schema.maxItems })
    case 'object':
      return fc.record(Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, arbitraryFor(v)])))
  }
}

describe('InterpretationDraftSchema and parseDraft', () => {
  it('round-trips a draft through JSON', () => {
    const parsed = parseDraft(JSON.stringify(draft))
    expect(parsed).toEqual({ ok: true, draft })
  })

  it('parses everything the grammar can produce', () => {
    fc.assert(
      fc.property(arbitraryFor(interpretationJsonSchema), (value) => {
        expect(parseDraft(JSON.stringify(value)).ok).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('counts characters as the grammar does: astral characters count once', () => {
    const summary = '😀'.repeat(DRAFT_LIMITS.summary)
    expect(parseDraft(JSON.stringify({ ...draft, summary })).ok).toBe(true)
    expect(parseDraft(JSON.stringify({ ...draft, summary: `${summary}x` })).ok).toBe(false)
  })

  it('rejects what the grammar forbids, naming where', () => {
    expect(parseDraft('{"summary": "cut off')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) })
    expect(parseDraft(JSON.stringify({ ...draft, extra: 1 }))).toMatchObject({ ok: false })
    expect(parseDraft(JSON.stringify({ ...draft, overall_severity: 'info' }))).toMatchObject({ ok: false, error: expect.stringMatching(/^overall_severity/) })
    expect(parseDraft(JSON.stringify({ ...draft, findings: Array(9).fill(draft.findings[0]) }))).toMatchObject({ ok: false, error: expect.stringMatching(/^findings/) })
    const { limitations: _, ...missing } = draft
    expect(parseDraft(JSON.stringify(missing))).toMatchObject({ ok: false, error: expect.stringMatching(/^limitations/) })
    const longEvidence = { ...draft, findings: [{ ...draft.findings[0], evidence: ['O1234567890123'] }] }
    expect(parseDraft(JSON.stringify(longEvidence))).toMatchObject({ ok: false, error: expect.stringMatching(/^findings\.0\.evidence\.0/) })
  })
})

describe('interpretationJsonSchema', () => {
  function walk(schema: DraftJsonSchema, path: string, visit: (s: DraftJsonSchema, path: string) => void): void {
    visit(schema, path)
    if ('oneOf' in schema) schema.oneOf.forEach((s, i) => walk(s, `${path}|${i}`, visit))
    else if ('type' in schema && schema.type === 'array') walk(schema.items, `${path}[]`, visit)
    else if ('type' in schema && schema.type === 'object') for (const [k, v] of Object.entries(schema.properties)) walk(v, `${path}.${k}`, visit)
  }

  it('bounds every string and every array, and closes every object', () => {
    const seen: string[] = []
    walk(interpretationJsonSchema, '$', (s, path) => {
      if ('type' in s && s.type === 'string') expect(s.maxLength, path).toBeGreaterThan(0)
      if ('type' in s && s.type === 'array') expect(s.maxItems, path).toBeGreaterThan(0)
      if ('type' in s && s.type === 'object') expect(s.additionalProperties, path).toBe(false)
      seen.push(path)
    })
    expect(seen).toContain('$.findings[].evidence[]')
  })

  it('states the documented limits, keys in generation order', () => {
    expect(interpretationJsonSchema).toMatchObject({
      type: 'object',
      properties: {
        summary: { type: 'string', maxLength: 600 },
        findings: {
          type: 'array',
          maxItems: 8,
          items: {
            properties: {
              statement: { type: 'string', maxLength: 300 },
              severity: { enum: ['normal', 'abnormal', 'critical'] },
              evidence: { type: 'array', maxItems: 8, items: { type: 'string', maxLength: DRAFT_LIMITS.evidenceId } },
              recommendation: { oneOf: [{ type: 'string', maxLength: 300 }, { type: 'null' }] },
            },
          },
        },
        overall_severity: { enum: ['normal', 'abnormal', 'critical'] },
        comparison_with_prior: { oneOf: [{ type: 'string', maxLength: 400 }, { type: 'null' }] },
        limitations: { type: 'string', maxLength: 400 },
      },
    })
    if (!('properties' in interpretationJsonSchema)) throw new Error('not an object schema')
    expect(Object.keys(interpretationJsonSchema.properties)).toEqual(['summary', 'findings', 'overall_severity', 'comparison_with_prior', 'limitations'])
  })

  it('uses only keywords the grammar compiler supports (no required, pattern or numeric bounds)', () => {
    const text = JSON.stringify(interpretationJsonSchema)
    for (const keyword of ['required', 'pattern', 'minimum', 'maximum', '$schema', 'anyOf']) expect(text).not.toContain(`"${keyword}"`)
  })
})

describe('evidence ids', () => {
  it('builds and parses each kind', () => {
    expect(evidenceId.observation(12)).toBe('O12')
    expect(evidenceId.statement(3)).toBe('S3')
    expect(evidenceId.finding(7)).toBe('F7')
    expect(evidenceId.report(45)).toBe('R45')
    expect(evidenceId.metric(2)).toBe('M2')
    expect(parseEvidenceId('O12')).toEqual({ kind: 'observation', id: 12 })
    expect(parseEvidenceId('S3')).toEqual({ kind: 'statement', id: 3 })
    expect(parseEvidenceId('F7')).toEqual({ kind: 'finding', id: 7 })
    expect(parseEvidenceId('R45')).toEqual({ kind: 'report', id: 45 })
    expect(parseEvidenceId('M2')).toEqual({ kind: 'metric', id: 2 })
  })

  it('rejects anything that is not exactly an id', () => {
    for (const bad of ['', 'O', 'o12', 'O12a', ' O12', 'O 12', 'X1', 'O-1', 'O012', 'O1.5', 'O12345678901']) expect(parseEvidenceId(bad), bad).toBeNull()
  })

  it('numbers metrics in code-unit order, independent of insertion order', () => {
    expect(metricNames({ 'agp.tir_70_180_pct': 1, 'agp.cv_pct': 2, 'bp.avg_sys': 3, 'agp.Days': 4 })).toEqual(['agp.Days', 'agp.cv_pct', 'agp.tir_70_180_pct', 'bp.avg_sys'])
  })
})
