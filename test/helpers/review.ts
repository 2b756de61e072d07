// Review tests' people and drafts: call contexts for a technician and clinicians, their passwords for signing, and a
// stored model draft (checked by the real evidence check) for a report.
import type { CallContext } from '../../src/main/handlers/types'
import { checkEvidence, standing } from '../../src/main/llm/evidence'
import { insertInterpretation, priorReportsFor } from '../../src/main/llm/interpretations'
import { setSignerPasswordVerifier } from '../../src/main/review/signerPassword'
import type { Services } from '../../src/main/services'
import { getReport } from '../../src/main/store/reportRead'
import type { Provenance } from '../../src/shared/contract/interpret'
import type { InterpretationDraft } from '../../src/shared/domain/interpretation'
import type { SessionUser } from '../../src/shared/domain/roles'

export const CLINICIAN: SessionUser = { id: 1, username: 'drlee', displayName: 'Dr Lee', roles: ['clinician'] }
export const CLINICIAN_2: SessionUser = { id: 3, username: 'drkim', displayName: 'Dr Kim', roles: ['clinician'] }
export const TECHNICIAN: SessionUser = { id: 2, username: 'tech', displayName: 'T. Nguyen', roles: ['technician'] }
export const PASSWORDS: Readonly<Record<string, string>> = { drlee: 'lee-signs-2026', drkim: 'kim-signs-2026', tech: 'tech-2026-pass' }

export const as = (user: SessionUser): CallContext => ({ actor: user.username, transport: 'test', user })

/** Signing checks these passwords (the one switch to the sign-in service's users). */
export function installTestPasswords(): void {
  setSignerPasswordVerifier(async (username, password) => PASSWORDS[username] === password)
}

const PROVENANCE: Provenance = {
  baseModel: { id: 1, name: 'test-base', sha256: 'a'.repeat(64) },
  adapters: [],
  promptTemplateVersion: 'test',
  sampling: { temperature: 0, seed: 42, maxTokens: 512, grammar: 'interpretation-json-schema' },
  promptTokens: 100,
  reusedPromptTokens: 0,
  outputTokens: 50,
  timeToFirstTokenMs: 1,
  tokensPerSecond: 100,
  wallMs: 10,
  engine: 'test',
  threads: 1,
  gpu: null,
}

/** Stores `draft` as the report's newest model draft, with the evidence check drafts get; returns its id. */
export function storeDraft(services: Services, reportId: number, draft: InterpretationDraft): number {
  const report = getReport(services.db, reportId)!
  const evidence = checkEvidence(draft, report, { priorReports: priorReportsFor(services.db, report) })
  return services.db.transaction(() =>
    insertInterpretation(services.db, { reportId, now: new Date().toISOString(), draft, rawOutput: JSON.stringify(draft), prompt: 'test prompt', provenance: PROVENANCE, evidence, standing: standing(evidence) }),
  )().id
}
