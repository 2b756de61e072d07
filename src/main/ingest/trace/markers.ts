// Reads one line of a serial-port or socket monitor's capture: strips the monitor's own prefix (timestamp, direction)
// and turns the control characters it wrote as text ([STX], <CR>, {ETX}, <0x02>, \x0b, ^B) back into bytes.

/** ASCII control characters by the names monitors and protocol documents print; SB/EB are MLLP's start/end block. */
const CONTROL_NAMES: Readonly<Record<string, number>> = {
  NUL: 0x00, SOH: 0x01, STX: 0x02, ETX: 0x03, EOT: 0x04, ENQ: 0x05, ACK: 0x06, BEL: 0x07, BS: 0x08, HT: 0x09, TAB: 0x09,
  LF: 0x0a, VT: 0x0b, FF: 0x0c, CR: 0x0d, SO: 0x0e, SI: 0x0f, DLE: 0x10, DC1: 0x11, DC2: 0x12, DC3: 0x13, DC4: 0x14,
  NAK: 0x15, SYN: 0x16, ETB: 0x17, CAN: 0x18, EM: 0x19, SUB: 0x1a, ESC: 0x1b, FS: 0x1c, GS: 0x1d, RS: 0x1e, US: 0x1f,
  SB: 0x0b, EB: 0x1c,
}

const NAMES = Object.keys(CONTROL_NAMES).sort((a, b) => b.length - a.length).join('|')

/**
 * Bracketed names and hex codes: [STX] <STX> {STX} (any case), <0x02> [0x02] {0x02}, <02h> [02h]; escapes \x02, \r, \n.
 * Bare hex in brackets ([02]) is not read: in record text it is too easily data.
 */
const TOKEN = new RegExp(`([[<{])(${NAMES}|0x[0-9a-f]{2}|[0-9a-f]{2}h)([\\]>}])|\\\\(x)([0-9a-f]{2})|\\\\([rn])`, 'gi')
const CLOSING: Readonly<Record<string, string>> = { '[': ']', '<': '>', '{': '}' }

/** Caret notation (^B = STX) for the controls these protocols use; ^^ or ^M inside record text is data. */
const CARET: Readonly<Record<string, number>> = { B: 0x02, C: 0x03, D: 0x04, E: 0x05, F: 0x06, J: 0x0a, K: 0x0b, M: 0x0d, U: 0x15, W: 0x17, '\\': 0x1c }

/** HL7 segment ids a caret-notation capture may run together on one line after ^M. */
const HL7_SEGMENT_AFTER_CR = /\^M(?=(?:MSH|PID|PD1|NK1|PV1|PV2|ORC|OBR|OBX|NTE|TQ1|TQ2|SPM|SAC|CTI|FT1|DG1|AL1|IN1|GT1|MSA|ERR|EVN|Z[A-Z0-9]{2})\|)/g

function controlOf(inner: string): number | undefined {
  const upper = inner.toUpperCase()
  if (upper in CONTROL_NAMES) return CONTROL_NAMES[upper]
  const hex = /^0X([0-9A-F]{2})$/.exec(upper)?.[1] ?? /^([0-9A-F]{2})H$/.exec(upper)?.[1]
  if (hex === undefined) return undefined
  const code = parseInt(hex, 16)
  return code < 0x20 || code === 0x7f ? code : undefined
}

export interface DecodedLine {
  /** The line's data as Latin-1 characters (one per byte), control characters restored. */
  text: string
  /** How many markers were read. */
  markers: number
}

/** Bracket, hex and escape markers anywhere in the line. */
export function decodeMarkers(line: string): DecodedLine {
  let markers = 0
  const text = line.replace(TOKEN, (whole, open: string | undefined, inner: string | undefined, close: string | undefined, x: string | undefined, hex: string | undefined, esc: string | undefined) => {
    let code: number | undefined
    if (open !== undefined && inner !== undefined && close === CLOSING[open]) code = controlOf(inner)
    // Escapes are lower case only: \X0D\, \R\ and \N\ are HL7's own escape sequences, data.
    else if (x === 'x' && hex !== undefined) code = controlOf(`0x${hex}`)
    else if (esc === 'r' || esc === 'n') code = esc === 'r' ? 0x0d : 0x0a
    if (code === undefined) return whole
    markers++
    return String.fromCharCode(code)
  })
  return { text, markers }
}

/**
 * Caret notation, where ^ is also the component delimiter of both protocols: read only where a control can stand:
 * a run at the start of the line (^E, ^B1H|…, ^KMSH|…), an ASTM frame end (^M^C 3A ^M^J) or an MLLP block end
 * (^\^M) at its end, ^M at the end, and ^M before an HL7 segment id.
 */
