// Maps device unit strings to UCUM and converts observation values to one canonical unit per analyte.
import { UcumLhcUtils, type UcumUtils, type UcumValidation, type UcumConversion } from '@lhncbc/ucum-lhc'
import type { ParsedObservation } from '../../shared/domain/report'
import { loincEntry, type LoincEntry } from './loinc'

export type UcumResult = { ucum: string } | { unmapped: true; reason: string }

export interface ConvertOptions {
  /** g/mol, for mass <-> substance concentrations (glucose 180.156). */
  molarMassGPerMol?: number
  /** Absolute ionic charge, for equivalents <-> moles (K+ and Na+: 1, Ca2+: 2). */
  charge?: number
}

export interface NormalisedObservation {
  /** The source unit in UCUM, or null when it could not be mapped. */
  ucumUnit: string | null
  /** Why the unit was not mapped or the value could not be brought to the canonical unit. */
  unmappedReason?: string
  normalisedValue?: number
  normalisedUnit?: string
  /** The device's reference limits in the canonical unit, so rules can compare like with like. */
  normalisedRefLow?: number
  normalisedRefHigh?: number
}

// Created on first use: loading the UCUM tables takes tens of milliseconds.
let ucumUtils: UcumUtils | undefined
function ucum(): UcumUtils {
  ucumUtils ??= UcumLhcUtils.getInstance()
  return ucumUtils
}

// Exact (case-sensitive) aliases. UCUM is case-sensitive, so spellings whose case changes the
// meaning (mS is millisiemens, Ms megasecond) are only listed in the case devices really use.
const EXACT_ALIASES: ReadonlyMap<string, string> = new Map([
  ['msec', 'ms'],
  ['mSec', 'ms'],
  ['MSEC', 'ms'],
  ['MS', 'ms'],
  ['sec', 's'],
  ['l', 'L'],
  ['°', 'deg'],
  ['degrees', 'deg'],
  ['percent', '%'],
  ['mcg', 'ug'],
  ['INR', '{INR}'],
  ['ratio', '{ratio}'],
  ['K/uL', '10*3/uL'],
  ['k/uL', '10*3/uL'],
  ['K/mm3', '10*3/uL'],
  ['thou/uL', '10*3/uL'],
  ['°C', 'Cel'],
  ['degC', 'Cel'],
  ['°F', '[degF]'],
  ['degF', '[degF]'],
  ['lb', '[lb_av]'],
  ['lbs', '[lb_av]'],
  ['in', '[in_i]'],
])

// Aliases matched after lower-casing: none of these changes meaning with case.
const FOLDED_ALIASES: ReadonlyMap<string, string> = new Map([
  ['mmhg', 'mm[Hg]'],
  ['mm hg', 'mm[Hg]'],
  ['mm[hg]', 'mm[Hg]'],
  ['cmh2o', 'cm[H2O]'],
  ['meq/l', 'meq/L'],
  ['mmol/l', 'mmol/L'],
  ['umol/l', 'umol/L'],
  ['nmol/l', 'nmol/L'],
  ['mmol/mol', 'mmol/mol'],
  ['mg/dl', 'mg/dL'],
  ['g/dl', 'g/dL'],
  ['g/l', 'g/L'],
  ['mg/l', 'mg/L'],
  ['ng/ml', 'ng/mL'],
  ['ng/l', 'ng/L'],
  ['pg/ml', 'pg/mL'],
  ['ug/l', 'ug/L'],
  ['iu/l', '[IU]/L'],
  ['u/l', 'U/L'],
  ['bpm', '/min'],
  ['b/min', '/min'],
  ['beats/min', '/min'],
  ['beats per minute', '/min'],
  ['schläge/min', '/min'],
  ['slagen/min', '/min'],
  ['battiti/min', '/min'],
  ['pulsations/min', '/min'],
  ['breaths/min', '/min'],
  ['br/min', '/min'],
  ['/min', '/min'],
  ['1/min', '/min'],
  ['min-1', '/min'],
  ['l/s', 'L/s'],
  ['l/sec', 'L/s'],
  ['l/min', 'L/min'],
  ['ml', 'mL'],
  ['kpa', 'kPa'],
  ['kg', 'kg'],
  ['cm', 'cm'],
  ['fl', 'fL'],
  ['pg', 'pg'],
])

