// Finds the header of a LibreView CSV or FreeStyle Libre reader TXT export in any language: by its structure, helped by a table of localised names.
import { glucoseUnitIn, type GlucoseUnit } from './cgm'
import { splitDateTime } from './dates'
import { cell, isSkippable, normaliseHeader, type CsvRow } from './table'

/**
 * Localised column names, written in normaliseHeader form (lower case, no accents, no bracketed unit).
 * English, German, Spanish and Italian are as seen in public LibreView exports and the tools that read them;
 * the reader's TXT export uses "ID, Time, Record Type, Historic Glucose (mg/dL)" and, in Spanish,
 * "ID, Hora, Tipo de registro, Histórico glucosa (mg/dL)". The other languages are LibreView's translations
 * as far as we could find them. Recognition never depends on a name alone: the layout (a record-type column
 * between the time stamp and the historic glucose column, whose header carries the unit) decides, and a
 * record-type column under an unknown name is recognised by its content.
 */
const RECORD_TYPE = new Set([
  'record type',
  'aufzeichnungstyp',
  'tipo de registro',
  'tipo di registrazione',
  'tipo registrazione',
  "type d'enregistrement",
  'type denregistrement',
  'type enregistrement',
  'registratietype',
  'type registratie',
  'soort registratie',
  'tipo de registo',
  'posttyp',
  'registreringstyp',
  'registreringstype',
  'oppforingstype',
  'tietueen tyyppi',
  'tietuetyyppi',
  'typ rekordu',
  'typ zapisu',
  'typ zaznamu',
])

const TIMESTAMP = new Set([
  'device timestamp',
  'time',
  'meter timestamp',
  'geratezeitstempel',
  'uhrzeit',
  'zeit',
  'sello de tiempo del dispositivo',
  'hora',
  'marca de tiempo del dispositivo',
  'timestamp del dispositivo',
  'ora',
  "horodatage de l'appareil",
  'horodatage',
  'heure',
  'tijdstempel apparaat',
  'tijdstempel van apparaat',
  'tijd',
  'carimbo de data/hora do dispositivo',
  'data/hora do dispositivo',
  'enhetens tidsstampel',
  'tid',
  'enhedens tidsstempel',
  'enhetens tidsstempel',
  'laitteen aikaleima',
  'aika',
  'znacznik czasu urzadzenia',
  'czas',
  'casove razitko zarizeni',
  'cas',
])

const HISTORIC_WORDS = ['historic', 'verlauf', 'historial', 'historico', 'storico', 'historique', 'historisch', 'historisk', 'historia', 'historie', 'glukoosihistoria']
const SCAN_WORDS = ['scan', 'escaneo', 'escaneada', 'scansione', 'scanne', 'leitura', 'skann', 'skan', 'sken']

export interface LibreColumns {
  device?: number
  serial?: number
  timestamp: number
  recordType: number
  historic: number
  scan?: number
  unit: GlucoseUnit
  /** The header cells as written, for error locations. */
  names: string[]
}

function hasWord(header: string, words: readonly string[]): boolean {
  const n = normaliseHeader(header)
  return words.some((w) => n.includes(w))
}

// Enough data rows to see the layout without reading a large file twice.
const CONTENT_SAMPLE = 50

/** Record types are single digits (0 historic, 1 scan, 2 strip …) and the time stamp beside them a date-time. */
function contentFits(rows: readonly CsvRow[], from: number, recordType: number): boolean {
  let seen = 0
  let readings = 0
  for (let i = from; i < rows.length && seen < CONTENT_SAMPLE; i++) {
    const row = rows[i]
    if (!row || isSkippable(row.cells)) continue
    const type = cell(row, recordType)
    if (!/^\d$/.test(type) || splitDateTime(cell(row, recordType - 1)) === null) return false
    if (type === '0' || type === '1') readings++
    seen++
  }
  return readings > 0
}

/** The columns when this row is a LibreView or reader header, else null. */
export function libreColumns(rows: readonly CsvRow[], index: number): LibreColumns | null {
  const names = (rows[index]?.cells ?? []).map((c) => c.trim())
  for (let r = 1; r + 1 < names.length; r++) {
    const unit = glucoseUnitIn(names[r + 1] ?? '')
    if (unit === null) continue
    const named = RECORD_TYPE.has(normaliseHeader(names[r] ?? '')) && (TIMESTAMP.has(normaliseHeader(names[r - 1] ?? '')) || hasWord(names[r + 1] ?? '', HISTORIC_WORDS))
    if (!named && !contentFits(rows, index + 1, r)) continue
    const scanHeader = names[r + 2] ?? ''
    const scan = glucoseUnitIn(scanHeader) === unit && (hasWord(scanHeader, SCAN_WORDS) || !hasWord(scanHeader, HISTORIC_WORDS)) ? r + 2 : undefined
    // LibreView: Device, Serial Number, Device Timestamp, Record Type …; the reader: ID, Time, Record Type …
    const columns: LibreColumns = { timestamp: r - 1, recordType: r, historic: r + 1, unit, names }
    if (scan !== undefined) columns.scan = scan
    if (r >= 3) {
      columns.device = r - 3
      columns.serial = r - 2
    }
    return columns
  }
  return null
}

export const HEADER_SEARCH_ROWS = 20

export function findLibreHeader(rows: readonly CsvRow[]): { index: number; columns: LibreColumns } | null {
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const columns = libreColumns(rows, i)
    if (columns) return { index: i, columns }
  }
  return null
}

const DATE_IN_TEXT = /\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}/

/**
 * The patient's name from the lines above the header. A line of one cell with no date is the patient
 * line (the reader's export, and clinic exports, put the patient there). Otherwise the title line:
 * "Glucose Data, Generated on, <date>, Generated by, <name>" in any language: the cell after the one
 * following the date; or the English one-cell form "Generated on … by <name>".
 */
export function nameAboveHeader(titleRows: readonly CsvRow[]): string | undefined {
  for (let i = titleRows.length - 1; i >= 0; i--) {
    const filled = (titleRows[i]?.cells ?? []).map((c) => c.trim()).filter(Boolean)
    const only = filled[0]
    if (filled.length === 1 && only !== undefined && !DATE_IN_TEXT.test(only) && !/generated on/i.test(only)) return only
  }
  for (const row of titleRows) {
    const cells = row.cells.map((c) => c.trim())
    const dateAt = cells.findIndex((c, i) => i > 0 && DATE_IN_TEXT.test(c) && splitDateTime(c.replace(/\s*UTC$/i, '')) !== null)
    if (dateAt > 0 && cells.length > dateAt + 2) {
      const name = cells.slice(dateAt + 2).find((c) => c !== '')
      if (name) return name
    }
    const m = /Generated on\b.*?\bby:?\s+(.+)$/i.exec(cells.filter(Boolean).join(' '))
    if (m?.[1]) return m[1].trim()
  }
  return undefined
}
