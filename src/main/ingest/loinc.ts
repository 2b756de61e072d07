// Curated LOINC subset: display names, report-kind hints and canonical units for the codes we interpret.
//
// This material contains content from LOINC (http://loinc.org). LOINC is copyright © Regenstrief
// Institute, Inc. and the LOINC Committee and is available at no cost under the license at
// http://loinc.org/license.
//
// Only codes we are confident of are listed; an unknown code is left for the user, never guessed.
import type { CodedConcept, ReportKind } from '../../shared/domain/report'

export interface LoincEntry {
  display: string
  /** The report kind this code points to; null for codes shared by several kinds (heart rate). */
  kind: ReportKind | null
  /** UCUM unit values are normalised to, so rules compare like with like. */
  canonicalUnit: string
  /** Needed to convert between mass and substance concentrations (g/mol). */
  molarMassGPerMol?: number
  /** Absolute ionic charge, needed to convert meq to mmol or mass. */
  charge?: number
  /** The quantity is a pure number (INR): a missing unit is not an error. */
  unitless?: boolean
}

const GLUCOSE_G_PER_MOL = 180.156
const POTASSIUM_G_PER_MOL = 39.098
const SODIUM_G_PER_MOL = 22.99
const CALCIUM_G_PER_MOL = 40.078

function glucose(display: string, kind: ReportKind): LoincEntry {
  return { display, kind, canonicalUnit: 'mg/dL', molarMassGPerMol: GLUCOSE_G_PER_MOL }
}

function ecg(display: string, canonicalUnit: string): LoincEntry {
  return { display, kind: 'ecg', canonicalUnit }
}