// Strings that are valid UCUM but mean something else in device exports: refuse rather than guess.
const AMBIGUOUS: ReadonlyMap<string, string> = new Map([
  ['G/L', 'ambiguous: UCUM reads G/L as gauss per litre; French analysers mean 10^9/L'],
  ['T/L', 'ambiguous: UCUM reads T/L as tesla per litre; French analysers mean 10^12/L'],
])

const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
}

// "x10^9/L", "10E9/L", "10*3/µL", "x10³/uL": powers of ten per volume, as analysers print them.
// The operator is required: "109/L" may be a lost superscript, but UCUM reads it as 109 per litre.
const POWER_OF_TEN = /^(?:x\s*)?10\s*(?:\^|\*|e|E)\s*(\d{1,2})\s*\/\s*([munp]?)[lL]$/

function digits(superscripts: string): string {
  return superscripts.replace(/./g, (d) => SUPERSCRIPTS[d] ?? d)
}

/** Trims, unifies the micro sign and spacing so that aliases match more spellings. */
function tidy(unit: string): string {
  return unit
    .trim()
    .replace(/[µμ]/g, 'u')
    // 10⁹ is a power of ten; m² and m³ are exponents, which UCUM writes as plain digits.
    .replace(/10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_m, sup: string) => `10^${digits(sup)}`)
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, digits)
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ')
}

function aliasFor(unit: string): string | undefined {
  const exact = EXACT_ALIASES.get(unit)
  if (exact !== undefined) return exact
  const folded = FOLDED_ALIASES.get(unit.toLowerCase())
  if (folded !== undefined) return folded
  const power = POWER_OF_TEN.exec(unit)
  if (power) return `10*${power[1] ?? ''}/${power[2] ?? ''}L`
  return undefined
}

// "109/L" is valid UCUM (109 per litre) but is nearly always 10⁹/L with the superscript lost;
// reading it literally would turn a platelet count of 250 into 0.00003 × 10⁹/L.
const LOST_SUPERSCRIPT = /^10(3|6|9|12)\/[munp]?[lL]$/

function mapUnit(raw: string): UcumResult {
  const unit = tidy(raw)
  if (unit === '') return { unmapped: true, reason: 'no unit given' }
  const ambiguous = AMBIGUOUS.get(unit)
  if (ambiguous !== undefined) return { unmapped: true, reason: ambiguous }
  if (LOST_SUPERSCRIPT.test(unit)) {
    return { unmapped: true, reason: `ambiguous: "${raw}" reads as a plain count per volume but probably means a power of ten` }
  }
  const candidate = aliasFor(unit) ?? unit
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw
  let check: UcumValidation
  try {
    check = ucum().validateUnitString(candidate)
  } catch (err) {
    // Defensive: the library should report, not throw, but one odd unit must not stop an import.
    return { unmapped: true, reason: `"${shown}" could not be checked (${err instanceof Error ? err.message : String(err)})` }
  }
  // The library may propose a different code while calling the input invalid: that is a guess.
  if (check.status === 'valid' && check.ucumCode === candidate) return { ucum: candidate }
  const detail = check.msg[0]?.split('\n')[0]?.slice(0, 120)
  return {
    unmapped: true,
    reason: `"${shown}" is not a UCUM unit and has no known alias${detail ? ` (${detail})` : ''}`,
  }
}

// Unit strings repeat across every observation of an import: map each one once.
const UNIT_CACHE_LIMIT = 10_000
const unitCache = new Map<string, UcumResult>()

/** The UCUM code for a device unit string, or why it has none. Never guesses. */
export function toUcum(unit: string | undefined): UcumResult {
  if (unit === undefined) return { unmapped: true, reason: 'no unit given' }
  const cached = unitCache.get(unit)
  if (cached) return cached
  // Frozen: the same object is handed to every caller with this unit string.
  const result = Object.freeze(mapUnit(unit))
  // A flood of distinct junk strings must not grow the cache without bound.
  if (unitCache.size >= UNIT_CACHE_LIMIT) unitCache.clear()
  unitCache.set(unit, result)
  return result
}

type Conversion = { kind: 'factor'; factor: number } | { kind: 'special' } | { kind: 'impossible' }

