// Header aliases for home blood-pressure tables: many languages, app column names (sys_mmhg, heart_rate) and abbreviations.
import { normaliseHeader } from './table'

export type BpColumn = 'datetime' | 'date' | 'time' | 'systolic' | 'diastolic' | 'pulse'
export type Language = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pt' | 'sv' | 'da' | 'no' | 'fi' | 'pl' | 'cs'

// Written in normaliseHeader form: lower case, no accents, no bracketed units.
const ALIASES: Record<BpColumn, Partial<Record<Language, readonly string[]>>> = {
  datetime: {
    en: ['date/time', 'datetime', 'date time', 'date and time', 'date & time', 'measurement time', 'timestamp', 'measured at', 'time stamp', 'created at', 'recorded at', 'measured', 'epoch', 'unix time'],
    de: ['datum/uhrzeit', 'datum uhrzeit', 'datum und uhrzeit', 'zeitpunkt', 'messzeitpunkt', 'datum/zeit'],
    fr: ['date/heure', 'date et heure', 'date heure', 'horodatage'],
    es: ['fecha/hora', 'fecha y hora', 'fecha hora'],
    it: ['data/ora', 'data e ora', 'data ora'],
    nl: ['datum/tijd', 'datum en tijd', 'datum tijd', 'tijdstip'],
    pt: ['data/hora', 'data e hora'],
    sv: ['datum/tid', 'datum och tid', 'tidpunkt'],
    da: ['dato/tid', 'dato og tid', 'tidspunkt'],
    no: ['dato og tid', 'dato/tid'],
    fi: ['paivamaara ja aika', 'aikaleima'],
    pl: ['data i godzina', 'data/godzina'],
    cs: ['datum a cas', 'datum/cas'],
  },
  date: {
    en: ['date', 'measurement date'],
    de: ['datum', 'messdatum'],
    fr: ['date de mesure'],
    es: ['fecha'],
    it: ['data'],
    nl: ['meetdatum'],
    da: ['dato'],
    fi: ['paivamaara', 'pvm'],
  },
  time: {
    en: ['time', 'measurement time of day'],
    de: ['uhrzeit', 'zeit', 'messzeit'],
    fr: ['heure'],
    es: ['hora'],
    it: ['ora', 'orario'],
    nl: ['tijd'],
    pt: ['hora'],
    sv: ['tid', 'klockslag'],
    fi: ['aika', 'kellonaika'],
    pl: ['godzina', 'czas'],
    cs: ['cas'],
  },
  systolic: {
    en: ['systolic', 'sys', 'systolic blood pressure', 'systolic pressure', 'sbp', 'systolic bp', 'sys bp', 'bp sys', 'bp systolic', 'systole', 'sys pressure'],
    de: ['systolisch', 'systole', 'systolischer blutdruck', 'systolischer wert'],
    fr: ['systolique', 'pression systolique'],
    es: ['sistolica', 'sistolico', 'presion sistolica'],
    it: ['sistolica', 'pressione sistolica', 'massima'],
    nl: ['bovendruk', 'systolische bloeddruk', 'systolisch'],
    pt: ['sistolica', 'pressao sistolica', 'sistole'],
    sv: ['systoliskt', 'systoliskt blodtryck', 'overtryck'],
    da: ['systolisk', 'systolisk blodtryk'],
    no: ['systolisk', 'overtrykk', 'systolisk blodtrykk'],
    fi: ['systolinen', 'ylapaine'],
    pl: ['skurczowe', 'cisnienie skurczowe'],
    cs: ['systolicky', 'systolicky tlak'],
  },
  diastolic: {
    en: ['diastolic', 'dia', 'diastolic blood pressure', 'diastolic pressure', 'dbp', 'diastolic bp', 'dia bp', 'bp dia', 'bp diastolic', 'diastole', 'dia pressure'],
    de: ['diastolisch', 'diastole', 'diastolischer blutdruck', 'diastolischer wert'],
    fr: ['diastolique', 'pression diastolique'],
    es: ['diastolica', 'diastolico', 'presion diastolica'],
    it: ['diastolica', 'pressione diastolica', 'minima'],
    nl: ['onderdruk', 'diastolische bloeddruk', 'diastolisch'],
    pt: ['diastolica', 'pressao diastolica', 'diastole'],
    sv: ['diastoliskt', 'diastoliskt blodtryck', 'undertryck'],
    da: ['diastolisk', 'diastolisk blodtryk'],
    no: ['diastolisk', 'undertrykk', 'diastolisk blodtrykk'],
    fi: ['diastolinen', 'alapaine'],
    pl: ['rozkurczowe', 'cisnienie rozkurczowe'],
    cs: ['diastolicky', 'diastolicky tlak'],
  },
  pulse: {
    en: ['pulse', 'pulse rate', 'heart rate', 'hr', 'pul', 'bpm', 'heartrate', 'pulse bpm', 'heart rate bpm'],
    de: ['puls', 'pulsfrequenz', 'herzfrequenz'],
    fr: ['pouls', 'frequence cardiaque'],
    es: ['pulso', 'frecuencia cardiaca', 'pulsaciones'],
    it: ['polso', 'battito', 'battiti', 'frequenza cardiaca'],
    nl: ['hartslag', 'pols'],
    pt: ['pulsacao', 'frequencia cardiaca'],
    sv: ['puls', 'hjartfrekvens'],
    da: ['puls', 'hjertefrekvens'],
    no: ['puls', 'hjertefrekvens'],
    fi: ['pulssi', 'syke'],
    pl: ['tetno', 'puls'],
    cs: ['tep', 'puls', 'tepova frekvence'],
  },
}

