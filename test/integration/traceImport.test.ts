// Device traces (serial-port and socket monitor captures with control characters written as text) imported through
// the real pipeline on a real SQLite file: the right report kind and observations, parse-log notes, checksums
// verified (a wrong one quarantines its message only), the capture lines kept as the source, re-imports recognised.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../src/shared/contract/import'
import type { ReportDetail } from '../../src/shared/contract/reports'
import { makeServices, TEST_CTX, type TestServices } from '../helpers/services'

const FIXTURES = join(__dirname, '..', 'fixtures', 'traces')

let t: TestServices
beforeEach(() => {
  t = makeServices()
})
afterEach(() => t.cleanup())

async function importFixture(name: string): Promise<ImportSummary> {
  const r = await t.dispatch('import.paths', { paths: [join(FIXTURES, name)] }, TEST_CTX)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as ImportSummary
}
async function getReport(id: number): Promise<ReportDetail> {
  const r = await t.dispatch('reports.get', { id }, TEST_CTX)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as ReportDetail
}
async function reportsOf(s: ImportSummary): Promise<ReportDetail[]> {
  return Promise.all(s.results.flatMap((r) => r.reportIds).map(getReport))
}
const values = (r: ReportDetail) => r.observations.map((o) => [o.code, o.valueNum ?? o.valueText, o.unit])

