import { describe, expect, it } from 'vitest'
import { EMPTY_FORM, filtersOf, formProblems, percent, runInput, type ExportForm } from './exportForm'

const form = (patch: Partial<ExportForm>): ExportForm => ({ ...EMPTY_FORM, outDir: '/data/export-1', ...patch })

describe('filtersOf', () => {
  it.each([
    [{}, {}],
    [{ from: ' 2026-01-01 ', to: '2026-02-01' }, { signedFrom: '2026-01-01', signedTo: '2026-02-01' }],
    [{ kinds: ['ecg'], reviewers: [' drlee ', ''] }, { kinds: ['ecg'], reviewers: ['drlee'] }],
    [{ reasonCodes: ['wrong_unit'], standings: ['verified'] }, { reasonCodes: ['wrong_unit'], standings: ['verified'] }],
  ] as [Partial<ExportForm>, object][])('%j → %j', (patch, filters) => expect(filtersOf(form(patch))).toEqual(filters))
})

describe('formProblems', () => {
  it.each([
    [{}, {}],
    [{ formats: [] }, { formats: 'Choose at least one format' }],
    [{ seed: '-1' }, { seed: 'A whole number from 0 to 2147483647' }],
    [{ seed: '2147483648' }, { seed: 'A whole number from 0 to 2147483647' }],
    [{ split: '80/20' }, { split: 'Three whole percentages, like 80/10/10' }],
    [{ split: '70/20/20' }, { split: 'The three percentages must add up to 100' }],
    [{ split: '100/0/0' }, {}],
    [{ outDir: '  ' }, { outDir: 'The folder to create (it must not exist yet)' }],
    [{ from: '2026-03-01', to: '2026-02-01' }, { to: 'The end is before the start' }],
  ] as [Partial<ExportForm>, object][])('%j → %j', (patch, problems) => expect(formProblems(form(patch))).toEqual(problems))
})

describe('runInput and percent', () => {
  it('sends the trimmed folder, the seed as a number and the job id', () => {
    expect(runInput(form({ seed: ' 7 ', outDir: ' /x/y ' }), 'job-1')).toEqual({ formats: ['openai-chat', 'trl-sft'], outDir: '/x/y', seed: 7, split: '80/10/10', filters: {}, jobId: 'job-1' })
  })
  it.each([
    [0, 0, 0],
    [5, 0, 0],
    [1, 3, 33],
    [3, 3, 100],
    [4, 3, 100],
  ])('%i of %i → %i%%', (done, total, p) => expect(percent(done, total)).toBe(p))
})
