// Builds synthetic HL7 v2 ORU^R01 messages for tests and benchmarks (synthetic patients only).
export interface SyntheticResult {
  code: string
  display: string
  value: string
  unit: string
  range: string
  flag?: string
  status?: string
}

export interface SyntheticOru {
  controlId: string
  mrn?: string
  family?: string
  given?: string
  facility?: string
  observedAt?: string // HL7 TS, e.g. 20260101083000
  results?: SyntheticResult[]
  obxCount?: number
}

/** Clinically unremarkable values with their usual reference ranges, so synthetic reports fire no rules. */
export const NORMAL_PANEL: readonly SyntheticResult[] = [
  { code: '2823-3', display: 'Potassium', value: '4.1', unit: 'mmol/L', range: '3.5-5.1' },
  { code: '2951-2', display: 'Sodium', value: '140', unit: 'mmol/L', range: '135-145' },
  { code: '2345-7', display: 'Glucose', value: '92', unit: 'mg/dL', range: '70-99' },
  { code: '718-7', display: 'Hemoglobin', value: '14.1', unit: 'g/dL', range: '12.0-16.0' },
  { code: '17861-6', display: 'Calcium', value: '9.4', unit: 'mg/dL', range: '8.6-10.2' },
  { code: '777-3', display: 'Platelets', value: '250', unit: '10*9/L', range: '150-400' },
  { code: '6301-6', display: 'INR', value: '1.0', unit: '{INR}', range: '0.8-1.2' },
  { code: '2160-0', display: 'Creatinine', value: '0.9', unit: 'mg/dL', range: '0.6-1.2' },
  { code: '3094-0', display: 'Urea nitrogen', value: '14', unit: 'mg/dL', range: '7-20' },
  { code: '1742-6', display: 'ALT', value: '25', unit: 'U/L', range: '7-56' },
]

export function oru(m: SyntheticOru): string {
  const facility = m.facility ?? 'LAB1'
  const obsAt = m.observedAt ?? '20260101083000'
  const results: SyntheticResult[] =
    m.results ?? Array.from({ length: m.obxCount ?? 3 }, (_, i) => NORMAL_PANEL[i % NORMAL_PANEL.length]!)
  const segs = [
    `MSH|^~\\&|ANALYSER|${facility}|READOUT|HOSP|${obsAt}||ORU^R01^ORU_R01|${m.controlId}|P|2.5.1|||||UNICODE UTF-8`,
    `PID|1||${m.mrn ?? 'MRN001'}^^^HOSP^MR||${m.family ?? 'Testpatient'}^${m.given ?? 'Alex'}||19700101|F`,
    `OBR|1|ORD${m.controlId}|FIL${m.controlId}|24323-8^Comprehensive metabolic panel^LN|||${obsAt}|||||||||||||||||F`,
    ...results.map(
      (r, i) => `OBX|${i + 1}|NM|${r.code}^${r.display}^LN||${r.value}|${r.unit}|${r.range}|${r.flag ?? 'N'}|||${r.status ?? 'F'}|||${obsAt}`,
    ),
  ]
  return segs.join('\r') + '\r'
}
