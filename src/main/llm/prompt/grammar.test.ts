// node-llama-cpp accepts the draft's JSON schema as a grammar (no model needed) and validates a draft against it.
import { getLlama, type GbnfJsonSchema, type Llama } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { interpretationJsonSchema, parseDraft, type InterpretationDraft } from '../../../shared/domain/interpretation'

// Compile-time: the shared schema type is a subset of the grammar compiler's input type.
const asGbnf: GbnfJsonSchema = interpretationJsonSchema

const draft: InterpretationDraft = {
  summary: 'Critical potassium 6.8 mmol/L.',
  findings: [{ statement: 'Potassium 6.8 mmol/L [O1].', severity: 'critical', evidence: ['O1', 'F1'], recommendation: null }],
  overall_severity: 'critical',
  comparison_with_prior: 'Up from 5.9 mmol/L in R45.',
  limitations: 'None.',
}

describe('the grammar for interpretationJsonSchema', () => {
  let llama: Llama
  beforeAll(async () => {
    llama = await getLlama({ gpu: false, maxThreads: 2, build: 'never' })
  })
  afterAll(async () => {
    await llama?.dispose()
  })

  it('is accepted by createGrammarForJsonSchema', async () => {
    const grammar = await llama.createGrammarForJsonSchema<GbnfJsonSchema>(asGbnf)
    expect(grammar.grammar.length).toBeGreaterThan(0)
    // Every repetition is bounded, so a model with random weights still finishes; the one unbounded
    // rule is the trailing newlines after the object, which node-llama-cpp uses as its stop trigger.
    expect(grammar.grammar).toMatch(/\{0,600\}/)
    const body = grammar.grammar.replace('"\\n\\n\\n\\n" [\\n]*', '')
    expect(body).not.toMatch(/[)\]][*+]|,\}/)
    const text = JSON.stringify(draft)
    expect(grammar.parse(text)).toEqual(draft)
    expect(parseDraft(text)).toEqual({ ok: true, draft })
  })

  it('rejects a draft that breaks a limit', async () => {
    const grammar = await llama.createGrammarForJsonSchema<GbnfJsonSchema>(asGbnf)
    expect(() => grammar.parse(JSON.stringify({ ...draft, summary: 'x'.repeat(601) }))).toThrow()
    expect(() => grammar.parse(JSON.stringify({ ...draft, overall_severity: 'info' }))).toThrow()
  })
})
