// Sign-off rules: which evidence-check issues of the version about to be signed need an explicit acknowledgement, and
// whether the acknowledgement given is enough. Pure; the handler runs the evidence check on the version and asks this.

/** An evidence-check issue of the version to sign (the check's own codes; see main/llm/evidence). */
export interface SignOffIssue {
  code: string
  findingIndex: number | null
  message: string
}

export interface SignOffDecision {
  /** The issues the signer must acknowledge: every issue the evidence check still finds in the version. */
  needsAcknowledgement: SignOffIssue[]
  ok: boolean
  /** Why signing is refused, naming what to do; null when ok. */
  refusal: string | null
}

/** The meaning shown with every signature (21 CFR Part 11 practice: name, date and time, and meaning); the sign dialog shows it before signing. */
export const SIGNATURE_MEANING = 'reviewed and approved'

export const ACKNOWLEDGEMENT_MIN_LENGTH = 3
export const ACKNOWLEDGEMENT_MAX_LENGTH = 1000

const CALLS_NORMAL_CODE = 'CONTRADICTS_CRITICAL_FINDING'

function describe(issue: SignOffIssue): string {
  const where = issue.findingIndex === null ? 'the interpretation' : `finding ${issue.findingIndex}`
  return issue.code === CALLS_NORMAL_CODE ? `${where} calls normal what a critical rule finding flags` : `${where} failed the evidence check (${issue.code})`
}

/**
 * A version with a finding whose evidence check failed, or that calls normal what a critical rule finding flags, is
 * signed only with an acknowledgement: a comment of at least a few characters saying why it stands.
 */
export function decideSignOff(issues: readonly SignOffIssue[], acknowledgement: string | null | undefined): SignOffDecision {
  const needsAcknowledgement = [...issues]
  if (needsAcknowledgement.length === 0) return { needsAcknowledgement, ok: true, refusal: null }
  const text = acknowledgement?.trim() ?? ''
  if (text.length >= ACKNOWLEDGEMENT_MIN_LENGTH) return { needsAcknowledgement, ok: true, refusal: null }
  const listed = needsAcknowledgement.slice(0, 3).map(describe).join('; ')
  const more = needsAcknowledgement.length > 3 ? ` and ${needsAcknowledgement.length - 3} more` : ''
  return {
    needsAcknowledgement,
    ok: false,
    refusal:
      `${text.length === 0 ? 'This version needs an acknowledgement to be signed' : `The acknowledgement must say why (at least ${ACKNOWLEDGEMENT_MIN_LENGTH} characters)`}: ` +
      `${listed}${more}. Correct it, or sign with an acknowledgement comment saying why it stands.`,
  }
}
