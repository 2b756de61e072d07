// The residual scan: re-reads the finished files and stops at the first identifier left, naming the row and category.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ExportFormat } from '../formats'
import type { Split } from '../hygiene/split'
import { LineReader } from '../io'
import type { DeidCategory } from './categories'
import { sharedTexts, type IdentifierMatcher } from './scrub'

/** Every string value of a parsed JSON line (keys are ours, not data), joined by newlines. */
export function stringValues(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const v of value) stringValues(v, out)
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) stringValues(v, out)
  return out
}

export interface ResidualFinding {
  rowId: string
  file: string
  category: DeidCategory
}

/** What a metadata line tells the scan: the row, its split, its patient, and its line in each format's file. */
export interface MetadataLine {
  row_id: string
  split: Split
  patient: string
  lines: Partial<Record<ExportFormat, number>>
}

/**
 * Checks one line's string values with the row's matcher; the category found, or null. `seen` holds the values already
 * checked for this row (the formats repeat the same prompt and targets), so each distinct value is scanned once.
 */
export function scanLine(line: string, matcher: IdentifierMatcher, seen: Set<string> = new Set()): DeidCategory | null {
  const fresh = stringValues(JSON.parse(line) as unknown).filter((v) => !seen.has(v))
  for (const v of fresh) seen.add(v)
  // The shared instruction block (in the system message and inside the rendered text) is checked against a cached
  // generic answer plus this patient's identifiers, then cut out of the values, so it is not scanned again per row.
  const texts = fresh.slice()
  for (const block of sharedTexts()) {
    if (!texts.some((t) => t.includes(block))) continue
    const found = matcher.findShared(block)
    if (found) return found.category
    for (let i = 0; i < texts.length; i++) texts[i] = (texts[i] ?? '').split(block).join('\n')
  }
  const short = texts.filter((t) => t.trim() !== '')
  return short.length === 0 ? null : (matcher.find(short.join('\n'))?.category ?? null)
}

/** The matcher of the last few patients: a row's lines, and an item's rows, come one after another. */
function cached(make: (pseudonym: string) => IdentifierMatcher): (pseudonym: string) => IdentifierMatcher {
  const cache = new Map<string, IdentifierMatcher>()
  return (pseudonym) => {
    let m = cache.get(pseudonym)
    if (m) return m
    m = make(pseudonym)
    if (cache.size >= 64) cache.delete(cache.keys().next().value as string)
    cache.set(pseudonym, m)
    return m
  }
}

/**
 * Walks metadata.jsonl and every format's split files in step (the files hold the rows in metadata order), checking each
 * line against its own patient's identifiers and the generic patterns. Returns the first finding, or null, and how many
 * lines it read.
 */
export function residualScan(
  dir: string,
  formats: readonly ExportFormat[],
  matcherFor: (pseudonym: string) => IdentifierMatcher,
  onRows?: (rowsScanned: number) => void,
): { finding: ResidualFinding | null; linesScanned: number } {
  const readers = new Map<string, LineReader>()
  const reader = (format: ExportFormat, split: Split) => {
    const key = `${format}/${split}.jsonl`
    let r = readers.get(key)
    if (!r) {
      if (!existsSync(join(dir, key))) throw new Error(`residual scan: ${key} is missing`)
      r = new LineReader(join(dir, key))
      readers.set(key, r)
    }
    return { r, key }
  }
  const meta = new LineReader(join(dir, 'metadata.jsonl'))
  const matcherOf = cached(matcherFor)
  let linesScanned = 0
  let rows = 0
  try {
    for (let raw = meta.next(); raw !== null; raw = meta.next()) {
      if (raw === '') continue
      if (++rows % 2000 === 0) onRows?.(rows)
      const m = JSON.parse(raw) as MetadataLine
      const matcher = matcherOf(m.patient)
      const seen = new Set<string>()
      linesScanned++
      const own = scanLine(raw, matcher, seen)
      if (own) return { finding: { rowId: m.row_id, file: 'metadata.jsonl', category: own }, linesScanned }
      for (const format of formats) {
        const at = m.lines[format]
        if (at === undefined) continue
        const { r, key } = reader(format, m.split)
        const line = r.next()
        if (line === null) throw new Error(`residual scan: ${key} ends before row ${m.row_id}`)
        linesScanned++
        const category = scanLine(line, matcher, seen)
        if (category) return { finding: { rowId: m.row_id, file: key, category }, linesScanned }
      }
    }
    return { finding: null, linesScanned }
  } finally {
    meta.close()
    for (const r of readers.values()) r.close()
  }
}
