// Header aliases for home blood-pressure CSVs in English, German, French, Spanish, Italian and Dutch.
import { normaliseHeader } from './table'

export type BpColumn = 'datetime' | 'date' | 'time' | 'systolic' | 'diastolic' | 'pulse'
export type Language = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl'

// Written in normaliseHeader form: lower case, no accents, no bracketed units.
const ALIASES: Record<BpColumn, Partial<Record<Language, readonly string[]>>> = {
  datetime: {
    en: ['date/time', 'datetime', 'date time', 'date and time', 'date & time', 'measurement time', 'timestamp', 'measured at'],
    de: ['datum/uhrzeit', 'datum uhrzeit', 'datum und uhrzeit', 'zeitpunkt', 'messzeitpunkt', 'datum/zeit'],
    fr: ['date/heure', 'date et heure', 'date heure', 'horodatage'],
    es: ['fecha/hora', 'fecha y hora', 'fecha hora'],
    it: ['data/ora', 'data e ora', 'data ora'],
    nl: ['datum/tijd', 'datum en tijd', 'datum tijd', 'tijdstip'],
  },
  date: {
    en: ['date', 'measurement date'],
    de: ['datum', 'messdatum'],
    fr: ['date de mesure'],
    es: ['fecha'],
    it: ['data'],
    nl: ['meetdatum'],
  },
  time: {
    en: ['time', 'measurement time of day'],
    de: ['uhrzeit', 'zeit', 'messzeit'],
    fr: ['heure'],
    es: ['hora'],
    it: ['ora', 'orario'],
    nl: ['tijd'],
  },
  systolic: {
    en: ['systolic', 'sys', 'systolic blood pressure', 'systolic pressure', 'sbp'],
    de: ['systolisch', 'systole', 'systolischer blutdruck', 'systolischer wert'],
    fr: ['systolique', 'pression systolique'],
    es: ['sistolica', 'sistolico', 'presion sistolica'],
    it: ['sistolica', 'pressione sistolica', 'massima'],
    nl: ['bovendruk', 'systolische bloeddruk'],
  },
  diastolic: {
    en: ['diastolic', 'dia', 'diastolic blood pressure', 'diastolic pressure', 'dbp'],
    de: ['diastolisch', 'diastole', 'diastolischer blutdruck', 'diastolischer wert'],
    fr: ['diastolique', 'pression diastolique'],
    es: ['diastolica', 'diastolico', 'presion diastolica'],
    it: ['diastolica', 'pressione diastolica', 'minima'],
    nl: ['onderdruk', 'diastolische bloeddruk'],
  },
  pulse: {
    en: ['pulse', 'pulse rate', 'heart rate', 'hr', 'pul', 'bpm'],
    de: ['puls', 'pulsfrequenz', 'herzfrequenz'],
    fr: ['pouls', 'frequence cardiaque'],
    es: ['pulso', 'frecuencia cardiaca', 'pulsaciones'],
    it: ['polso', 'battito', 'battiti', 'frequenza cardiaca'],
    nl: ['hartslag', 'pols'],
  },
}

// Words devices use whatever the language ('SYS', 'DIA', 'Date' in English and French) say
// nothing about it, so they never tip the day/month decision.
const LANGUAGE_NEUTRAL = new Set(['sys', 'dia', 'pul', 'bpm', 'hr', 'date', 'datetime', 'timestamp', 'date/time'])

const LOOKUP = new Map<string, { column: BpColumn; language: Language }[]>()
for (const [column, byLanguage] of Object.entries(ALIASES) as [BpColumn, Partial<Record<Language, readonly string[]>>][]) {
  for (const [language, names] of Object.entries(byLanguage) as [Language, readonly string[]][]) {
    for (const name of names) {
      const list = LOOKUP.get(name) ?? []
      list.push({ column, language })
      LOOKUP.set(name, list)
    }
  }
}

// Unit words that trail a header without brackets: "Systolic mmHg", "Puls 1/min".
const TRAILING_UNIT = /\s+(mmhg|mm hg|kpa|bpm|1\/min|\/min|schlage\/min|p\/min)$/

export interface HeaderMatch {
  column: BpColumn
  /** The header's language when only one language uses this word. */
  language?: Language
}

/** Which blood-pressure column a header names, if any. */
export function matchBpHeader(header: string): HeaderMatch | null {
  const name = normaliseHeader(header).replace(TRAILING_UNIT, '')
  const hits = LOOKUP.get(name)
  const first = hits?.[0]
  if (!hits || !first) return null
  const languages = new Set(hits.map((h) => h.language))
  const telling = languages.size === 1 && !LANGUAGE_NEUTRAL.has(name)
  return { column: first.column, ...(telling ? { language: first.language } : {}) }
}

export interface BpHeaderMap {
  columns: Partial<Record<BpColumn, number>>
  /** Languages the header words point to, most frequent first. */
  languages: Language[]
}

/** Maps a header row to column indexes; null unless it has a date (or date-time), systolic and diastolic. */
export function mapBpHeader(cells: readonly string[]): BpHeaderMap | null {
  const columns: Partial<Record<BpColumn, number>> = {}
  const languageCounts = new Map<Language, number>()
  cells.forEach((header, i) => {
    const match = matchBpHeader(header)
    if (!match || columns[match.column] !== undefined) return
    columns[match.column] = i
    if (match.language) languageCounts.set(match.language, (languageCounts.get(match.language) ?? 0) + 1)
  })
  const hasWhen = columns.datetime !== undefined || columns.date !== undefined
  if (!hasWhen || columns.systolic === undefined || columns.diastolic === undefined) return null
  const languages = [...languageCounts].sort((a, b) => b[1] - a[1]).map(([language]) => language)
  return { columns, languages }
}