// Words devices use whatever the language ('SYS', 'DIA', 'Date' in English and French) say
// nothing about it, so they never tip the day/month decision.
const LANGUAGE_NEUTRAL = new Set(['sys', 'dia', 'pul', 'bpm', 'hr', 'date', 'datetime', 'timestamp', 'date/time', 'epoch'])

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
const TRAILING_UNIT = /\s+(mmhg|mm hg|kpa|bpm|1\/min|\/min|schlage\/min|p\/min|ms|s|sec|seconds|millis|utc)$/

export interface HeaderMatch {
  column: BpColumn
  /** The header's language when only one language uses this word. */
  language?: Language
  /** True when only non-English languages use this word ("Puls": de, sv, da, no, pl, cs). */
  nonEnglish?: true
}

/** Which blood-pressure column a header names, if any. */
export function matchBpHeader(header: string): HeaderMatch | null {
  const name = normaliseHeader(header).replace(TRAILING_UNIT, '')
  const hits = LOOKUP.get(name)
  const first = hits?.[0]
  if (!hits || !first) return null
  const languages = new Set(hits.map((h) => h.language))
  const neutral = LANGUAGE_NEUTRAL.has(name)
  const telling = languages.size === 1 && !neutral
  const nonEnglish = !neutral && !telling && !languages.has('en')
  return { column: first.column, ...(telling ? { language: first.language } : {}), ...(nonEnglish ? { nonEnglish: true as const } : {}) }
}

export interface BpHeaderMap {
  columns: Partial<Record<BpColumn, number>>
  /** Languages the header words point to, most frequent first. */
  languages: Language[]
  /** Some header word is used only outside English (so dates are day first), though its language may be unclear. */
  nonEnglish: boolean
}

/**
 * Maps a header row to column indexes; null unless it names both a systolic and a diastolic column: that
 * pair is what makes a table a blood-pressure table. The time column may be missing here; the parser
 * then looks for it in the data.
 */
export function mapBpHeader(cells: readonly string[]): BpHeaderMap | null {
  const columns: Partial<Record<BpColumn, number>> = {}
  const languageCounts = new Map<Language, number>()
  let nonEnglish = false
  cells.forEach((header, i) => {
    const match = matchBpHeader(header)
    if (!match || columns[match.column] !== undefined) return
    columns[match.column] = i
    if (match.nonEnglish) nonEnglish = true
    if (match.language) languageCounts.set(match.language, (languageCounts.get(match.language) ?? 0) + 1)
  })
  if (columns.systolic === undefined || columns.diastolic === undefined) return null
  const languages = [...languageCounts].sort((a, b) => b[1] - a[1]).map(([language]) => language)
  return { columns, languages, nonEnglish: nonEnglish || languages.some((l) => l !== 'en') }
}
