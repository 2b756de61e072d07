// Scrubbing tables: the patient's own identifiers in every common spelling, generic patterns, and what must stay.
import { describe, expect, it } from 'vitest'
import type { PatientIdentifiers } from '../types'
import type { CategoryCounts } from './categories'
import { compileMatcher, genericMatcher, idTerms, nameTerms, trieSource } from './scrub'
import { scrubPrompt } from './structured'
import { dateSpellings, phonePatternSource } from './spellings'

const PATIENT: PatientIdentifiers = {
  names: ['Maria-Luisa van der Berg', 'Okafor'],
  ids: ['MRN-0012345', 'HP998877'],
  birthDate: '1931-04-07',
  phones: ['+44 20 7946 0958'],
  emails: ['maria.vdberg@example.org'],
  addressParts: ['12 Linden Lane', 'Springfield', 'SW1A 1AA'],
  deviceSerials: ['SN-77A1B2'],
}
const m = compileMatcher(PATIENT)

describe('scrub: the patient’s own identifiers', () => {
  const cases: [string, string, string, CategoryCounts][] = [
    ['full name', 'Seen by Dr X for Maria-Luisa van der Berg.', 'Seen by Dr X for [NAME].', { name: 1 }],
    ['a name part in capitals (HL7)', 'OKAFOR^MARIA', '[NAME]^[NAME]', { name: 2 }],
    ['hyphen parts alone', 'Luisa called.', '[NAME] called.', { name: 1 }],
    ['MRN as stored and without prefix or zeros', 'MRN-0012345 / 0012345 / 12345', '[ID] / [ID] / [ID]', { identifier: 3 }],
    ['birth date ISO', 'DOB 1931-04-07.', 'DOB [DATE].', { birth_date: 1 }],
    ['birth date D.M.Y', 'born 07.04.1931', 'born [DATE]', { birth_date: 1 }],
    ['birth date M/D/Y', 'DOB: 4/7/1931', 'DOB: [DATE]', { birth_date: 1 }],
    ['birth date with month name', 'born 7 April 1931 and April 7, 1931', 'born [DATE] and [DATE]', { birth_date: 2 }],
    ['birth date compact', 'PID-7 19310407', 'PID-7 [DATE]', { birth_date: 1 }],
    ['phone with other separators', 'call (020) 7946-0958 or +44-20-7946-0958', 'call [PHONE] or [PHONE]', { phone: 2 }],
    ['e-mail in any case', 'mail MARIA.VDBERG@example.org', 'mail [EMAIL]', { email: 1 }],
    ['address parts', '12 Linden Lane, Springfield SW1A 1AA', '[ADDRESS], [ADDRESS] [ADDRESS]', { address: 3 }],
    ['device serial', 'Device SN-77A1B2 ok', 'Device [SERIAL] ok', { device_serial: 1 }],
  ]
  it.each(cases)('%s', (_label, input, expected, counts) => {
    const c: CategoryCounts = {}
    expect(m.scrub(input, c)).toBe(expected)
    expect(c).toEqual(counts)
  })

  // The gates in front of the patient's patterns (date words, phone digits) must never turn away a text they match.
  it.each(dateSpellings(PATIENT.birthDate!))('birth date spelled %s passes its gate and is scrubbed', (spelling) => {
    expect(m.scrub(`seen; DOB ${spelling}; ok`)).toBe('seen; DOB [DATE]; ok')
    expect(m.find(`DOB ${spelling}`)?.category).toBe('birth_date')
  })
  it.each(['+44 20 7946 0958', '0044 20 7946 0958', '020 7946 0958', '(020) 7946-0958', '2079460958', '+44.20.7946.0958'])(
    'phone written %s passes its gate and is scrubbed',
    (written) => {
      expect(m.scrub(`call ${written} today`)).toBe('call [PHONE] today')
    },
  )

  it('leaves ordinary words that contain a name part, and short names in lower case', () => {
    const short = compileMatcher({ ...PATIENT, names: ['Do Li'] })
    expect(short.scrub('Do not repeat. Li was seen; do nothing, li', {})).toBe('[NAME] not repeat. [NAME] was seen; do nothing, li')
    expect(m.scrub('Bergamot and Springfields', {})).toBe('Bergamot and Springfields')
  })
})

