// The active rule set: the shipped defaults, or a site file layered over them, persisted in rule_sets.
import { AppError } from '../../shared/errors'
import { compileRuleSet, type CompiledRuleSet } from '../rules/compile'
import { DEFAULT_RULES_TEXT, loadDefaultRuleSet } from '../rules/defaults'
import { layerRuleSets, loadRuleFile, type RuleFileError, type RuleSet } from '../rules/ruleFile'
import type { Db } from '../store/db'
import { prepared } from '../store/prepared'

export interface ActiveRuleSet {
  ruleSet: RuleSet
  compiled: CompiledRuleSet
  /** The text the user activated (the defaults' text when none). */
  text: string
  isDefault: boolean
  activatedAt: string
}

export type SiteFileCheck = { ok: true; ruleSet: RuleSet } | { ok: false; errors: RuleFileError[] }

/**
 * A site file is layered over the defaults: a rule with a default's id replaces it, new ids are added,
 * `disabled:` switches defaults off. So a site changes one threshold without copying the whole file.
 */
export function checkSiteFile(text: string): SiteFileCheck {
  const base = loadDefaultRuleSet()
  const site = loadRuleFile(text, { base })
  return site.ok ? { ok: true, ruleSet: layerRuleSets(base, site.ruleSet) } : site
}

export function describeRuleFileErrors(errors: RuleFileError[]): string {
  return errors
    .slice(0, 10)
    .map((e) => `line ${e.line}, column ${e.column}: ${e.message}`)
    .join('; ')
}

function build(ruleSet: RuleSet, text: string, isDefault: boolean, activatedAt: string): ActiveRuleSet {
  return { ruleSet, compiled: compileRuleSet(ruleSet), text, isDefault, activatedAt }
}

export class ActiveRules {
  private active: ActiveRuleSet | null = null
  constructor(private readonly db: Db) {}

  current(): ActiveRuleSet {
    if (this.active) return this.active
    const row = prepared(this.db, 'SELECT text, is_default, activated_at FROM rule_sets WHERE active = 1').get() as
      | { text: string; is_default: number; activated_at: string }
      | undefined
    if (row && row.is_default === 0) {
      const checked = checkSiteFile(row.text)
      // A stored site file that no longer loads (after an upgrade changed the schema) must not silently vanish.
      if (!checked.ok) throw new AppError('INTERNAL', `The active site rule file no longer loads: ${describeRuleFileErrors(checked.errors)}`)
      this.active = build(checked.ruleSet, row.text, false, row.activated_at)
    } else if (row) {
      this.active = build(loadDefaultRuleSet(), DEFAULT_RULES_TEXT, true, row.activated_at)
    } else {
      // First use: record the shipped defaults as the active set, so every version findings cite is on file.
      this.active = this.activate(null, new Date().toISOString())
    }
    return this.active
  }

  /** Activates a site file (null: the defaults); records it in rule_sets. Call inside a transaction. */
  activate(text: string | null, now: string): ActiveRuleSet {
    let next: ActiveRuleSet
    if (text === null) next = build(loadDefaultRuleSet(), DEFAULT_RULES_TEXT, true, now)
    else {
      const checked = checkSiteFile(text)
      if (!checked.ok) throw new AppError('INVALID_INPUT', `The rule file is invalid: ${describeRuleFileErrors(checked.errors)}`)
      next = build(checked.ruleSet, text, false, now)
    }
    prepared(this.db, 'UPDATE rule_sets SET active = 0 WHERE active = 1').run()
    prepared(
      this.db,
      `INSERT INTO rule_sets (version, name, text, is_default, activated_at, active) VALUES (@version, @name, @text, @isDefault, @now, 1)
       ON CONFLICT(version) DO UPDATE SET active = 1, activated_at = excluded.activated_at`,
    ).run({ version: next.ruleSet.ruleSetVersion, name: next.ruleSet.name, text: next.text, isDefault: next.isDefault ? 1 : 0, now })
    this.active = next
    return next
  }
}