export function decodeCaret(line: string): DecodedLine {
  let markers = 0
  let head = ''
  let i = 0
  while (line[i] === '^' && line[i + 1] !== undefined && line[i + 1]! in CARET) {
    head += String.fromCharCode(CARET[line[i + 1]!]!)
    markers++
    i += 2
  }
  let body = line.slice(i)
  let tail = ''
  const frameEnd = /(\^M)?\^([CW])([0-9A-Fa-f]{2})?((?:\^M)?(?:\^J)?)$/.exec(body)
  const blockEnd = /\^\\((?:\^M)*)$/.exec(body)
  const caretRun = (s: string) => s.replace(/\^([MJ])/g, (_, c: string) => (markers++, String.fromCharCode(CARET[c]!)))
  if (frameEnd) {
    tail = caretRun(frameEnd[1] ?? '') + String.fromCharCode(frameEnd[2] === 'C' ? 0x03 : 0x17) + (frameEnd[3] ?? '') + caretRun(frameEnd[4] ?? '')
    markers++
    body = body.slice(0, frameEnd.index)
  } else if (blockEnd) {
    tail = '\x1c' + caretRun(blockEnd[1] ?? '')
    markers++
    body = body.slice(0, blockEnd.index)
  }
  if (!frameEnd) {
    // The last segment's CR (before the block end, or at the end of the line).
    const crs = /(\^M)+$/.exec(body)
    if (crs) {
      tail = caretRun(crs[0]) + tail
      body = body.slice(0, crs.index)
    }
  }
  body = body.replace(HL7_SEGMENT_AFTER_CR, () => (markers++, '\r'))
  return { text: head + body + tail, markers }
}

/** A frame or block opening in any marker style: STX + frame number + H record, or VT + MSH. */
export const OPENING_MARKER = new RegExp(
  `(?:[[<{](?:STX|0x02|02h)[\\]>}]|\\\\x02)[0-7]H\\W|(?:[[<{](?:VT|SB|0x0b|0bh)[\\]>}]|\\\\x0b)MSH\\W`,
  'i',
)
/** The same in caret notation, at the start of a line's data. */
export const OPENING_CARET = /^(?:\^[EFD])*(?:\^B[0-7]H\W|\^KMSH\W)/
/** A de-framed record or segment whose line shows its CR or LF as a marker. */
export const RECORD_WITH_MARKER = /^(?:MSH|H)[|][^\r\n]*(?:[[<{](?:[Cc][Rr]|[Ll][Ff]|0[xX]0[dDaA]|0[dDaA][hH])[\]>}]|\\x0[dD]|\\r)/

const PREFIXES: readonly RegExp[] = [
  // 2024-03-01 10:15:02.123, 2024/03/01T10:15:02,5+01:00, [2024-03-01 10:15:02]
  /^\[?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?/,
  // 01.03.2024 10:15:02, 03/01/24 10:15:02.1
  /^\[?\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]?/,
  // 10:15:02.123, [10:15:02]
  /^\[?\d{1,2}:\d{2}:\d{2}(?:[.,:]\d+)?\]?/,
  // (12.345) or 12.345 s since the capture started; #12 or 0012: a line counter
  /^\(\s*\d+(?:[.,]\d+)?\s*s?\)/,
  /^\d+[.,]\d+(?:\s*s)?(?=\s)/,
  /^#?\d+:?(?=\s)/,
  // -> <- --> <-- => >> << and a lone < or > before a blank
  /^(?:-{1,3}>|<-{1,3}|=>|<=|>>|<<|[<>])(?=\s|$)/,
  // [TX] (RX) TX: RX> Host-> LIS: S: R: and bare TX / RX / IN / OUT / SEND / RECV words before a blank
  /^[[(](?:tx|rx|in|out|send|sent|recv|rcvd|received|read|write|written|host|lis|instrument|analy[sz]er|device|client|server|com\d+)[\])]:?/i,
  /^(?:tx|rx|in|out|send|sent|recv|rcvd|received|read|write|written|host|lis|instrument|analy[sz]er|device|client|server|com\d+|[SRHI])\s*(?:->|<-|>|:)/i,
  /^(?:tx|rx|in|out|send|sent|recv|rcvd|received|read|write|written)(?=\s)/i,
]

/** The line without the monitor's timestamps, counters and direction marks in front of the data. */
export function stripPrefix(line: string): string {
  let rest = line.trimStart()
  for (let changed = true; changed; ) {
    changed = false
    for (const p of PREFIXES) {
      const m = p.exec(rest)
      if (m && m[0].length > 0) {
        rest = rest.slice(m[0].length).replace(/^[\s:]+/, '')
        changed = true
      }
    }
  }
  return rest
}
