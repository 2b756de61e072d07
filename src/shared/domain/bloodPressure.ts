// Blood-pressure readings from stored observations, whatever the source format: plausibility limits, grouping into readings, averages.

export const BP_CODES = { systolic: '8480-6', diastolic: '8462-4', pulse: '8867-4' } as const

/**
 * The flag Readout itself puts on a reading that cannot be a real measurement (stored where a device's
 * abnormal flag goes; no device sends this code). Flagged readings are kept and shown, never averaged.
 */
export const IMPLAUSIBLE_FLAG = 'IMPLAUSIBLE'

/**
 * Plausibility limits for a home or office cuff reading. Systolic 50–260 mmHg, diastolic at most 200 mmHg
 * and below systolic: the "plausible data" definitions of Cottrell et al., BMC Family Practice 2015;16:83
 * (table 2, home telehealth readings). Their diastolic minimum of 0 would accept a failed measurement
 * written as 0, so the minimum here is 20 mmHg (our choice). Pulse 25–250 /min is our choice, wider than
 * the measuring range of home monitors (Omron's manuals state 40–180 /min), so only values no cuff can
 * report are flagged.
 */
export const BP_LIMITS = {
  systolic: { min: 50, max: 260 },
  diastolic: { min: 20, max: 200 },
  pulse: { min: 25, max: 250 },
} as const

/** Why a systolic/diastolic pair (mmHg) cannot be a real reading, or null when it can. */
export function pressureImplausibility(systolic: number, diastolic: number): string | null {
  const { systolic: s, diastolic: d } = BP_LIMITS
  if (systolic < s.min || systolic > s.max) return `systolic ${round1(systolic)} mmHg outside ${s.min}–${s.max}`
  if (diastolic < d.min || diastolic > d.max) return `diastolic ${round1(diastolic)} mmHg outside ${d.min}–${d.max}`
  if (systolic <= diastolic) return `systolic ${round1(systolic)} not above diastolic ${round1(diastolic)}`
  return null
}

/** Why a pulse rate (/min) cannot be real, or null when it can. */
export function pulseImplausibility(pulse: number): string | null {
  const { min, max } = BP_LIMITS.pulse
  return pulse < min || pulse > max ? `pulse ${round1(pulse)} /min outside ${min}–${max}` : null
}

/** The fields of a stored observation this module reads (the contract's Observation has them all). */
export interface BpObservation {
  codeSystem: string
  code: string
  valueType: string
  valueNum: number | null
  unit: string | null
  ucumUnit: string | null
  unitUnmapped: string | null
  normalisedValue: number | null
  normalisedUnit: string | null
  deviceFlag: string | null
  status: string
  observedAt: string | null
  subId: string | null
}

export interface BpReading<T extends BpObservation = BpObservation> {
  /** The observations this reading was built from. */
  observations: T[]
  /** The reading's time as stored (first of its observations that has one). */
  observedAt: string | null
  systolic?: number
  diastolic?: number
  pulse?: number
  /** Why this reading is left out of the averages; absent when it counts. */
  implausible?: string
}

export interface BpSummary {
  /** Readings in stored order; each has a systolic or a diastolic value. */
  readings: BpReading[]
  avgSystolic?: number
  avgDiastolic?: number
  avgPulse?: number
  /** Readings that went into the pressure averages. */
  counted: number
  /** Readings left out as implausible. */
  excluded: number
}

// Withdrawn by the sender: never shown as a reading, as in the rules engine.
const WITHDRAWN = new Set(['entered-in-error', 'cancelled'])

/** The value in the given UCUM unit, from the normalised value or the value as sent; never guessed. */
function valueIn(o: BpObservation, ucum: string): number | undefined {
  if (o.valueType !== 'numeric') return undefined
  if (o.normalisedValue !== null && o.normalisedUnit === ucum) return o.normalisedValue
  if (o.valueNum !== null && (o.ucumUnit === ucum || (o.ucumUnit === null && o.unitUnmapped === null && o.unit === ucum))) return o.valueNum
  return undefined
}

