// Reads a draft while it streams in: a tolerant parser for a JSON prefix, narrowed to the fields of a draft filled so far.
import { DRAFT_SEVERITIES, type DraftSeverity } from '../../../../shared/domain/interpretation'

export type PartialJson = string | number | boolean | null | PartialJson[] | { [key: string]: PartialJson }

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

// Thrown when the text is not a JSON prefix at all; the caller then shows only the raw text.
class NotJson extends Error {}

/** Stops at the end of input: everything read so far is kept, an unfinished literal or key is left out. */
class PrefixParser {
  private i = 0
  constructor(private readonly s: string) {}

  private get done(): boolean {
    return this.i >= this.s.length
  }

  private skipSpace(): void {
    while (!this.done && /\s/.test(this.s.charAt(this.i))) this.i++
  }

  /** A value, or undefined when the input ends before any of it could be read. */
  value(): PartialJson | undefined {
    this.skipSpace()
    if (this.done) return undefined
    const c = this.s.charAt(this.i)
    if (c === '{') return this.object()
    if (c === '[') return this.array()
    if (c === '"') return this.string().text
    return this.literal()
  }

  private object(): { [key: string]: PartialJson } {
    const out: { [key: string]: PartialJson } = {}
    this.i++ // {
    for (;;) {
      this.skipSpace()
      if (this.done) return out
      if (this.s.charAt(this.i) === '}') {
        this.i++
        return out
      }
      if (this.s.charAt(this.i) === ',') {
        this.i++
        continue
      }
      if (this.s.charAt(this.i) !== '"') throw new NotJson()
      const key = this.string()
      // A key cut off mid-way names nothing yet.
      if (!key.closed) return out
      this.skipSpace()
      if (this.done) return out
      if (this.s.charAt(this.i) !== ':') throw new NotJson()
      this.i++
      const v = this.value()
      if (v === undefined) return out
      out[key.text] = v
    }
  }

  private array(): PartialJson[] {
    const out: PartialJson[] = []
    this.i++ // [
    for (;;) {
      this.skipSpace()
      if (this.done) return out
      if (this.s.charAt(this.i) === ']') {
        this.i++
        return out
      }
      if (this.s.charAt(this.i) === ',') {
        this.i++
        continue
      }
      const v = this.value()
      if (v === undefined) return out
      out.push(v)
    }
  }

  /** The string so far, and whether its closing quote came; an escape cut off at the end is dropped. */
  private string(): { text: string; closed: boolean } {
    this.i++ // opening quote
    let out = ''
    while (!this.done) {
      const c = this.s.charAt(this.i)
      if (c === '"') {
        this.i++
        return { text: out, closed: true }
      }
      if (c !== '\\') {
        out += c
        this.i++
        continue
      }
      const e = this.s[this.i + 1]
      if (e === undefined) {
        this.i = this.s.length
        return { text: out, closed: false }
      }
      if (e === 'u') {
        const hex = this.s.slice(this.i + 2, this.i + 6)
        if (hex.length < 4) {
          this.i = this.s.length
          return { text: out, closed: false }
        }
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new NotJson()
        out += String.fromCharCode(parseInt(hex, 16))
        this.i += 6
        continue
      }
      const decoded = ESCAPES[e]
      if (decoded === undefined) throw new NotJson()
      out += decoded
      this.i += 2
    }
    return { text: out, closed: false }
  }

  /** true, false, null or a number; undefined while it is still being written. */
  private literal(): PartialJson | undefined {
    const m = /^[-+0-9.eEtruefalsn]+/.exec(this.s.slice(this.i))
    if (!m) throw new NotJson()
    const word = m[0]
    this.i += word.length
    // A literal that reaches the end of the input may still grow ("nu" → "null", "4" → "42").
    if (this.done) return undefined
    if (word === 'true') return true
    if (word === 'false') return false
    if (word === 'null') return null
    const n = Number(word)
    if (Number.isNaN(n)) throw new NotJson()
    return n
  }
}

/** What a prefix of a JSON text holds so far; undefined when it is not the start of JSON. */
export function parsePartialJson(text: string): PartialJson | undefined {
  try {
    return new PrefixParser(text).value()
  } catch (err) {
    if (err instanceof NotJson) return undefined
    throw err
  }
}

export interface PartialDraftFinding {
  statement?: string
  severity?: DraftSeverity
  evidence: string[]
  recommendation?: string | null
}

/** The fields of a draft written so far; a missing field has not started yet. */
export interface PartialDraft {
  summary?: string
  findings: PartialDraftFinding[]
  overall_severity?: DraftSeverity
  comparison_with_prior?: string | null
  limitations?: string
}

type JsonObject = { [key: string]: PartialJson }

function isObject(v: PartialJson | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const text = (v: PartialJson | undefined): string | undefined => (typeof v === 'string' ? v : undefined)
const textOrNull = (v: PartialJson | undefined): string | null | undefined => (v === null ? null : text(v))
// No severity is a prefix of another, so a half-written one never matches.
const severity = (v: PartialJson | undefined): DraftSeverity | undefined => DRAFT_SEVERITIES.find((s) => s === v)

function finding(v: PartialJson): PartialDraftFinding | undefined {
  if (!isObject(v)) return undefined
  const evidence = Array.isArray(v.evidence) ? v.evidence.filter((e): e is string => typeof e === 'string') : []
  return { statement: text(v.statement), severity: severity(v.severity), evidence, recommendation: textOrNull(v.recommendation) }
}

/** The draft as far as the streamed text goes; null when the text is not (the start of) a JSON object. */
export function partialDraft(streamed: string): PartialDraft | null {
  const v = parsePartialJson(streamed)
  if (!isObject(v)) return null
  const findings = Array.isArray(v.findings) ? v.findings.map(finding).filter((f): f is PartialDraftFinding => f !== undefined) : []
  return {
    summary: text(v.summary),
    findings,
    overall_severity: severity(v.overall_severity),
    comparison_with_prior: textOrNull(v.comparison_with_prior),
    limitations: text(v.limitations),
  }
}
