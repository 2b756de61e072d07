// Builds HL7 v2 acknowledgements (ACK^R01) for the MLLP listener, even for messages that did not parse.
import { randomBytes } from 'node:crypto'
import { STANDARD_DELIMITERS, type Hl7Delimiters } from './delimiters'
import { escapeHl7, unescapeHl7 } from './escape'
import { looseFieldText, readMshLoosely, type LooseMsh } from './header'
import type { Hl7Message } from './message'

export type AckCode = 'AA' | 'AE' | 'AR'

export interface AckOptions {
  /** MSH-10 of the ACK; a random id by default. */
  controlId?: string
  /** MSH-7 of the ACK; now by default. */
  now?: Date
}

/** Re-encodes a field from the original's delimiters into ours, so odd delimiters cannot corrupt the ACK. */
function reencode(raw: string, from: Hl7Delimiters): string {
  const to = STANDARD_DELIMITERS
  const split = (text: string, sep: string) => (sep === '' ? [text] : text.split(sep))
  return split(raw, from.repetition)
    .map((rep) =>
      split(rep, from.component)
        .map((comp) =>
          split(comp, from.subcomponent)
            .map((sub) => escapeHl7(unescapeHl7(sub, from), to))
            .join(to.subcomponent),
        )
        .join(to.component),
    )
    .join(to.repetition)
}

function hl7Now(now: Date): string {
  const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0')
  const offsetMin = -now.getTimezoneOffset()
  const sign = offsetMin < 0 ? '-' : '+'
  return (
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}` +
    `${sign}${pad(Math.floor(Math.abs(offsetMin) / 60))}${pad(Math.abs(offsetMin) % 60)}`
  )
}

function mshOf(original: string | Hl7Message | LooseMsh): LooseMsh | undefined {
  if (typeof original === 'string') return readMshLoosely(original)
  if ('segments' in original) {
    const msh = original.segments[0]
    return msh === undefined || msh.id !== 'MSH' ? undefined : { fields: msh.fields, delimiters: original.delimiters }
  }
  return original
}

// Table 0357 codes: 200 unsupported message type, 207 application internal error.
const ERROR_CODE: Readonly<Record<Exclude<AckCode, 'AA'>, string>> = {
  AE: '207^Application internal error^HL70357',
  AR: '200^Unsupported message type^HL70357',
}

/**
 * ACK for a received message: sender and receiver swapped, MSA echoing the original MSH-10.
 * Works from whatever MSH could be read: with none, the identity fields and MSA-2 are empty.
 * Segments end with CR, as MLLP peers expect.
 */
export function buildAck(original: string | Hl7Message | LooseMsh, code: AckCode, reason?: string, options: AckOptions = {}): string {
  const msh = mshOf(original)
  const d = STANDARD_DELIMITERS
  const raw = (n: number) => (msh === undefined ? '' : reencode(msh.fields[n] ?? '', msh.delimiters))
  const version = msh === undefined ? '' : looseFieldText(msh, 12).trim()
  const processing = msh === undefined ? '' : looseFieldText(msh, 11).trim()
  const originalId = msh === undefined ? '' : looseFieldText(msh, 10)
  const controlId = options.controlId ?? randomBytes(8).toString('hex').toUpperCase()
  const mshOut = [
    'MSH',
    `${d.component}${d.repetition}${d.escape}${d.subcomponent}`,
    raw(5),
    raw(6),
    raw(3),
    raw(4),
    hl7Now(options.now ?? new Date()),
    '',
    `ACK${d.component}R01${d.component}ACK`,
    escapeHl7(controlId, d),
    /^[DPT]$/.test(processing) ? processing : 'P',
    /^2\.\d+(\.\d+)?$/.test(version) ? version : '2.5.1',
  ].join(d.field)
  const text = reason === undefined ? '' : escapeHl7(reason, d)
  // MSA-3 is an 80-character ST; the full reason goes to ERR-8.
  const msa = ['MSA', code, escapeHl7(originalId, d), escapeHl7((reason ?? '').slice(0, 80), d)].join(d.field).replace(/\|+$/, '')
  const segments = [mshOut, msa]
  if (code !== 'AA' && reason !== undefined) segments.push(['ERR', '', '', ERROR_CODE[code], 'E', '', '', '', text].join(d.field))
  return segments.join('\r') + '\r'
}
