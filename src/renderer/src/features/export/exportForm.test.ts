import { describe, expect, it } from 'vitest'
// The Export page's form decisions, by hand-worked cases: filters sent, problems shown, the run and preview inputs.
import { EMPTY_FORM, filterProblems, filtersOf, formProblems, percent, previewInput, runInput, type ExportForm } from './exportForm'

const form = (patch: Partial<ExportForm>): ExportForm => ({ ...EMPTY_FORM, outDir: '/data/export-1', ...patch })

describe('filtersOf', () => {
  it.each([
    [{}, {}],
    [{ from: ' 2026-01-01 ', to: '2026-02-01' }, { signedFrom: '2026-01-01', signedTo: '2026-02-01' }],
    [{ kinds: ['ecg'], reviewers: [' drlee ', ''] }, { kinds: ['ecg'], reviewers: ['drlee'] }],
    [{ reasonCodes: ['wrong_unit'], standings: ['verified'] }, { reasonCodes: ['wrong_unit'], standings: ['verified'] }],
    [{ outcomes: ['corrected', 'rejected_rewritten'] }, { outcomes: ['corrected', 'rejected_rewritten'] }],
    [{ modelVersions: [' ABCDEF12 ', ''] }, { modelVersions: ['abcdef12'] }],
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
    [{ modelVersions: ['abcde'] }, { modelVersions: '"abcde" is not a model fingerprint: use its SHA-256 (at least the first 6 hex digits, as on the Models page)' }],
    [{ modelVersions: ['abcdeg'] }, { modelVersions: '"abcdeg" is not a model fingerprint: use its SHA-256 (at least the first 6 hex digits, as on the Models page)' }],
    [{ modelVersions: ['ab'.repeat(32)] }, {}],
    [{ minimum: '0' }, { minimum: 'A whole number from 1 to 1000000' }],
    [{ minimum: '1000001' }, { minimum: 'A whole number from 1 to 1000000' }],
    [{ minimum: '1' }, {}],
    [{ context: '255' }, { context: "From 256 to 1048576 tokens, or empty for the selected base model's" }],
    [{ context: '4k' }, { context: "From 256 to 1048576 tokens, or empty for the selected base model's" }],
    [{ context: ' 256 ' }, {}],
    [{ deidOff: true, deidReason: ' too short ' }, { deidReason: 'Say why de-identification is off, in at least 10 characters (it is audited)' }],
    [{ deidOff: true, deidReason: 'IRB 2026-17 re-identification study' }, {}],
    [{ deidOff: false, deidReason: '' }, {}],
  ] as [Partial<ExportForm>, object][])('%j → %j', (patch, problems) => expect(formProblems(form(patch))).toEqual(problems))

  it('the preview needs only valid filters: a missing folder or format does not stop it', () => {
    expect(filterProblems(form({ outDir: '', formats: [], seed: 'x' }))).toEqual({})
    expect(Object.keys(filterProblems(form({ modelVersions: ['zz'] })))).toEqual(['modelVersions'])
  })
})

describe('runInput and percent', () => {
  it('sends the trimmed folder, the seed as a number and the job id', () => {
    expect(runInput(form({ seed: ' 7 ', outDir: ' /x/y ' }), 'job-1')).toEqual({
      formats: ['openai-chat', 'trl-sft'],
      outDir: '/x/y',
      seed: 7,
      split: '80/10/10',
      filters: {},
      minimumPerCondition: 300,
      zip: false,
      jobId: 'job-1',
    })
  })
  it('sends since, zip, minimum and context when set, and de-identification off only with its reason', () => {
    expect(runInput(form({ since: '4', zip: true, minimum: '50', context: ' 2048 ', deidOff: true, deidReason: ' IRB 2026-17 study ' }), 'j')).toMatchObject({
      sinceExportId: 4,
      zip: true,
      minimumPerCondition: 50,
      contextSize: 2048,
      deidentification: { enabled: false, reason: 'IRB 2026-17 study' },
    })
    const plain = runInput(form({ deidReason: 'left over from before' }), 'j')
    expect('deidentification' in plain || 'sinceExportId' in plain || 'contextSize' in plain).toBe(false)
  })
  it('the preview input carries formats and filters only', () => {
    expect(previewInput(form({ zip: true, since: '3', kinds: ['ecg'] }))).toEqual({ formats: ['openai-chat', 'trl-sft'], filters: { kinds: ['ecg'] }, limit: 3 })
  })
  it.each([
    [0, 0, 0],
    [5, 0, 0],
    [1, 3, 33],
    [3, 3, 100],
    [4, 3, 100],
  ])('%i of %i → %i%%', (done, total, p) => expect(percent(done, total)).toBe(p))
})
