// Tests for the Dexcom Clarity parser on hand-written mg/dL (BOM, quoted, CRLF) and mmol/L exports.
import { describe, expect, it } from 'vitest'
import { dexcomParser } from './dexcom'
import { bytesOf, fixture, parseFail, parseOk, sniffs } from './testFixtures'

const HEADER =
  'Index,Timestamp (YYYY-MM-DDThh:mm:ss),Event Type,Event Subtype,Patient Info,Device Info,Source Device ID,Glucose Value (mg/dL),Insulin Value (u),Carb Value (grams),Duration (hh:mm:ss),Glucose Rate of Change (mg/dL/min),Transmitter Time (Long Integer),Transmitter ID'

describe('dexcomParser.sniff', () => {
  it('recognises Clarity exports by their header', () => {
    expect(sniffs(dexcomParser, fixture('cgm/dexcom-clarity-mgdl.csv'))).toBe(true)
    expect(sniffs(dexcomParser, fixture('cgm/dexcom-clarity-mmol.csv'))).toBe(true)
  })

  it('leaves other CSVs alone', () => {
    expect(sniffs(dexcomParser, fixture('cgm/libreview-us.csv'))).toBe(false)
    expect(sniffs(dexcomParser, fixture('bp/omron-english.csv'))).toBe(false)
    expect(sniffs(dexcomParser, bytesOf('a,b,c\n1,2,3\n'))).toBe(false)
  })
})

describe('Dexcom mg/dL export (BOM, quoted fields, preamble, Low/High)', () => {
  const report = parseOk(dexcomParser, fixture('cgm/dexcom-clarity-mgdl.csv'))

  it('describes the report', () => {
    expect(report.kind).toBe('cgm')
    expect(report.sourceFormat).toBe('cgm-dexcom')
    expect(report.status).toBe('final')
    expect(report.hasCorrections).toBe(false)
    expect(report.observedAt).toBe('2024-03-01T00:02:00')
    expect(report.title).toBe('Dexcom CGM 2024-03-01 00:02 – 2024-03-01 00:32')
    expect(report.statements).toEqual([])
    expect(report.attachments).toEqual([])
  })

  it('reads the patient and device from the preamble', () => {
    expect(report.patient).toEqual({ identifiers: [], givenName: 'Alice', familyName: 'Example', birthDate: '1961-07-04' })
    expect(report.device).toEqual({ manufacturer: 'Dexcom', model: 'Dexcom G6 Mobile App', serial: '8ABC12' })
  })

  it('turns each EGV row into an observation, in time order', () => {
    expect(report.observations).toHaveLength(7)
    expect(report.observations[0]).toEqual({
      code: { system: 'LOINC', code: '99504-3', display: 'Glucose [Mass/volume] in Interstitial fluid' },
      valueType: 'numeric',
      valueNum: 112,
      unit: 'mg/dL',
      status: 'final',
      observedAt: '2024-03-01T00:02:00',
      subId: '0',
    })
    expect(report.observations.map((o) => o.valueNum)).toEqual([112, 108, 40, 52, 181, 400, 250])
    expect(report.observations.map((o) => o.subId)).toEqual(['0', '1', '2', '3', '4', '5', '6'])
    expect(report.observations.map((o) => o.observedAt?.slice(11))).toEqual(['00:02:00', '00:07:00', '00:12:00', '00:17:00', '00:22:00', '00:27:00', '00:32:00'])
  })

  it('records Low and High as bounded values at the reporting limits', () => {
    expect(report.observations[2]).toMatchObject({ comparator: '<', valueNum: 40, unit: 'mg/dL' })
    expect(report.observations[5]).toMatchObject({ comparator: '>', valueNum: 400, unit: 'mg/dL' })
    expect(report.observations.filter((o) => o.comparator !== undefined)).toHaveLength(2)
    expect(report.parseLog).toContain(
      '1 reading(s) "Low" recorded as < 40 mg/dL and 1 "High" as > 400 mg/dL (Dexcom reporting limits); AGP metrics count them at 40 and 400 mg/dL.',
    )
  })

  it('logs the rows it did not use', () => {
    expect(report.parseLog).toContain('Rows not used as readings: Alert 4, Calibration 1, Insulin 1.')
    expect(report.parseLog).toContain('Timestamps are local device time without a UTC offset, kept as written.')
  })

  it('computes AGP metrics from the readings (Low as 40, High as 400)', () => {
    const m = report.metrics ?? {}
    const mean = (112 + 108 + 40 + 52 + 181 + 400 + 250) / 7
    expect(m['agp.readings']).toBe(7)
    expect(m['agp.mean_mgdl']).toBeCloseTo(mean, 9)
    expect(m['agp.gmi_pct']).toBeCloseTo(3.31 + 0.02392 * mean, 9)
    expect(m['agp.tbr_lt54_pct']).toBeCloseTo((2 / 7) * 100, 9)
    expect(m['agp.tbr_54_69_pct']).toBe(0)
    expect(m['agp.tir_70_180_pct']).toBeCloseTo((2 / 7) * 100, 9)
    expect(m['agp.tar_181_250_pct']).toBeCloseTo((2 / 7) * 100, 9)
    expect(m['agp.tar_gt250_pct']).toBeCloseTo((1 / 7) * 100, 9)
    expect(m['agp.interval_min']).toBe(5)
    expect(m['agp.wear_pct']).toBe(100)
    expect(m['agp.days']).toBeCloseTo(35 / 1440, 12)
  })
})

