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

export function oru(m: SyntheticOru): string {
  const facility = m.facility ?? 'LAB1'
  const obsAt = m.observedAt ?? '20260101083000'
  const results: SyntheticResult[] =
    m.results ??
    Array.from({ length: m.obxCount ?? 3 }, (_, i) => ({
      code: ['2823-3', '2951-2', '2345-7', '718-7', '17861-6', '777-3', '6301-6', '2160-0', '3094-0', '1742-6'][i % 10]!,
      display: ['Potassium', 'Sodium', 'Glucose', 'Hemoglobin', 'Calcium', 'Platelets', 'INR', 'Creatinine', 'Urea nitrogen', 'ALT'][i % 10]!,
      value: String(4 + (i % 5) / 10),
      unit: ['mmol/L', 'mmol/L', 'mg/dL', 'g/dL', 'mg/dL', '10*9/L', '{INR}', 'mg/dL', 'mg/dL', 'U/L'][i % 10]!,
      range: '3.5-5.1',
      flag: 'N',
    }))
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
