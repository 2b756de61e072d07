// readout export's flags → export.run input: a table of flag sets and what each must give or refuse.
import { describe, expect, it } from 'vitest'
import { ExportRunInputSchema } from '../../shared/contract/export'
import { exportInputFromFlags, type ExportFlags } from './exportArgs'

const abs = (p: string) => `/abs/${p}`

describe('exportInputFromFlags', () => {
  it('maps every flag and passes the contract', () => {
    const input = exportInputFromFlags(
      {
        format: 'openai-chat, trl-kto',
        out: 'round4',
        seed: '9',
        split: '70/15/15',
        since: '3',
        from: '2026-01-01',
        to: '2026-06-30',
        kind: 'ecg,lab',
        reviewer: 'dr.ada',
        'reason-code': 'wrong_severity,missed_finding',
        model: 'abcdef12',
        standing: 'verified',
        outcome: 'corrected',
        'min-per-condition': '50',
        context: '8192',
        zip: true,
      },
      abs,
    )
    expect(input).toEqual({
      formats: ['openai-chat', 'trl-kto'],
      outDir: '/abs/round4',
      seed: 9,
      split: '70/15/15',
      sinceExportId: 3,
      filters: {
        signedFrom: '2026-01-01',
        signedTo: '2026-06-30',
        kinds: ['ecg', 'lab'],
        reviewers: ['dr.ada'],
        reasonCodes: ['wrong_severity', 'missed_finding'],
        modelVersions: ['abcdef12'],
        standings: ['verified'],
        outcomes: ['corrected'],
      },
      minimumPerCondition: 50,
      contextSize: 8192,
      zip: true,
    })
    expect(ExportRunInputSchema.safeParse(input).success).toBe(true)
  })

  it.each([
    [{ out: 'x' }, 'give --format'],
    [{ format: 'openai-chat,jsonl', out: 'x' }, 'unknown format jsonl'],
    [{ format: 'openai-chat' }, 'give --out DIR'],
    [{ format: 'openai-chat', out: 'x', seed: 'seven' }, '--seed takes a whole number'],
    [{ format: 'openai-chat', out: 'x', 'no-deid': true }, '--no-deid needs --reason'],
  ] as [ExportFlags, string][])('%j is refused: %s', (flags, message) => {
    expect(() => exportInputFromFlags(flags, abs)).toThrow(message)
  })

  it('de-identification off carries the reason', () => {
    expect(exportInputFromFlags({ format: 'trl-sft', out: 'x', 'no-deid': true, reason: 'IRB 2026-17 internal study' }, abs).deidentification).toEqual({
      enabled: false,
      reason: 'IRB 2026-17 internal study',
    })
  })
})
