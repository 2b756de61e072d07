// Findings of the deterministic rules engine: what a rule concluded about a report, and on what basis.
// Runtime-neutral: no Node, no DOM, no Electron.

export const SEVERITIES = ['info', 'abnormal', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Higher is more severe: for sorting and for "the worst finding of a report". */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, abnormal: 1, critical: 2 }

export interface Finding {
  /** The rule's id in its rule file, e.g. "potassium.critical". */
  ruleId: string
  /** The rule set's version and content hash ("2026.1+3f9a0c1b2d4e"), so a finding can be traced to the exact file. */
  ruleSetVersion: string
  severity: Severity
  /** The rule's title. */
  title: string
  /** The rule's message template rendered with the values below, units included. */
  message: string
  /** Citation for the threshold (guideline, lab policy). */
  source: string
  /** The observations the finding rests on; empty for findings on report metrics alone. */
  observationIds: number[]
  /**
   * The values and limits used, in the units they were compared in, e.g.
   * { value: 6.8, unit: 'mmol/L', threshold: 6.2, comparison: '>' }.
   */
  values: Record<string, number | string>
  /** The device's own abnormal flag on the observation (H, L, HH, N, ...), as sent. */
  deviceFlag?: string
  /** Set when the device's flag and the rule disagree; states both sides. */
  disagreement?: string
  /** Set when the rule could not be applied, with the reason ("not evaluated: unit "mg" unknown"). */
  notEvaluated?: string
}
