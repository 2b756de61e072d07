// Builders for prompt and evidence tests: stored observations, a full report with identifiers, rule findings from the default rules.
import type { Observation, ReportDetail } from '../../../shared/contract/reports'
import type { StoredFinding } from '../../../shared/contract/rules'
import { loincEntry } from '../../ingest/loinc'
import { normaliseObservation } from '../../ingest/units'
import { loadDefaultRuleSet } from '../../rules/defaults'
import { evaluateReport } from '../../rules/engine'

/** A numeric LOINC observation as the store returns it, normalised the way the import pipeline does. */
export function observation(id: number, code: string, value: number | null, unit: string | null, extra: Partial<Observation> = {}): Observation {
  const display = extra.display !== undefined ? extra.display : (loincEntry({ system: 'LOINC', code })?.display ?? null)
  const n = normaliseObservation({
    code: { system: 'LOINC', code, ...(display !== null ? { display } : {}) },
    valueType: 'numeric',
    ...(value !== null ? { valueNum: value } : {}),
    ...(unit !== null ? { unit } : {}),
    ...(extra.refLow != null ? { refLow: extra.refLow } : {}),
    ...(extra.refHigh != null ? { refHigh: extra.refHigh } : {}),
    status: 'final',
  })
  return {
    id,
    seq: id,
    codeSystem: 'LOINC',
    code,
    display,
    valueType: 'numeric',
    valueNum: value,
    comparator: null,
    valueText: null,
    unit,
    ucumUnit: n.ucumUnit,
    unitUnmapped: n.unmappedReason ?? null,
    normalisedValue: n.normalisedValue ?? null,
    normalisedUnit: n.normalisedUnit ?? null,
    refLow: null,
    refHigh: null,
    refText: null,
    deviceFlag: null,
    status: 'final',
    observedAt: null,
    subId: null,
    history: [],
    ...extra,
  }
}

/** The default rules' findings for these observations, stored with ids from 1 in the order the engine returns them. */
export function findingsFor(report: Pick<ReportDetail, 'id' | 'kind' | 'observedAt' | 'metrics' | 'patient' | 'observations'>): StoredFinding[] {
  const findings = evaluateReport(loadDefaultRuleSet(), {
    report: { id: report.id, kind: report.kind, observedAt: report.observedAt, metrics: report.metrics, patient: report.patient, observations: report.observations },
    prior: () => undefined,
  })
  return findings.map((f, i) => ({
    id: i + 1,
    ruleId: f.ruleId,
    ruleSetVersion: f.ruleSetVersion,
    severity: f.severity,
    title: f.title,
    message: f.message,
    source: f.source,
    observationIds: f.observationIds,
    values: f.values,
    deviceFlag: f.deviceFlag ?? null,
    disagreement: f.disagreement ?? null,
    notEvaluated: f.notEvaluated ?? null,
  }))
}

export const PATIENT_NAME = { givenName: 'Johanna', familyName: 'Testperson' }
export const MRN = 'MRN884422'
export const BIRTH_DATE = '1958-04-12'
export const SERIAL = 'SN-XK-99812'

/** A lab report with a patient who has a name, an MRN, a birth date and a device serial. Findings come from the default rules. */
export function labReport(overrides: Partial<ReportDetail> = {}): ReportDetail {
  const observations = overrides.observations ?? [
    observation(1, '2823-3', 6.8, 'mmol/L', { refLow: 3.5, refHigh: 5.1, deviceFlag: 'HH' }),
    observation(2, '2951-2', 138.4, 'mmol/L', { refLow: 135, refHigh: 145, deviceFlag: 'N' }),
    observation(3, '2345-7', 250, 'mg/dL', { refLow: 70, refHigh: 99, deviceFlag: 'H' }),
  ]
  const base: ReportDetail = {
    id: 7,
    patientId: 3,
    patientName: `${PATIENT_NAME.familyName}, ${PATIENT_NAME.givenName}`,
    patientIdentifier: `HOSP:${MRN}`,
    kind: 'lab',
    sourceFormat: 'hl7v2',
    title: `Basic panel for ${PATIENT_NAME.givenName} ${PATIENT_NAME.familyName}`,
    device: 'Acme Chem 500',
    observedAt: '2026-03-01T08:30:00Z',
    receivedAt: '2026-03-01T09:00:00Z',
    status: 'final',
    flagCount: 2,
    observationCount: observations.length,
    maxSeverity: 'critical',
    topFinding: null,
    draftStanding: null,
    draftJob: null,
    reviewStatus: 'new',
    reviewer: null,
    patient: {
      id: 3,
      identifiers: [{ authority: 'HOSP', id: MRN }],
      familyName: PATIENT_NAME.familyName,
      givenName: PATIENT_NAME.givenName,
      birthDate: BIRTH_DATE,
      sex: 'female',
    },
    deviceInfo: { manufacturer: 'Acme', model: 'Chem 500', serial: SERIAL },
    orderedAt: '2026-03-01T08:00:00Z',
    parseLog: [`device ${SERIAL} reported for ${MRN}`],
    metrics: {},
    observations,
    findings: [],
    latestInterpretation: null,
    review: { status: 'new', deviceCorrection: null, versions: [] },
    statements: [
      { seq: 1, kind: 'machine', text: 'Sample slightly haemolysed' },
      { seq: 2, kind: 'note', text: `Called ${PATIENT_NAME.givenName} ${PATIENT_NAME.familyName} (DOB 12/04/1958, ${MRN}) about the result; analyser ${SERIAL}.` },
    ],
    attachments: [],
    source: {
      sha256: 'ab'.repeat(32),
      size: 100,
      origin: '/imports/lab.hl7',
      text: `MSH|^~\\&|...\rPID|1||${MRN}^^^HOSP||${PATIENT_NAME.familyName}^${PATIENT_NAME.givenName}||19580412|F\r`,
      truncated: false,
    },
    ...overrides,
  }
  return overrides.findings ? base : { ...base, findings: findingsFor(base) }
}
