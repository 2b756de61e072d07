// The evidence check's public surface.
export {
  EVIDENCE_ISSUE_CODES,
  checkEvidence,
  standing,
  type EvidenceCheck,
  type EvidenceCheckOptions,
  type EvidenceIssue,
  type EvidenceIssueCode,
  type Standing,
} from './checkEvidence'
/** The stored form of a check (what interpretations keep). */
export type { EvidenceCheck as EvidenceResult } from './checkEvidence'