describe('Dexcom mmol/L export (no BOM, unquoted, ragged)', () => {
  const report = parseOk(dexcomParser, fixture('cgm/dexcom-clarity-mmol.csv'))

  it('keeps values and unit as written, with the molar LOINC code', () => {
    expect(report.observations.map((o) => o.valueNum)).toEqual([6.2, 10, 3, 2.2])
    expect(report.observations.every((o) => o.unit === 'mmol/L' && o.code.code === '105272-9')).toBe(true)
    expect(report.observations[3]).toMatchObject({ comparator: '<', valueNum: 2.2 })
    expect(report.patient).toMatchObject({ givenName: 'Bob', familyName: 'Sample' })
    expect(report.patient.birthDate).toBeUndefined()
    expect(report.device).toEqual({ manufacturer: 'Dexcom', model: 'Dexcom G7 Mobile App', serial: '123456789012' })
  })

  it('classifies the converted readings as they read in mmol/L', () => {
    const m = report.metrics ?? {}
    // 6.2 and 10.0 are in range, 3.0 is 54–69 (not below 54), Low counts at 40.
    expect(m['agp.tir_70_180_pct']).toBe(50)
    expect(m['agp.tbr_54_69_pct']).toBe(25)
    expect(m['agp.tbr_lt54_pct']).toBe(25)
    expect(m['agp.mean_mgdl']).toBeCloseTo(((6.2 + 10 + 3) * 18.0156 + 40) / 4, 3)
  })
})

describe('bad Dexcom files fail whole, with a location', () => {
  it('rejects an unreadable timestamp at its line and column', () => {
    const text = `${HEADER}\n1,,FirstName,,X,,,,,,,,\n2,2024-03-01T00:02:00,EGV,,,,iOS G6,112,,,,,1,T\n3,03/01/2024 00:07,EGV,,,,iOS G6,110,,,,,2,T\n`
    const error = parseFail(dexcomParser, bytesOf(text))
    expect(error.location).toEqual({ line: 4, segment: 'Timestamp', field: 2 })
    expect(error.describe()).toBe('line 4, segment Timestamp, field 2: "03/01/2024 00:07" is not a timestamp (YYYY-MM-DDThh:mm:ss)')
  })

  it('rejects a glucose value that is neither a number nor Low/High', () => {
    const text = `${HEADER}\n\n2,2024-03-01T00:02:00,EGV,,,,iOS G6,1l2,,,,,1,T\n`
    const error = parseFail(dexcomParser, bytesOf(text))
    expect(error.location).toEqual({ line: 3, segment: 'Glucose Value (mg/dL)', field: 8 })
  })

  it('rejects an export without readings', () => {
    expect(parseFail(dexcomParser, bytesOf(`${HEADER}\n1,,FirstName,,X,,,,,,,,\n`)).message).toMatch(/no EGV/)
  })

  it('rejects text that is not a Clarity export instead of throwing', () => {
    expect(parseFail(dexcomParser, bytesOf('hello\nworld\n')).message).toMatch(/no Dexcom Clarity header/)
    expect(parseFail(dexcomParser, new Uint8Array([0xff, 0x00, 0x41])).message).toMatch(/no Dexcom Clarity header/)
  })

  it('skips blank and comment rows between readings', () => {
    const text = `${HEADER}\n2,2024-03-01T00:02:00,EGV,,,,iOS G6,112,,,,,1,T\n\n# exported by hand\n3,2024-03-01T00:07:00,EGV,,,,iOS G6,110,,,,,2,T\n`
    expect(parseOk(dexcomParser, bytesOf(text)).observations).toHaveLength(2)
  })
})
