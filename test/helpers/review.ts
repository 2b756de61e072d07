// Review tests' people and drafts: real accounts for a technician and two clinicians (password hashes as the app makes
// them), and a stored model draft (checked by the real evidence check) for a report.
import { checkEvidence, standing } from '../../src/main/llm/evidence'
import { insertInterpretation, priorReportsFor } from '../../src/main/llm/interpretations'
import type { Services } from '../../src/main/services'
import { getReport } from '../../src/main/store/reportRead'
import type { Provenance } from '../../src/shared/contract/interpret'
import type { InterpretationDraft } from '../../src/shared/domain/interpretation'
import { addTestUser, type TestServices, type TestUser } from './services'

export interface ReviewPeople {
  /** Dr Lee and Dr Kim review and sign; the technician prepares reviews. */
  lee: TestUser
  kim: TestUser
  tech: TestUser
}

export async function addReviewPeople(t: TestServices): Promise<ReviewPeople> {
  return {
    lee: await addTestUser(t, 'drlee', ['clinician'], { displayName: 'Dr Lee', password: 'amber lantern orchard 61' }),
    tech: await addTestUser(t, 'tech', ['technician'], { displayName: 'T. Nguyen', password: 'copper meadow violin 27' }),
    kim: await addTestUser(t, 'drkim', ['clinician'], { displayName: 'Dr Kim', password: 'silver harbour pebble 83' }),
  }
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
export function storeDraft(services: Services, reportId: number, draft: InterpretationDraft, opts: { modelVersionId?: number; createdAt?: string } = {}): number {
  const report = getReport(services.db, reportId)!
  const evidence = checkEvidence(draft, report, { priorReports: priorReportsFor(services.db, report) })
  return services.db.transaction(() =>
    insertInterpretation(services.db, { reportId, now: opts.createdAt ?? new Date().toISOString(), modelVersionId: opts.modelVersionId ?? null, draft, rawOutput: JSON.stringify(draft), prompt: 'test prompt', messages: [{ role: 'user', content: 'test prompt' }], provenance: PROVENANCE, evidence, standing: standing(evidence) }),
  )().id
}