export const LOINC: ReadonlyMap<string, LoincEntry> = new Map<string, LoincEntry>([
  // Glucose: every variant is normalised to mg/dL so one set of thresholds applies.
  ['2345-7', glucose('Glucose [Mass/volume] in Serum or Plasma', 'lab')],
  ['2339-0', glucose('Glucose [Mass/volume] in Blood', 'lab')],
  ['14749-6', glucose('Glucose [Moles/volume] in Serum or Plasma', 'lab')],
  ['15074-8', glucose('Glucose [Moles/volume] in Blood', 'lab')],
  ['41653-7', glucose('Glucose [Mass/volume] in Capillary blood by Glucometer', 'lab')],
  ['2344-0', glucose('Glucose [Mass/volume] in Body fluid', 'lab')],
  ['14745-4', glucose('Glucose [Moles/volume] in Body fluid', 'lab')],
  // CGM sensor readings (HL7 CGM IG): mass and molar variants in interstitial fluid.
  ['99504-3', glucose('Glucose [Mass/volume] in Interstitial fluid', 'cgm')],
  ['105272-9', glucose('Glucose [Moles/volume] in Interstitial fluid', 'cgm')],

  // Electrolytes: monovalent ions, so meq/L equals mmol/L.
  ['2823-3', { display: 'Potassium [Moles/volume] in Serum or Plasma', kind: 'lab', canonicalUnit: 'mmol/L', molarMassGPerMol: POTASSIUM_G_PER_MOL, charge: 1 }],
  ['6298-4', { display: 'Potassium [Moles/volume] in Blood', kind: 'lab', canonicalUnit: 'mmol/L', molarMassGPerMol: POTASSIUM_G_PER_MOL, charge: 1 }],
  ['2951-2', { display: 'Sodium [Moles/volume] in Serum or Plasma', kind: 'lab', canonicalUnit: 'mmol/L', molarMassGPerMol: SODIUM_G_PER_MOL, charge: 1 }],
  ['2947-0', { display: 'Sodium [Moles/volume] in Blood', kind: 'lab', canonicalUnit: 'mmol/L', molarMassGPerMol: SODIUM_G_PER_MOL, charge: 1 }],
  // Calcium is divalent: 1 meq/L = 0.5 mmol/L.
  ['17861-6', { display: 'Calcium [Mass/volume] in Serum or Plasma', kind: 'lab', canonicalUnit: 'mg/dL', molarMassGPerMol: CALCIUM_G_PER_MOL, charge: 2 }],

  // Haematology and coagulation.
  ['718-7', { display: 'Hemoglobin [Mass/volume] in Blood', kind: 'lab', canonicalUnit: 'g/dL' }],
  ['777-3', { display: 'Platelets [#/volume] in Blood by Automated count', kind: 'lab', canonicalUnit: '10*9/L' }],
  ['26515-7', { display: 'Platelets [#/volume] in Blood', kind: 'lab', canonicalUnit: '10*9/L' }],
  ['6301-6', { display: 'INR in Platelet poor plasma by Coagulation assay', kind: 'lab', canonicalUnit: '{INR}', unitless: true }],
  ['34714-6', { display: 'INR in Blood by Coagulation assay', kind: 'lab', canonicalUnit: '{INR}', unitless: true }],

  // Troponins: ng/L, the unit high-sensitivity 99th-percentile limits are quoted in.
  ['89579-7', { display: 'Troponin I.cardiac [Mass/volume] in Serum or Plasma by High sensitivity method', kind: 'lab', canonicalUnit: 'ng/L' }],
  ['67151-1', { display: 'Troponin T.cardiac [Mass/volume] in Serum or Plasma by High sensitivity method', kind: 'lab', canonicalUnit: 'ng/L' }],
  ['10839-9', { display: 'Troponin I.cardiac [Mass/volume] in Serum or Plasma', kind: 'lab', canonicalUnit: 'ng/L' }],
  ['6598-7', { display: 'Troponin T.cardiac [Mass/volume] in Serum or Plasma', kind: 'lab', canonicalUnit: 'ng/L' }],

  // ECG measurements.
  ['8625-6', ecg('P-R Interval', 'ms')],
  ['8633-0', ecg('QRS duration', 'ms')],
  ['8634-8', ecg('Q-T interval', 'ms')],
  ['8636-3', ecg('Q-T interval corrected', 'ms')],
  ['8626-4', ecg('P wave axis', 'deg')],
  ['8632-2', ecg('QRS axis', 'deg')],
  ['8638-9', ecg('T wave axis', 'deg')],

  // Heart rate appears in ECG, blood-pressure and oximetry reports alike: no kind of its own.
  ['8867-4', { display: 'Heart rate', kind: null, canonicalUnit: '/min' }],

  // Blood pressure.
  ['85354-9', { display: 'Blood pressure panel with all children optional', kind: 'blood_pressure', canonicalUnit: 'mm[Hg]' }],
  ['8480-6', { display: 'Systolic blood pressure', kind: 'blood_pressure', canonicalUnit: 'mm[Hg]' }],
  ['8462-4', { display: 'Diastolic blood pressure', kind: 'blood_pressure', canonicalUnit: 'mm[Hg]' }],
  ['8478-0', { display: 'Mean blood pressure', kind: 'blood_pressure', canonicalUnit: 'mm[Hg]' }],

  // Pulse oximetry.
  ['59408-5', { display: 'Oxygen saturation in Arterial blood by Pulse oximetry', kind: 'oximetry', canonicalUnit: '%' }],
  ['2708-6', { display: 'Oxygen saturation in Arterial blood', kind: 'oximetry', canonicalUnit: '%' }],

  // Spirometry.
  ['20150-9', { display: 'FEV1', kind: 'spirometry', canonicalUnit: 'L' }],
  ['19870-5', { display: 'Forced vital capacity [Volume] Respiratory system by Spirometry', kind: 'spirometry', canonicalUnit: 'L' }],
  ['19926-5', { display: 'FEV1/FVC', kind: 'spirometry', canonicalUnit: '%' }],
])

/** The code systems other parsers use to say "this is LOINC". */
const LOINC_SYSTEMS = new Set(['LOINC', 'LN', 'http://loinc.org'])

export function isLoincSystem(system: string): boolean {
  return LOINC_SYSTEMS.has(system)
}

/** The curated entry for a coded concept, or undefined when it is not LOINC or not in the subset. */
export function loincEntry(code: CodedConcept): LoincEntry | undefined {
  return isLoincSystem(code.system) ? LOINC.get(code.code) : undefined
}

// When codes point to several kinds, the most frequent wins; ties go to the more specific kind.
const KIND_PRIORITY: readonly ReportKind[] = ['ecg', 'cgm', 'blood_pressure', 'oximetry', 'spirometry', 'lab']

/** The report kind a set of LOINC codes suggests; 'other' when none of them is in the subset. */
export function reportKindForCodes(codes: string[]): ReportKind {
  const counts = new Map<ReportKind, number>()
  for (const code of codes) {
    const kind = LOINC.get(code)?.kind
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  let best: ReportKind = 'other'
  let bestCount = 0
  for (const kind of KIND_PRIORITY) {
    const n = counts.get(kind) ?? 0
    if (n > bestCount) {
      best = kind
      bestCount = n
    }
  }
  return best
}
