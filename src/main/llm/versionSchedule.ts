// Which waiting version draft starts next: grouped by version (the engine switches only when idle), by priority, oldest first.

/** Highest first: a canary draft is shown to a clinician; an evaluation waits for it; a shadow draft waits for both. */
export const DRAFT_PRIORITIES = ['canary', 'eval', 'shadow'] as const
export type DraftPriority = (typeof DRAFT_PRIORITIES)[number]

export interface WaitingDraft {
  versionId: number
  priority: DraftPriority
  /** Arrival order. */
  seq: number
}

export interface EngineNow {
  /** The version the engine is configured for; null before the first. */
  versionId: number | null
  /** Drafts generating now (all of `versionId`). */
  running: number
  /** Drafts the engine generates at once. */
  slots: number
}

/** Start waiting[index]; `switchVersion`: configure the engine for its version first (only when nothing runs). */
export type Decision = { index: number; switchVersion: boolean } | null

const rank = (p: DraftPriority) => DRAFT_PRIORITIES.indexOf(p)

/**
 * The head of the line is the highest-priority waiting draft, oldest first; shadow drafts are eligible only while no
 * other draft waits. If the head is of the running version it starts beside the others (up to the slots); if it is of
 * another version, nothing more starts until the running drafts end, then the engine switches to the head's version.
 * So drafts of one version run together, and a draft of higher priority is never overtaken for longer than the
 * drafts already running take.
 */
export function nextDraft(waiting: readonly WaitingDraft[], now: EngineNow): Decision {
  if (now.running >= now.slots) return null
  const onlyShadow = waiting.every((w) => w.priority === 'shadow')
  let head = -1
  for (let i = 0; i < waiting.length; i++) {
    const w = waiting[i]!
    if (w.priority === 'shadow' && !onlyShadow) continue
    const h = waiting[head]
    if (h === undefined || rank(w.priority) < rank(h.priority) || (rank(w.priority) === rank(h.priority) && w.seq < h.seq)) head = i
  }
  const h = waiting[head]
  if (h === undefined) return null
  if (h.versionId === now.versionId) return { index: head, switchVersion: false }
  return now.running === 0 ? { index: head, switchVersion: true } : null
}
