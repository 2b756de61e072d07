// HL7 result-status codes (OBX-11, table 0085; OBR-25, table 0123) → normalised observation status.
import type { ObservationStatus } from '../../../shared/domain/report'

const OBX_STATUS: Readonly<Record<string, ObservationStatus>> = {
  F: 'final',
  U: 'final', // "changes status to final without retransmitting results"
  C: 'corrected',
  P: 'preliminary',
  R: 'preliminary', // entered, not verified
  S: 'preliminary', // partial
  X: 'cancelled', // cannot be obtained
  N: 'cancelled', // not asked
  W: 'entered-in-error', // wrong, replaces a previous result
  D: 'entered-in-error', // deletes the OBX record
  I: 'pending', // specimen in lab, results pending
  O: 'pending', // order detail only, no result
}

const OBR_STATUS: Readonly<Record<string, ObservationStatus>> = {
  F: 'final',
  C: 'corrected',
  X: 'cancelled',
  P: 'preliminary',
  R: 'preliminary',
  A: 'preliminary', // some, not all, results available
  I: 'pending',
  O: 'pending',
  S: 'pending',
}

export function observationStatusFromObx11(code: string): ObservationStatus | undefined {
  return OBX_STATUS[code.trim().toUpperCase()]
}

export function observationStatusFromObr25(code: string): ObservationStatus | undefined {
  return OBR_STATUS[code.trim().toUpperCase()]
}
