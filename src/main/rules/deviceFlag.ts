// Reads the device's own abnormal flag (HL7 OBX-8, FHIR interpretation) and words disagreements with a rule.
import type { Severity } from '../../shared/domain/findings'

export type FlagMeaning = 'normal' | 'high' | 'low' | 'abnormal' | 'critical_high' | 'critical_low' | 'critical'

// HL7 table 0078 / FHIR ObservationInterpretation codes that say where the value lies; others (S, R, I,
// W, B ...) say nothing about the range and are never counted as agreeing or disagreeing.
const MEANINGS: Readonly<Record<string, FlagMeaning>> = {
  N: 'normal',
  H: 'high',
  HU: 'high',
  '>': 'high',
  L: 'low',
  LU: 'low',
  '<': 'low',
  A: 'abnormal',
  HH: 'critical_high',
  LL: 'critical_low',
  AA: 'critical',
}

const WORDS: Readonly<Record<FlagMeaning, string>> = {
  normal: 'normal',
  high: 'high',
  low: 'low',
  abnormal: 'abnormal',
  critical_high: 'critical high',
  critical_low: 'critical low',
  critical: 'critical',
}

export function flagMeaning(flag: string | null): FlagMeaning | undefined {
  if (flag === null) return undefined
  return MEANINGS[flag.trim().toUpperCase()]
}

export function isCriticalFlag(meaning: FlagMeaning | undefined): boolean {
  return meaning === 'critical_high' || meaning === 'critical_low' || meaning === 'critical'
}

function sideOf(meaning: FlagMeaning): 'high' | 'low' | undefined {
  if (meaning === 'high' || meaning === 'critical_high') return 'high'
  if (meaning === 'low' || meaning === 'critical_low') return 'low'
  return undefined
}

/** "device flagged H (high)". */
export function describeFlag(flag: string, meaning: FlagMeaning): string {
  return `device flagged ${flag.trim()} (${WORDS[meaning]})`
}

/**
 * When a rule fires on one side of its limits: disagreement if the device called the value normal,
 * or put it on the other side. A device "H" under a critical rule is not a disagreement: both say high.
 */
export function disagreementOnFiring(flag: string | null, side: 'high' | 'low', severity: Severity, ruleId: string): string | undefined {
  const meaning = flagMeaning(flag)
  if (flag === null || meaning === undefined) return undefined
  const flagSide = sideOf(meaning)
  if (meaning === 'normal' || (flagSide !== undefined && flagSide !== side)) {
    return `${describeFlag(flag, meaning)}; rule ${ruleId} finds it ${side} (${severity})`
  }
  return undefined
}
