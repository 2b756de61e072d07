// Prompts carry no names, identifiers, birth dates or device serials; age is given as a band.
import { describe, expect, it } from 'vitest'
import { buildPromptContext } from './context'
import { DEFAULT_TEMPLATE } from './defaultTemplate'
import { ageBand, identifierScrubber } from './privacy'
import { renderPrompt } from './render'
import { BIRTH_DATE, labReport, MRN, PATIENT_NAME, SERIAL } from './testSupport'

describe('no identifiers in the prompt', () => {
  it('leaves out name, MRN, birth date and serial, even when free text repeats them', () => {
    const report = labReport()
    const text = renderPrompt(
      DEFAULT_TEMPLATE,
      buildPromptContext(report, {
        priorReports: [{ id: 45, observedAt: '2026-01-30T10:00:00Z', kind: 'lab', keyValues: [{ display: `Potassium (${PATIENT_NAME.familyName})`, value: '5.9', unit: 'mmol/L', flag: null }] }],
        notes: [`${PATIENT_NAME.givenName} born ${BIRTH_DATE}, April 12, 1958; MRN ${MRN}; meter ${SERIAL}`],
      }),
    ).text
    for (const identifying of [PATIENT_NAME.givenName, PATIENT_NAME.familyName, MRN, '884422', BIRTH_DATE, '12/04/1958', 'April 12, 1958', '19580412', SERIAL, '99812', 'HOSP']) {
      expect(text, identifying).not.toContain(identifying)
    }
    expect(text).toContain('[redacted]')
    expect(text).toContain('Age band: 60–69')
  })

  it('scrubs whole words only, case-insensitively', () => {
    const scrub = identifierScrubber({
      patient: { id: 1, identifiers: [{ authority: 'X', id: '4711' }], familyName: 'Ann', givenName: null, birthDate: null, sex: null },
      deviceInfo: { manufacturer: null, model: null, serial: null },
    })
    expect(scrub('ANN had an annual check; id 4711, not 47110')).toBe('[redacted] had an annual check; id [redacted], not 47110')
  })
})

describe('ageBand', () => {
  it('gives ten-year bands at the report date, 90 and over together', () => {
    expect(ageBand('1958-04-12', '2026-03-01')).toBe('60–69')
    expect(ageBand('1956-03-01', '2026-03-01')).toBe('70–79')
    expect(ageBand('1956-03-02', '2026-03-01')).toBe('60–69')
    expect(ageBand('1930-01-01', '2026-03-01')).toBe('90 or older')
    expect(ageBand('2020-06-01', '2026-03-01')).toBe('0–9')
  })

  it('names both bands when a partial birth date straddles them, and null when unknown', () => {
    expect(ageBand('1956', '2026-03-01')).toBe('60–69 or 70–79')
    expect(ageBand('1950', '2026-03-01')).toBe('70–79')
    expect(ageBand(null, '2026-03-01')).toBeNull()
    expect(ageBand('1958-04-12', null)).toBeNull()
  })
})