describe('device trace import', () => {
  it('[STX]-style ASTM capture with timestamps, arrows and ENQ/ACK lines: two transmissions, two lab reports', async () => {
    const s = await importFixture('astm-brackets.txt')
    expect(s).toMatchObject({ imported: 2, duplicates: 0, quarantined: 0 })
    const [a, b] = await reportsOf(s)
    expect(a!.kind).toBe('lab')
    expect(a!.sourceFormat).toBe('astm')
    expect(values(a!)).toEqual([
      ['GLU', 5.4, 'mmol/L'],
      ['K', 6.8, 'mmol/L'],
    ])
    expect(a!.observations[1]).toMatchObject({ deviceFlag: 'H', refLow: 3.5, refHigh: 5.1 })
    expect(values(b!)).toEqual([['NA', 141, 'mmol/L']])
    expect(a!.parseLog).toEqual(
      expect.arrayContaining([
        "Device trace: read from a monitor's capture with [ENQ]-style markers",
        'Device trace: 11 ASTM frame(s) rebuilt; checksums verified',
        'Device trace: capture lines 5–17',
      ]),
    )
    // The report's source is the capture's lines for its transmission, as received (markers and all).
    expect(a!.source.text).toMatch(/^2024-03-01 10:15:03\.121 <- \[STX\]1H\|/)
    expect(a!.source.text).toContain('[STX]6L|1|N[CR][ETX]')
    expect(a!.source.text).not.toContain('PAT-7002')

    // The same capture again: duplicates, nothing new.
    expect(await importFixture('astm-brackets.txt')).toMatchObject({ imported: 0, duplicates: 2, quarantined: 0 })
  })

  it('<STX>-style capture with a wrong checksum: that message is quarantined with the line to look at, the other imported', async () => {
    const s = await importFixture('astm-angles-bad-checksum.txt')
    expect(s).toMatchObject({ imported: 1, quarantined: 1 })
    const [good] = await reportsOf(s)
    expect(values(good!)).toEqual([
      ['GLU', 5.4, 'mmol/L'],
      ['K', 6.8, 'mmol/L'],
    ])
    const bad = s.results.find((r) => r.outcome === 'quarantined')!
    expect(bad.error).toMatch(/^line 24: frame checksum mismatch \(frame says 00, computed [0-9A-F]{2}\) \(in the message rebuilt from capture lines 18–28/)
    const q = t.services.db.prepare('SELECT bytes FROM quarantine').all() as { bytes: Buffer }[]
    expect(q).toHaveLength(1)
    expect(q[0]!.bytes.toString('latin1')).toMatch(/^RX: <STX>1H\|/)
    expect(q[0]!.bytes.toString('latin1')).toContain('PAT-7002')
  })

  it('^B caret-notation capture: frames read, ^J inside record text left alone, checksums verified', async () => {
    const s = await importFixture('astm-caret.txt')
    expect(s).toMatchObject({ imported: 1, quarantined: 0 })
    const [r] = await reportsOf(s)
    expect(values(r!)).toEqual([
      ['GLU', 5.4, 'mmol/L'],
      ['K', 6.8, 'mmol/L'],
    ])
    expect(r!.parseLog).toContain("Device trace: read from a monitor's capture with caret notation (^B)")
    expect(r!.parseLog).toContain('Device trace: 6 ASTM frame(s) rebuilt; checksums verified')
  })

  it('{STX}-style capture without checksums and with a wrapped line: imported, noted as not verified', async () => {
    const s = await importFixture('astm-no-checksum.txt')
    expect(s).toMatchObject({ imported: 1, quarantined: 0 })
    const [r] = await reportsOf(s)
    expect(values(r!)).toEqual([['NA', 141, 'mmol/L']])
    expect(r!.parseLog).toContain('Device trace: 5 ASTM frame(s) rebuilt; checksums absent from the capture: not verified')
  })

  it('<0x02> hex-marker capture: a bad frame, NAK, and its retransmission: the good copy is used', async () => {
    const s = await importFixture('astm-retransmit.txt')
    expect(s).toMatchObject({ imported: 1, quarantined: 0 })
    const [r] = await reportsOf(s)
    // The corrupted copy said 6.3; the retransmitted frame says 6.8.
    expect(values(r!)).toEqual([
      ['GLU', 5.4, 'mmol/L'],
      ['K', 6.8, 'mmol/L'],
    ])
    expect(r!.parseLog.some((n) => /retransmission of a frame with a bad checksum; the good copy was used/.test(n))).toBe(true)
  })

  it('<VT> … <FS><CR> HL7 capture, one segment per line, the receiver ACK interleaved: one ORU report, ACK skipped', async () => {
    const s = await importFixture('hl7-mllp-brackets.txt')
    expect(s).toMatchObject({ imported: 1, quarantined: 0 })
    const [r] = await reportsOf(s)
    expect(r!.sourceFormat).toBe('hl7v2')
    expect(r!.kind).toBe('lab')
    expect(values(r!)).toEqual([
      ['2093-3', 212, 'mg/dL'],
      ['2571-8', 145, 'mg/dL'],
    ])
    expect(r!.parseLog).toEqual(
      expect.arrayContaining([
        'Device trace: 1 HL7 message(s) rebuilt from MLLP blocks (VT … FS)',
        'Device trace: 1 acknowledgement message(s) (MSH-9 ACK) from the receiver skipped',
        'Device trace: 1 capture line(s) outside messages ignored',
      ]),
    )
  })

  it('\\x0b … \\r … \\x1c\\r escapes, one message per line: two reports, the ACK between them skipped', async () => {
    const s = await importFixture('hl7-escapes.txt')
    expect(s).toMatchObject({ imported: 2, quarantined: 0 })
    const reports = await reportsOf(s)
    expect(reports.map((r) => r.observations[0]?.valueNum)).toEqual([212, 188])
    expect(reports[1]!.source.text).toMatch(/^Sent: \\x0bMSH\|.*TRC0002/)
  })

  it('^K … ^M … ^\\^M caret capture on one line: segments split at ^M before a segment id only', async () => {
    const s = await importFixture('hl7-caret.txt')
    expect(s).toMatchObject({ imported: 1, quarantined: 0 })
    const [r] = await reportsOf(s)
    expect(values(r!)).toEqual([
      ['2093-3', 212, 'mg/dL'],
      ['2571-8', 145, 'mg/dL'],
    ])
    // PID-5 "Wire^Mary": the ^M of ^Mary is a component separator, not a segment end.
    expect(r!.patientName).toMatch(/Mary/)
  })

  it('a capture that cannot be rebuilt (only acknowledgements) stays a text report with a note saying why', async () => {
    const s = await importFixture('hl7-acks-only.txt')
    expect(s).toMatchObject({ imported: 1, quarantined: 0 })
    const [r] = await reportsOf(s)
    expect(r!.sourceFormat).toBe('text')
    expect(r!.observations).toEqual([])
    expect(r!.parseLog[0]).toBe('Device trace not rebuilt: the capture holds only acknowledgements (MSH-9 ACK), no message to import')
  })
})