const conversionCache = new Map<string, Conversion>()

function library(value: number, from: string, to: string, opts: ConvertOptions): number | null {
  let result: UcumConversion
  try {
    result = ucum().convertUnitTo(from, value, to, { molecularWeight: opts.molarMassGPerMol, charge: opts.charge })
  } catch {
    return null
  }
  return result.status === 'succeeded' && typeof result.toVal === 'number' && Number.isFinite(result.toVal)
    ? result.toVal
    : null
}

function conversionFor(from: string, to: string, opts: ConvertOptions): Conversion {
  const key = `${from}\u0000${to}\u0000${opts.molarMassGPerMol ?? ''}\u0000${opts.charge ?? ''}`
  const cached = conversionCache.get(key)
  if (cached) return cached
  let conversion: Conversion
  const one = library(1, from, to, opts)
  if (one === null) {
    conversion = { kind: 'impossible' }
  } else {
    // Most conversions are a plain factor and can be cached as one; temperature scales are not.
    const zero = library(0, from, to, opts)
    const two = library(2, from, to, opts)
    const proportional = zero === 0 && two !== null && Math.abs(two - 2 * one) <= 1e-12 * Math.abs(one)
    conversion = proportional ? { kind: 'factor', factor: one } : { kind: 'special' }
  }
  if (conversionCache.size >= UNIT_CACHE_LIMIT) conversionCache.clear()
  conversionCache.set(key, conversion)
  return conversion
}

// Binary floating point turns 150 × 10*3/uL into 149.99999999999997 × 10*9/L: trim that noise.
function tidyNumber(value: number): number {
  return Number(value.toPrecision(12))
}

/** Converts between two UCUM units; null when they are not commensurable (or data is missing). */
export function convert(value: number, fromUcum: string, toUcum: string, opts: ConvertOptions = {}): number | null {
  if (!Number.isFinite(value)) return null
  if (fromUcum === toUcum) return value
  const conversion = conversionFor(fromUcum, toUcum, opts)
  switch (conversion.kind) {
    case 'factor':
      return tidyNumber(value * conversion.factor)
    case 'special': {
      const converted = library(value, fromUcum, toUcum, opts)
      return converted === null ? null : tidyNumber(converted)
    }
    case 'impossible':
      return null
  }
}

function sourceUnit(obs: ParsedObservation, entry: LoincEntry | undefined): UcumResult {
  const unitless = obs.unit === undefined || obs.unit.trim() === ''
  // INR and the like are pure numbers: devices often leave the unit out.
  if (unitless && entry?.unitless) return { ucum: '1' }
  return toUcum(obs.unit)
}

/**
 * The observation's unit in UCUM and, for numeric values, the value in the analyte's canonical
 * unit (glucose mg/dL, K/Na mmol/L, Ca mg/dL, Hb g/dL, ECG intervals ms, rates /min); codes
 * outside the curated subset keep their own (UCUM) unit.
 */
export function normaliseObservation(obs: ParsedObservation): NormalisedObservation {
  const entry = loincEntry(obs.code)
  const mapped = sourceUnit(obs, entry)
  if ('unmapped' in mapped) return { ucumUnit: null, unmappedReason: mapped.reason }
  const result: NormalisedObservation = { ucumUnit: mapped.ucum }
  if (obs.valueType !== 'numeric' || obs.valueNum === undefined || !Number.isFinite(obs.valueNum)) return result

  const target = entry?.canonicalUnit ?? mapped.ucum
  const opts: ConvertOptions = { molarMassGPerMol: entry?.molarMassGPerMol, charge: entry?.charge }
  const value = convert(obs.valueNum, mapped.ucum, target, opts)
  if (value === null) {
    result.unmappedReason = `${mapped.ucum} cannot be converted to ${target} for ${entry?.display ?? obs.code.code}`
    return result
  }
  result.normalisedValue = value
  result.normalisedUnit = target
  if (obs.refLow !== undefined) {
    const low = convert(obs.refLow, mapped.ucum, target, opts)
    if (low !== null) result.normalisedRefLow = low
  }
  if (obs.refHigh !== undefined) {
    const high = convert(obs.refHigh, mapped.ucum, target, opts)
    if (high !== null) result.normalisedRefHigh = high
  }
  return result
}
