// Loads a rule file (YAML, or JSON as YAML): validates it, maps every problem to its line, versions it by content.
import { createHash } from 'node:crypto'
import { LineCounter, parseDocument } from 'yaml'
import type { z } from 'zod'
import { checkRuleFile, type RuleIssue } from './ruleChecks'
import { KIND_ALIASES, RuleFileSchema, type Rule } from './ruleSchema'
import { describeYamlPath, locateYamlPath } from '../yaml/location'

export interface RuleSet {
  /** The file's own version field, e.g. "2026.1". */
  version: string
  name: string
  /** version + "+" + the first 12 hex digits of the text's SHA-256: any edit changes it. */
  ruleSetVersion: string
  /** Ids of base rules this file switches off when layered (see layerRuleSets). */
  disabled: string[]
  rules: Rule[]
}

export interface RuleFileError {
  /** 1-based. */
  line: number
  column: number
  message: string
}

export type LoadRuleFileResult = { ok: true; ruleSet: RuleSet } | { ok: false; errors: RuleFileError[] }

export interface LoadRuleFileOptions {
  /** The rule set this file will be layered over: its ids may be named in supersedes. */
  base?: RuleSet
}

// A rule file is a short hand-written document; anything this large is not one.
const MAX_TEXT_LENGTH = 2_000_000


function issueFromZod(issue: z.core.$ZodIssue): RuleIssue {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
  // Point at the first unknown key itself, not at the object that holds it.
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    return { path: [...path, issue.keys[0]], message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` }
  }
  return { path, message: issue.message }
}

// The brief's names for two kinds are accepted and rewritten before validation.
function applyKindAliases(raw: unknown): void {
  if (typeof raw !== 'object' || raw === null || !('rules' in raw) || !Array.isArray(raw.rules)) return
  for (const rule of raw.rules as unknown[]) {
    if (typeof rule === 'object' && rule !== null && 'kind' in rule && typeof rule.kind === 'string') {
      const alias = KIND_ALIASES[rule.kind]
      if (alias !== undefined) (rule as { kind: string }).kind = alias
    }
  }
}

export function ruleSetVersionOf(version: string, text: string): string {
  return `${version}+${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12)}`
}

/** Parses and validates a rule file; an invalid file is refused whole, with each problem's line. */
export function loadRuleFile(text: string, opts: LoadRuleFileOptions = {}): LoadRuleFileResult {
  if (text.length > MAX_TEXT_LENGTH) return { ok: false, errors: [{ line: 1, column: 1, message: 'rule file is larger than 2 MB' }] }
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, merge: true })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        message: `YAML: ${e.message.split('\n')[0] ?? e.code}`,
      })),
    }
  }
  let raw: unknown
  try {
    raw = doc.toJS({ maxAliasCount: 1000 })
  } catch (err) {
    return { ok: false, errors: [{ line: 1, column: 1, message: `YAML: ${err instanceof Error ? err.message : String(err)}` }] }
  }
  applyKindAliases(raw)
  const parsed = RuleFileSchema.safeParse(raw)
  const issues = parsed.success ? checkRuleFile(parsed.data, opts.base?.rules.map((r) => r.id)) : parsed.error.issues.map(issueFromZod)
  if (!parsed.success || issues.length > 0) {
    const errors = issues
      .map((issue) => {
        // zod says "expected string, received undefined"; a person wants "missing".
        const missing = issue.path.length > 0 && !doc.hasIn(issue.path) && raw !== null && typeof raw === 'object'
        const message = missing ? 'required field missing' : issue.message
        return { ...locateYamlPath(doc, lines, issue.path), message: issue.path.length ? `${describeYamlPath(issue.path)}: ${message}` : message }
      })
      .sort((a, b) => a.line - b.line || a.column - b.column)
    return { ok: false, errors }
  }
  const file = parsed.data
  return {
    ok: true,
    ruleSet: { version: file.version, name: file.name, ruleSetVersion: ruleSetVersionOf(file.version, text), disabled: file.disabled, rules: file.rules },
  }
}

/**
 * A site file over a base set: a site rule with a base rule's id replaces it in place, new rules are
 * appended, and ids listed in the site's `disabled` are dropped. The version names both files.
 */
export function layerRuleSets(base: RuleSet, site: RuleSet): RuleSet {
  const siteById = new Map(site.rules.map((r) => [r.id, r]))
  const baseIds = new Set(base.rules.map((r) => r.id))
  const disabled = new Set(site.disabled)
  const rules = base.rules.filter((r) => !disabled.has(r.id)).map((r) => siteById.get(r.id) ?? r)
  for (const rule of site.rules) if (!baseIds.has(rule.id)) rules.push(rule)
  return {
    version: site.version,
    name: `${site.name} (over ${base.name})`,
    ruleSetVersion: `${base.ruleSetVersion}/${site.ruleSetVersion}`,
    disabled: [],
    rules,
  }
}