type Side = keyof typeof BP_CODES

function sideOf(o: BpObservation): Side | undefined {
  if (o.codeSystem !== 'LOINC') return undefined
  if (o.code === BP_CODES.systolic) return 'systolic'
  if (o.code === BP_CODES.diastolic) return 'diastolic'
  if (o.code === BP_CODES.pulse) return 'pulse'
  return undefined
}

interface Group<T extends BpObservation> {
  reading: BpReading<T>
  flagged: boolean
}

/**
 * Groups systolic, diastolic and pulse observations into readings: by sub-id (HL7 OBX-4, a FHIR panel's
 * components, a CSV row), else by time; a code seen twice in one group starts the next reading, so
 * HL7 messages without sub-ids or times still pair each systolic with the diastolic that follows it.
 */
export function bpReadings<T extends BpObservation>(observations: readonly T[]): BpReading<T>[] {
  return grouped(observations).readings
}

function grouped<T extends BpObservation>(observations: readonly T[]): { readings: BpReading<T>[]; loosePulses: number[] } {
  const open = new Map<string, Group<T>>()
  const groups: Group<T>[] = []
  for (const o of observations) {
    const side = sideOf(o)
    if (side === undefined || WITHDRAWN.has(o.status)) continue
    const value = side === 'pulse' ? (valueIn(o, '/min') ?? valueIn(o, '{beats}/min')) : valueIn(o, 'mm[Hg]')
    if (value === undefined) continue
    const key = o.subId ?? o.observedAt ?? ''
    let group = open.get(key)
    if (group === undefined || group.reading[side] !== undefined) {
      group = { reading: { observations: [], observedAt: o.observedAt }, flagged: false }
      open.set(key, group)
      groups.push(group)
    }
    group.reading[side] = value
    group.reading.observations.push(o)
    if (group.reading.observedAt === null) group.reading.observedAt = o.observedAt
    if (o.deviceFlag?.trim().toUpperCase() === IMPLAUSIBLE_FLAG && side !== 'pulse') group.flagged = true
  }
  const readings: BpReading<T>[] = []
  // A heart rate sent as its own observation (FHIR 8867-4 beside a BP panel) is no reading, but still a pulse.
  const loosePulses: number[] = []
  for (const { reading, flagged } of groups) {
    if (reading.systolic === undefined && reading.diastolic === undefined) {
      if (reading.pulse !== undefined) loosePulses.push(reading.pulse)
      continue
    }
    const why =
      reading.systolic !== undefined && reading.diastolic !== undefined ? pressureImplausibility(reading.systolic, reading.diastolic) : null
    if (why !== null) reading.implausible = why
    else if (flagged) reading.implausible = 'flagged implausible at import'
    readings.push(reading)
  }
  return { readings, loosePulses }
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length
}

/**
 * Averages over the plausible readings: the same whichever format the report came in. A pulse outside
 * its limits is left out of the pulse average only; a pulse of an implausible reading is left out with it.
 */
export function bpSummary(observations: readonly BpObservation[]): BpSummary {
  const { readings, loosePulses } = grouped(observations)
  const counted = readings.filter((r) => r.implausible === undefined)
  const summary: BpSummary = { readings, counted: counted.length, excluded: readings.length - counted.length }
  const sys = mean(counted.flatMap((r) => (r.systolic === undefined ? [] : [r.systolic])))
  const dia = mean(counted.flatMap((r) => (r.diastolic === undefined ? [] : [r.diastolic])))
  const pulses = [...counted.flatMap((r) => (r.pulse === undefined ? [] : [r.pulse])), ...loosePulses]
  const pulse = mean(pulses.filter((p) => pulseImplausibility(p) === null))
  if (sys !== undefined) summary.avgSystolic = sys
  if (dia !== undefined) summary.avgDiastolic = dia
  if (pulse !== undefined) summary.avgPulse = pulse
  return summary
}

function round1(value: number): number {
  return Math.round(value * 10) / 10
}
