// Checks across fields and rules that the zod schema cannot express: bounds, units, ids, message placeholders.
import { toUcum } from '../ingest/units'
import type { Rule, RuleFile, Target } from './ruleSchema'
import { PLACEHOLDERS, placeholdersIn } from './template'

export interface RuleIssue {
  /** Path into the parsed file, for mapping back to a line. */
  path: (string | number)[]
  message: string
}

type Bounds = Partial<Record<'below' | 'at_or_below' | 'above' | 'at_or_above', number | undefined>>

function boundIssues(bounds: Bounds, at: (string | number)[], needOne: boolean): RuleIssue[] {
  const issues: RuleIssue[] = []
  if (bounds.below !== undefined && bounds.at_or_below !== undefined) {
    issues.push({ path: at, message: 'give either below or at_or_below, not both' })
  }
  if (bounds.above !== undefined && bounds.at_or_above !== undefined) {
    issues.push({ path: at, message: 'give either above or at_or_above, not both' })
  }
  const any = Object.values(bounds).some((v) => v !== undefined)
  if (needOne && !any) issues.push({ path: at, message: 'needs at least one of below, at_or_below, above, at_or_above' })
  return issues
}

function unitIssues(rule: Rule & { applies_to: { unit?: string | undefined }[]; unit?: string | undefined }, at: (string | number)[]): RuleIssue[] {
  const issues: RuleIssue[] = []
  const check = (unit: string, path: (string | number)[]): void => {
    const mapped = toUcum(unit)
    if ('unmapped' in mapped) issues.push({ path, message: `unit ${JSON.stringify(unit)} is not UCUM: ${mapped.reason}` })
  }
  if (rule.unit !== undefined) check(rule.unit, [...at, 'unit'])
  rule.applies_to.forEach((ref, i) => {
    if (ref.unit !== undefined) check(ref.unit, [...at, 'applies_to', i, 'unit'])
    else if (rule.unit === undefined) {
      issues.push({ path: [...at, 'applies_to', i], message: 'no unit: give the unit the thresholds are written in (here or as the rule\'s unit)' })
    }
  })
  return issues
}

function targetIssues(target: Target | undefined, at: (string | number)[]): RuleIssue[] {
  return target === undefined ? [] : boundIssues(target, [...at, 'target'], true)
}

function kindIssues(rule: Rule, at: (string | number)[]): RuleIssue[] {
  switch (rule.kind) {
    case 'threshold': {
      const issues = [...unitIssues(rule, at), ...boundIssues(rule, at, rule.above_device_ref_high !== true)]
      if (rule.above_device_ref_high === true && rule.at_or_above !== undefined) {
        issues.push({ path: [...at, 'at_or_above'], message: 'above_device_ref_high falls back to "above"; use above, not at_or_above' })
      }
      return issues
    }
    case 'reference_range': {
      const issues = unitIssues(rule, at)
      const hasRuleRange = rule.low !== undefined || rule.high !== undefined || (rule.ranges?.length ?? 0) > 0
      if (!hasRuleRange && !rule.use_device_range) issues.push({ path: at, message: 'needs low, high or ranges when use_device_range is false' })
      const bands = [{ low: rule.low, high: rule.high, path: at }, ...(rule.ranges ?? []).map((b, i) => ({ ...b, path: [...at, 'ranges', i] }))]
      for (const band of bands) {
        if (band.low !== undefined && band.high !== undefined && band.low >= band.high) issues.push({ path: band.path, message: 'low must be below high' })
      }
      ;(rule.ranges ?? []).forEach((b, i) => {
        if (b.low === undefined && b.high === undefined) issues.push({ path: [...at, 'ranges', i], message: 'a range needs low or high' })
      })
      return issues
    }
    case 'change_from_previous': {
      const issues = unitIssues(rule, at)
      if (rule.rise_above === undefined && rule.fall_above === undefined) issues.push({ path: at, message: 'needs rise_above or fall_above' })
      return issues
    }
    case 'bp_category': {
      const issues: RuleIssue[] = []
      const mapped = toUcum(rule.unit)
      if ('unmapped' in mapped) issues.push({ path: [...at, 'unit'], message: `unit ${JSON.stringify(rule.unit)} is not UCUM: ${mapped.reason}` })
      const names = new Set<string>()
      rule.categories.forEach((c, i) => {
        const path = [...at, 'categories', i]
        if (names.has(c.name)) issues.push({ path, message: `duplicate category ${c.name}` })
        names.add(c.name)
        const bounded = c.systolic !== undefined || c.diastolic !== undefined
        if (i === 0 && bounded) issues.push({ path, message: 'the first (lowest) category takes no bounds: it is what is left below the others' })
        if (i > 0 && !bounded) issues.push({ path, message: 'needs a systolic or diastolic bound' })
        for (const side of ['systolic', 'diastolic'] as const) {
          const bound = c[side]
          if (bound !== undefined) issues.push(...boundIssues(bound, [...path, side], true))
        }
      })
      return issues
    }
    case 'metric_target':
      return targetIssues(rule.target, at)
  }
}

/** Every problem found, each with the path of the offending node; baseIds may also be named in supersedes. */
export function checkRuleFile(file: RuleFile, baseIds: readonly string[] = []): RuleIssue[] {
  const known = new Set(baseIds)
  const issues: RuleIssue[] = []
  const firstIndex = new Map<string, number>()
  file.rules.forEach((rule, i) => {
    const first = firstIndex.get(rule.id)
    if (first !== undefined) issues.push({ path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}" (first used by rule ${first + 1})` })
    else firstIndex.set(rule.id, i)
  })
  file.rules.forEach((rule, i) => {
    const at = ['rules', i]
    issues.push(...kindIssues(rule, at))
    for (const name of placeholdersIn(rule.message)) {
      if (!PLACEHOLDERS.has(name)) issues.push({ path: [...at, 'message'], message: `unknown placeholder {${name}}` })
    }
    ;(rule.supersedes ?? []).forEach((id, j) => {
      if (id === rule.id) issues.push({ path: [...at, 'supersedes', j], message: 'a rule cannot supersede itself' })
      else if (!firstIndex.has(id) && !known.has(id)) issues.push({ path: [...at, 'supersedes', j], message: `unknown rule id "${id}"` })
    })
  })
  return issues
}