describe('scrub: generic patterns', () => {
  const cases: [string, string, string][] = [
    ['ISO date-time → year', 'Observed: 2024-03-05T10:22:00Z', 'Observed: 2024'],
    ['HL7 timestamp → year', 'OBR-7 20240305102200', 'OBR-7 2024'],
    ['D.M.Y → year', 'seen 05.03.2024', 'seen 2024'],
    ['two-digit year → [DATE]', 'seen 5/3/24', 'seen [DATE]'],
    ['month name → year', 'on March 5, 2024 and 5 Mar 2024', 'on 2024 and 2024'],
    ['e-mail', 'write to a.b@clinic.example.com', 'write to [EMAIL]'],
    ['URL', 'see https://portal.example.com/p?id=1', 'see [URL]'],
    ['IP', 'from 10.1.2.33 today', 'from [IP] today'],
    ['SSN', 'SSN 123-45-6789', 'SSN [SSN]'],
    ['US phone', 'call 555-123-4567', 'call [PHONE]'],
    ['labelled phone', 'Tel: 030 1234567', '[PHONE]'],
    ['age over 89', 'a 93-year-old woman, aged 91', 'a 90+-year-old woman, aged 90+'],
    ['age 89 stays', '89 years old', '89 years old'],
  ]
  it.each(cases)('%s', (_label, input, expected) => {
    expect(genericMatcher.scrub(input, {})).toBe(expected)
  })

  const untouched = [
    'QTc 482 ms (reference 350-450); K 5.1 mmol/L (3.5-5.1)',
    'Heart rate (8867-4): 72 /min; platelets 150-400',
    'BP 142/91 mmHg, 3 readings from 2024 to 2024',
    '[O12] [F3] [R5] ecg, 2023, 400 days before this report',
    'tpl-3fa9c0d2b1e4, sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'Age band: 90 or older',
  ]
  it.each(untouched)('leaves measurement text alone: %s', (text) => {
    const c: CategoryCounts = {}
    expect(genericMatcher.scrub(text, c)).toBe(text)
    expect(c).toEqual({})
  })
})

describe('find (residual scan)', () => {
  it('finds nothing in scrubbed text and names the category of what remains', () => {
    const text = 'Maria-Luisa van der Berg, DOB 07.04.1931, tel +44 20 7946 0958'
    expect(m.find(m.scrub(text, {}))).toBeNull()
    expect(m.find('note: okafor said')?.category).toBe('name')
    expect(m.find('x 12345 y')?.category).toBe('identifier')
    expect(genericMatcher.find('seen on 2024-03-05')?.category).toBe('date')
    expect(genericMatcher.find('seen in 2024')).toBeNull()
  })
})

describe('spellings', () => {
  it('derives date and phone forms', () => {
    const d = dateSpellings('1931-04-07')
    for (const s of ['1931-04-07', '07/04/1931', '04/07/1931', '7.4.1931', '4/7/31', '07 Apr 1931', 'April 7, 1931', '19310407']) expect(d).toContain(s)
    expect(dateSpellings('1931')).toEqual([])
    const p = new RegExp(phonePatternSource('+1 (555) 123-4567') ?? 'x')
    expect(p.test('555.123.4567')).toBe(true)
    expect(p.test('0015551234567')).toBe(true)
    expect(phonePatternSource('12-34')).toBeNull()
    expect(nameTerms(['van der Berg'])).toEqual(['van der Berg', 'van', 'der', 'Berg'])
    expect(idTerms(['MRN-0012345'])).toEqual(['MRN-0012345', '0012345', '12345'])
  })
})

describe('trieSource', () => {
  it.each([
    [['ab', 'ac'], false, 'a(?:b|c)'],
    [['12/04/58', '12/04/1958'], false, '12/04/(?:58|1958)'],
    [['Ann', 'Anna'], false, 'Ann(?:a)?'],
    [['Li'], true, '[lL][iI]'],
  ] as [string[], boolean, string][])('%j → %s', (terms, anyCase, source) => expect(trieSource(terms, anyCase)).toBe(source))

  it('prefers the longest term at a position', () => {
    expect('Anna Ann'.replace(new RegExp(trieSource(['Ann', 'Anna'], false), 'g'), 'X')).toBe('X X')
  })
})

describe('scrubPrompt', () => {
  it('gives the rendered text exactly what scrubbing it whole gives', () => {
    const p = { system: 'Instructions. Call 555-123-4567 never.', user: 'Okafor seen 2024-03-05; MRN-0012345', rendered: '', origin: 'chat' as const }
    p.rendered = `<|system|>${p.system}<|end|><|user|>${p.user}<|end|><|assistant|>`
    const out = scrubPrompt(p, m, {})
    expect(out.rendered).toBe(m.scrub(p.rendered, {}))
    expect(out.rendered).toBe('<|system|>Instructions. Call [PHONE] never.<|end|><|user|>[NAME] seen 2024; [ID]<|end|><|assistant|>')
    const raw = { system: '', user: p.user, rendered: p.user, origin: 'raw' as const }
    expect(scrubPrompt(raw, m, {}).rendered).toBe('[NAME] seen 2024; [ID]')
  })
})
