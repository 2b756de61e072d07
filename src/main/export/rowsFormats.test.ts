// Rows per outcome and their lines in each format, checked against the format schemas; the filters predicate.
import { describe, expect, it } from 'vitest'
import { syntheticItem } from '../../../test/helpers/exportItems'
import { deidentifyItem } from './deid/structured'
import { matchesFilters } from './filters'
import { EXPORT_FORMATS, formatLine } from './formats'
import { buildRows } from './rows'
import { itemPrompt, type ExportItem, type Outcome } from './types'

const rowsOf = (item: ExportItem) => buildRows(deidentifyItem(item, itemPrompt(item)!, null, {}))
const itemWith = (outcome: Outcome) => syntheticItem(0, { outcomeOf: () => outcome })

describe('buildRows', () => {
  it.each([
    ['accepted_unchanged', ['sft']],
    ['corrected', ['sft', 'preference']],
    ['rejected_rewritten', ['sft', 'preference', 'unpaired']],
    ['signed_without_draft', ['sft']],
  ] as [Outcome, string[]][])('%s → %j', (outcome, types) => {
    expect(rowsOf(itemWith(outcome)).map((r) => r.type)).toEqual(types)
  })

  it('an outcome that needs a draft, without one, is an error', () => {
    expect(() => rowsOf({ ...itemWith('corrected'), draft: null, builtPrompt: itemWith('signed_without_draft').builtPrompt })).toThrow(/needs a draft/)
  })
})

describe('formatLine', () => {
  it('renders each row type in the formats that carry it, and nothing else', () => {
    const rows = rowsOf(itemWith('rejected_rewritten'))
    const carried = EXPORT_FORMATS.map((f) => [f, rows.map((r) => formatLine(f, r) !== null)])
    expect(Object.fromEntries(carried)).toEqual({
      'openai-chat': [true, false, false],
      'openai-dpo': [false, true, false],
      'trl-sft': [true, false, false],
      'trl-prompt-completion': [true, false, false],
      'trl-preference': [false, true, false],
      'trl-kto': [true, false, true],
    })
  })

  it('a raw-prompt draft has no system message', () => {
    const item = itemWith('corrected')
    const raw = { ...item, draft: { ...item.draft!, prompt: { system: '', user: 'PROMPT', rendered: 'PROMPT', origin: 'raw' as const } } }
    const [sft, pref] = rowsOf(raw)
    expect(JSON.parse(formatLine('openai-chat', sft!)!).messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant'])
    expect(JSON.parse(formatLine('openai-dpo', pref!)!).input.messages).toEqual([{ role: 'user', content: 'PROMPT' }])
    expect(JSON.parse(formatLine('trl-prompt-completion', sft!)!).prompt).toBe('PROMPT')
  })

  it('refuses a line that breaks its schema, naming the format and field', () => {
    const [sft] = rowsOf(itemWith('accepted_unchanged'))
    expect(() => formatLine('openai-chat', { ...sft!, type: 'sft', completion: '' })).toThrow(/openai-chat line fails its schema at messages/)
  })
})

describe('matchesFilters', () => {
  const item = syntheticItem(1) // corrected, lab, reviewer dr.lin, wrong_severity, standing verified, model cdcd…, signed 2026-02-02
  it.each([
    [{}, true],
    [{ signedFrom: '2026-02-02' }, true],
    [{ signedFrom: '2026-02-03' }, false],
    [{ signedTo: '2026-02-02' }, true],
    [{ signedTo: '2026-02-01' }, false],
    [{ kinds: ['lab'] }, true],
    [{ kinds: ['ecg'] }, false],
    [{ reviewers: ['dr.lin'] }, true],
    [{ reviewers: ['dr.ada'] }, false],
    [{ reasonCodes: ['missed_finding', 'wrong_severity'] }, true],
    [{ reasonCodes: ['missed_finding'] }, false],
    [{ modelVersions: ['CDCDCD'] }, true],
    [{ modelVersions: ['abab'] }, false],
    [{ standings: ['verified'] }, true],
    [{ standings: ['issues'] }, false],
    [{ outcomes: ['corrected'] }, true],
    [{ outcomes: ['accepted_unchanged'] }, false],
  ] as [Parameters<typeof matchesFilters>[1], boolean][])('%j → %s', (filters, expected) => expect(matchesFilters(item, filters)).toBe(expected))
})
