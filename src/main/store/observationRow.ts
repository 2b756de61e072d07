// The observations table's row shape and its mapping to the contract's Observation (used by reads and by rule evaluation).
import type { Observation } from '../../shared/contract/reports'

export interface ObservationRow {
  id: number
  seq: number
  code_system: string
  code: string
  display: string | null
  value_type: Observation['valueType']
  value_num: number | null
  comparator: string | null
  value_text: string | null
  unit: string | null
  ucum_unit: string | null
  unit_unmapped: string | null
  normalised_value: number | null
  normalised_unit: string | null
  ref_low: number | null
  ref_high: number | null
  ref_text: string | null
  device_flag: string | null
  status: Observation['status']
  observed_at: string | null
  sub_id: string | null
}

export function observationFromRow(o: ObservationRow, history: Observation['history'] = []): Observation {
  return {
    id: o.id,
    seq: o.seq,
    codeSystem: o.code_system,
    code: o.code,
    display: o.display,
    valueType: o.value_type,
    valueNum: o.value_num,
    comparator: o.comparator,
    valueText: o.value_text,
    unit: o.unit,
    ucumUnit: o.ucum_unit,
    unitUnmapped: o.unit_unmapped,
    normalisedValue: o.normalised_value,
    normalisedUnit: o.normalised_unit,
    refLow: o.ref_low,
    refHigh: o.ref_high,
    refText: o.ref_text,
    deviceFlag: o.device_flag,
    status: o.status,
    observedAt: o.observed_at,
    subId: o.sub_id,
    history,
  }
}
