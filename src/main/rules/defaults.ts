// The bundled default rule set (resources/rules/default-rules.yaml), inlined at build time so no path resolution is needed.
import text from '../../../resources/rules/default-rules.yaml?raw'
import { loadRuleFile, type RuleSet } from './ruleFile'

/** The default rule file's text, exactly as shipped. */
export const DEFAULT_RULES_TEXT: string = text

let cached: RuleSet | undefined

/** The default rule set; throws when the shipped file is invalid (a build defect, caught by the tests). */
export function loadDefaultRuleSet(): RuleSet {
  if (cached !== undefined) return cached
  const result = loadRuleFile(DEFAULT_RULES_TEXT)
  if (!result.ok) {
    const detail = result.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')
    throw new Error(`default rule file is invalid: ${detail}`)
  }
  cached = result.ruleSet
  return cached
}
