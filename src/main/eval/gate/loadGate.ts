// Loads a release gate file (YAML, or JSON as YAML): validates it, points every problem at its line, versions it by content.
import { createHash } from 'node:crypto'
import { LineCounter, parseDocument, type Document } from 'yaml'
import type { z } from 'zod'
import { GateFileSchema, type GateFile } from './gateSchema'
import { describeYamlPath, locateYamlPath, type YamlPath } from '../../yaml/location'

export interface Gate extends GateFile {
  /** revision + "+" + the first 12 hex digits of the text's SHA-256: any edit changes it. */
  gateVersion: string
}

export interface GateFileError {
  /** 1-based. */
  line: number
  column: number
  message: string
}

export type LoadGateResult = { ok: true; gate: Gate } | { ok: false; errors: GateFileError[] }

// A gate is a short hand-written document.
const MAX_TEXT_LENGTH = 200_000


function fromZod(doc: Document, lines: LineCounter, issue: z.core.$ZodIssue): GateFileError {
  let path: YamlPath = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
  let message = issue.message
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    path = [...path, issue.keys[0]]
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`
  } else if (path.length > 0 && !doc.hasIn(path)) {
    message = 'required field missing'
  }
  return { ...locateYamlPath(doc, lines, path), message: path.length > 0 ? `${describeYamlPath(path)}: ${message}` : message }
}

export function gateVersionOf(revision: string, text: string): string {
  return `${revision}+${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12)}`
}

/** Parses and validates a gate file; an invalid file is refused whole, each problem with its line and field. */
export function loadGate(text: string): LoadGateResult {
  if (text.length > MAX_TEXT_LENGTH) return { ok: false, errors: [{ line: 1, column: 1, message: 'gate file is larger than 200 kB' }] }
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1, message: `YAML: ${e.message.split('\n')[0] ?? e.code}` })) }
  }
  let raw: unknown
  try {
    raw = doc.toJS({ maxAliasCount: 100 })
  } catch (err) {
    return { ok: false, errors: [{ line: 1, column: 1, message: `YAML: ${err instanceof Error ? err.message : String(err)}` }] }
  }
  const parsed = GateFileSchema.safeParse(raw)
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => fromZod(doc, lines, i)).sort((a, b) => a.line - b.line || a.column - b.column)
    return { ok: false, errors }
  }
  const seen = new Map<string, number>()
  const errors: GateFileError[] = []
  parsed.data.criteria.forEach((c, i) => {
    const first = seen.get(c.id)
    if (first !== undefined) errors.push({ ...locateYamlPath(doc, lines, ['criteria', i, 'id']), message: `criteria[${i}].id: "${c.id}" is already the id of criteria[${first}]` })
    else seen.set(c.id, i)
  })
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, gate: { ...parsed.data, gateVersion: gateVersionOf(parsed.data.revision, text) } }
}

/** "line 12, column 5: criteria[1].metric: …" lines, for the CLI and the UI. */
export function formatGateErrors(errors: readonly GateFileError[], file = 'gate file'): string {
  return errors.map((e) => `${file}:${e.line}:${e.column}: ${e.message}`).join('\n')
}
