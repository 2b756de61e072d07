// The abnormal flag a device sent with a value (HL7 OBX-8, FHIR interpretation), coloured by how urgent it is.
import { Badge, Text, Tooltip } from '@mantine/core'
import { IMPLAUSIBLE_FLAG } from '../../../shared/domain/bloodPressure'

// HL7 table 0078 and FHIR v3 ObservationInterpretation codes.
const MEANING: Record<string, string> = {
  N: 'normal',
  H: 'above the high reference limit',
  L: 'below the low reference limit',
  HH: 'above the upper panic (critical) limit',
  LL: 'below the lower panic (critical) limit',
  HU: 'significantly high',
  LU: 'significantly low',
  A: 'abnormal',
  AA: 'critically abnormal',
  '>': 'above the upper limit of the measuring range',
  '<': 'below the lower limit of the measuring range',
  U: 'significant change up',
  D: 'significant change down',
  B: 'better',
  W: 'worse',
  S: 'susceptible',
  R: 'resistant',
  I: 'intermediate',
  POS: 'positive',
  NEG: 'negative',
  DET: 'detected',
  ND: 'not detected',
  // Not a device code: Readout's own import check (shared/domain/bloodPressure.ts).
  [IMPLAUSIBLE_FLAG]: 'implausible reading, flagged by Readout at import (not by the device); left out of averages',
}
const CRITICAL = new Set(['HH', 'LL', 'AA', 'HU', 'LU', '>', '<'])
const QUIET = new Set(['N', 'NEG', 'ND'])

export type FlagSeverity = 'none' | 'normal' | 'abnormal' | 'critical'

export function flagSeverity(flag: string | null | undefined): FlagSeverity {
  const f = flag?.trim().toUpperCase() ?? ''
  if (f === '') return 'none'
  if (QUIET.has(f)) return 'normal'
  return CRITICAL.has(f) ? 'critical' : 'abnormal'
}

export function FlagBadge({ flag }: { flag: string | null | undefined }) {
  const severity = flagSeverity(flag)
  if (severity === 'none' || flag == null) return <Text c="dimmed" size="sm">—</Text>
  const code = flag.trim()
  const meaning = MEANING[code.toUpperCase()] ?? 'flag as sent by the device'
  const color = severity === 'critical' ? 'red' : severity === 'abnormal' ? 'orange' : 'gray'
  return (
    <Tooltip label={code.toUpperCase() === IMPLAUSIBLE_FLAG ? `Import check ${code}: ${meaning}` : `Device flag ${code}: ${meaning}`}>
      <Badge color={color} variant={severity === 'normal' ? 'outline' : 'filled'} size="md" data-testid="device-flag" data-severity={severity}>
        {code}
      </Badge>
    </Tooltip>
  )
}
