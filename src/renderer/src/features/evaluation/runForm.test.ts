import { describe, expect, it } from 'vitest'
import { cliEquivalent, EMPTY_RUN_FORM, percent, runFormProblems, startInput, type RunForm } from './runForm'

const form = (patch: Partial<RunForm>): RunForm => ({ ...EMPTY_RUN_FORM, baseline: 'prod-1', candidates: ['1+2:0.5'], ...patch })

describe('runFormProblems', () => {
  it.each([
    [{}, {}],
    [{ baseline: '  ' }, { baseline: 'Choose the baseline: the version in use, to compare against' }],
    [{ baseline: '1' }, {}],
    [{ baseline: '1+2+3:.5' }, {}],
    [{ baseline: '0' }, { baseline: '"0" is not a version name, or BASE_ID[+ADAPTER_ID:SCALE…] such as 3+7:0.5' }],
    [{ baseline: '1+x' }, { baseline: '"1+x" is not a version name, or BASE_ID[+ADAPTER_ID:SCALE…] such as 3+7:0.5' }],
    [{ baseline: 'has space' }, { baseline: '"has space" is not a version name, or BASE_ID[+ADAPTER_ID:SCALE…] such as 3+7:0.5' }],
    [{ candidates: [] }, { candidates: 'Add at least one candidate: the version to evaluate' }],
    [{ candidates: [' '] }, { candidates: 'Add at least one candidate: the version to evaluate' }],
    [{ candidates: ['1+2:0.5:3'] }, { candidates: '"1+2:0.5:3" is not a version name, or BASE_ID[+ADAPTER_ID:SCALE…] such as 3+7:0.5' }],
    [{ candidates: ['prod-1'] }, { candidates: '"prod-1" is the baseline: a candidate must be another version' }],
    [{ candidates: ['a', 'a'] }, { candidates: 'A candidate is listed twice' }],
    [{ from: '2026-03-01', to: '2026-02-01' }, { to: 'The end is before the start' }],
    [{ from: '2026-03-01', to: '2026-03-01' }, {}],
  ] as [Partial<RunForm>, object][])('%j → %j', (patch, problems) => expect(runFormProblems(form(patch))).toEqual(problems))
})

describe('startInput', () => {
  it.each([
    [{}, { baseline: 'prod-1', candidates: ['1+2:0.5'], set: 'test' }],
    [
      { baseline: ' 1 ', candidates: [' 1+2 ', ''], set: 'all', kinds: ['ecg'], from: '2026-01-01', to: ' 2026-02-01 ', gate: { fileName: 'g.yaml', text: 'format: 1' } },
      { baseline: '1', candidates: ['1+2'], set: 'all', kinds: ['ecg'], from: '2026-01-01', to: '2026-02-01', gateText: 'format: 1' },
    ],
  ] as [Partial<RunForm>, object][])('%j → %j', (patch, input) => expect(startInput(form(patch))).toEqual(input))
})

describe('cliEquivalent', () => {
  it.each([
    [{}, 'readout eval run --baseline prod-1 --candidate 1+2:0.5'],
    [{ baseline: '', candidates: [] }, 'readout eval run --baseline SPEC --candidate SPEC'],
    [
      { candidates: ['a', 'b'], set: 'all', kinds: ['ecg', 'lab'], from: '2026-01-01', gate: { fileName: 'g.yaml', text: '' } },
      'readout eval run --baseline prod-1 --candidate a --candidate b --set all --kind ecg --kind lab --from 2026-01-01 --gate FILE',
    ],
  ] as [Partial<RunForm>, string][])('%j → %s', (patch, text) => expect(cliEquivalent(form(patch))).toBe(text))
})

describe('percent', () => {
  it.each([
    [0, 0, 0],
    [1, 3, 33],
    [3, 3, 100],
    [4, 3, 100],
  ])('%i of %i → %i%%', (done, total, p) => expect(percent(done, total)).toBe(p))
})
