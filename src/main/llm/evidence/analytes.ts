// Names a draft may use for an observation's analyte ("potassium", "K", "QTc"), to tell when a sentence talks about it.
import type { Observation } from '../../../shared/contract/reports'
import type { StoredFinding } from '../../../shared/contract/rules'
import { isLoincSystem, LOINC } from '../../ingest/loinc'

export interface AnalyteTerms {
  /** Lower-case words and phrases, matched case-insensitively with hyphens ignored. */
  words: string[]
  /** Abbreviations matched with their case ("K", "Na", "QTc"), since "k" or "na" in prose mean other things. */
  abbreviations: string[]
}

// Common names and abbreviations per LOINC code, beyond the display's head (which already gives "glucose").
const ALIASES: Readonly<Record<string, { words?: string[]; abbreviations?: string[] }>> = {
  '2823-3': { words: ['potassium'], abbreviations: ['K', 'K+'] },
  '6298-4': { words: ['potassium'], abbreviations: ['K', 'K+'] },
  '2951-2': { words: ['sodium'], abbreviations: ['Na', 'Na+'] },
  '2947-0': { words: ['sodium'], abbreviations: ['Na', 'Na+'] },
  '17861-6': { words: ['calcium'], abbreviations: ['Ca'] },
  '718-7': { words: ['hemoglobin', 'haemoglobin'], abbreviations: ['Hb', 'Hgb'] },
  '777-3': { words: ['platelet'], abbreviations: ['PLT', 'Plt'] },
  '26515-7': { words: ['platelet'], abbreviations: ['PLT', 'Plt'] },
  '6301-6': { abbreviations: ['INR'] },
  '34714-6': { abbreviations: ['INR'] },
  '89579-7': { words: ['troponin'], abbreviations: ['hs-cTnI', 'cTnI', 'TnI'] },
  '67151-1': { words: ['troponin'], abbreviations: ['hs-cTnT', 'cTnT', 'TnT'] },
  '10839-9': { words: ['troponin'], abbreviations: ['cTnI', 'TnI'] },
  '6598-7': { words: ['troponin'], abbreviations: ['cTnT', 'TnT'] },
  '8625-6': { words: ['pr interval'], abbreviations: ['PR'] },
  '8633-0': { words: ['qrs duration'], abbreviations: ['QRS'] },
  '8634-8': { words: ['qt interval'], abbreviations: ['QT'] },
  '8636-3': { words: ['qtc', 'corrected qt'], abbreviations: ['QTc', 'QTcB', 'QTcF'] },
  '8867-4': { words: ['heart rate', 'ventricular rate', 'pulse'], abbreviations: ['HR'] },
  '8480-6': { words: ['systolic', 'blood pressure'], abbreviations: ['SBP', 'BP'] },
  '8462-4': { words: ['diastolic', 'blood pressure'], abbreviations: ['DBP', 'BP'] },
  '59408-5': { words: ['oxygen saturation', 'saturation'], abbreviations: ['SpO2', 'SaO2'] },
  '2708-6': { words: ['oxygen saturation', 'saturation'], abbreviations: ['SpO2', 'SaO2'] },
  '20150-9': { abbreviations: ['FEV1'] },
  '19926-5': { abbreviations: ['FEV1/FVC'] },
}

// Words a rule title adds to the analyte ("Critical potassium", "QTc high risk").
const TITLE_NOISE = /\b(?:critical(?:ly)?|very|high|low|risk|abnormal|elevated|raised|reduced|decreased|increased|prolonged|value|level|result|outside|reference|range|above|below|severe|marked(?:ly)?|rise|fall|alert)\b/gi

/** "Potassium [Moles/volume] in Serum or Plasma" → "potassium". */
function displayHead(display: string): string {
  return display.split(/\s*[[(,]|\s+(?:in|by|from)\s+/)[0]?.trim().toLowerCase() ?? ''
}

export function normaliseWords(text: string): string {
  return text.toLowerCase().replace(/-/g, '')
}

export function observationTerms(o: Pick<Observation, 'display' | 'code' | 'codeSystem'>): AnalyteTerms {
  const words = new Set<string>()
  const abbreviations = new Set<string>()
  const alias = isLoincSystem(o.codeSystem) ? ALIASES[o.code] : undefined
  for (const w of alias?.words ?? []) words.add(w)
  for (const a of alias?.abbreviations ?? []) abbreviations.add(a)
  const display = o.display ?? (isLoincSystem(o.codeSystem) ? LOINC.get(o.code)?.display : undefined)
  const head = display === undefined ? '' : normaliseWords(displayHead(display))
  if (head.length >= 3) words.add(head)
  return { words: [...words], abbreviations: [...abbreviations] }
}

/** The analyte a finding names in its title, for findings on metrics that rest on no observation. */
export function findingTerms(f: Pick<StoredFinding, 'title'>): AnalyteTerms {
  const rest = normaliseWords(f.title.replace(TITLE_NOISE, ' ')).replace(/\s+/g, ' ').trim()
  return { words: rest.length >= 3 ? [rest] : [], abbreviations: [] }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Whether the text names the analyte. */
export function mentions(text: string, terms: AnalyteTerms): boolean {
  const words = normaliseWords(text)
  for (const w of terms.words) {
    if (new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(w)}(?:s|es)?(?![\\p{L}\\p{N}])`, 'u').test(words)) return true
  }
  for (const a of terms.abbreviations) {
    if (new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(a)}(?![\\p{L}\\p{N}+])`, 'u').test(text)) return true
  }
  return false
}
