// Clinicians' notes on a patient, through the handler table on a real SQLite file: added, listed, retracted (never
// deleted), audited by id only, and given to the model's prompt while in force, without identifiers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PatientNote } from '../../src/shared/contract/patients'
import type { ReportDetail } from '../../src/shared/contract/reports'
import { oru } from '../helpers/hl7'
import { callFails, callOk, makeServices, type TestServices } from '../helpers/services'

let t: TestServices
let report: ReportDetail

const ok = <T>(method: string, input: unknown) => callOk<T>(t, method, input)
const fails = (method: string, input: unknown) => callFails(t, method, input)
const notesSection = () => {
  const prompt = t.services.llm.promptFor(report).rendered.text
  return prompt.slice(prompt.indexOf('Clinician notes'))
}

beforeAll(async () => {
  t = makeServices()
  const hl7 = oru({ controlId: 'N1', mrn: 'MRN-77123', results: [{ code: '2823-3', display: 'Potassium', value: '5.9', unit: 'mmol/L', range: '3.5-5.1' }] })
  await ok('import.files', { files: [{ name: 'k.hl7', contentBase64: Buffer.from(hl7).toString('base64') }] })
  report = await ok<ReportDetail>('reports.get', { id: 1 })
})
afterAll(() => t?.cleanup())

describe('notes on a patient', () => {
  it('starts empty, and the prompt says there are none', async () => {
    expect(await ok<PatientNote[]>('patients.notes', { patientId: report.patient.id })).toEqual([])
    expect(notesSection()).toMatch(/^Clinician notes: none/)
  })

  it('adds notes (trimmed, with author and time), lists them oldest first and gives them to the prompt', async () => {
    const first = await ok<PatientNote>('patients.addNote', { patientId: report.patient.id, text: '  On ramipril since 2024.  ' })
    expect(first).toMatchObject({ patientId: report.patient.id, text: 'On ramipril since 2024.', author: 'tester', retractedAt: null, retractedBy: null })
    expect(Date.parse(first.createdAt)).not.toBeNaN()
    await ok<PatientNote>('patients.addNote', { patientId: report.patient.id, text: 'Dialysis Mon/Wed/Fri.' })
    const list = await ok<PatientNote[]>('patients.notes', { patientId: report.patient.id })
    expect(list.map((n) => n.text)).toEqual(['On ramipril since 2024.', 'Dialysis Mon/Wed/Fri.'])
    expect(notesSection()).toMatch(/^Clinician notes:\n- On ramipril since 2024\.\n- Dialysis Mon\/Wed\/Fri\./)
  })

  it("keeps the patient's identifiers out of the prompt even when a note contains them", async () => {
    await ok<PatientNote>('patients.addNote', { patientId: report.patient.id, text: 'Chart MRN-77123 reviewed by nephrology.' })
    const section = notesSection()
    expect(section).toContain('reviewed by nephrology')
    expect(section).not.toContain('MRN-77123')
  })

  it('audits additions and retractions by id, never with the text', async () => {
    const list = await ok<PatientNote[]>('patients.notes', { patientId: report.patient.id })
    await ok<PatientNote>('patients.retractNote', { id: list[0]!.id })
    const rows = t.services.db
      .prepare("SELECT action, entity_id, details FROM audit_events WHERE action LIKE 'patients.%' ORDER BY id")
      .all() as { action: string; entity_id: string; details: string }[]
    expect(rows.map((r) => r.action)).toEqual(['patients.addNote', 'patients.addNote', 'patients.addNote', 'patients.retractNote'])
    expect(rows.every((r) => r.entity_id === String(report.patient.id))).toBe(true)
    expect(JSON.parse(rows[3]!.details)).toEqual({ noteId: list[0]!.id })
    expect(rows.map((r) => r.details).join(' ')).not.toMatch(/ramipril|Dialysis|nephrology/)
  })

  it('keeps a retracted note, marked, and leaves it out of the prompt', async () => {
    const list = await ok<PatientNote[]>('patients.notes', { patientId: report.patient.id })
    expect(list).toHaveLength(3)
    expect(list[0]).toMatchObject({ text: 'On ramipril since 2024.', retractedBy: 'tester', retractedAt: expect.any(String) })
    expect(notesSection()).not.toContain('ramipril')
    expect(notesSection()).toContain('Dialysis Mon/Wed/Fri.')
    expect(await fails('patients.retractNote', { id: list[0]!.id })).toMatchObject({ code: 'CONFLICT' })
  })

  it('refuses an empty note, an overlong one, and notes on a patient or note that does not exist', async () => {
    expect(await fails('patients.addNote', { patientId: report.patient.id, text: '   ' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('empty') })
    expect(await fails('patients.addNote', { patientId: report.patient.id, text: 'x'.repeat(2001) })).toMatchObject({ code: 'INVALID_INPUT' })
    expect(await fails('patients.addNote', { patientId: 999, text: 'Hello' })).toMatchObject({ code: 'NOT_FOUND' })
    expect(await fails('patients.retractNote', { id: 999 })).toMatchObject({ code: 'NOT_FOUND' })
    expect((await ok<PatientNote[]>('patients.notes', { patientId: report.patient.id })).length).toBe(3)
  })
})
