// Which rows a signed item yields (issue 16, "Rows"), as format-neutral records: input messages, targets, labels.
import { serialiseInterpretation } from './canonical'
import type { DeidItem } from './deid/structured'
import type { ExportPrompt } from './types'

export const ROW_TYPES = ['sft', 'preference', 'unpaired'] as const
export type RowType = (typeof ROW_TYPES)[number]

export type Row =
  | { type: 'sft'; prompt: ExportPrompt; completion: string }
  | { type: 'preference'; prompt: ExportPrompt; chosen: string; rejected: string }
  | { type: 'unpaired'; prompt: ExportPrompt; completion: string; label: false }

/**
 * accepted unchanged → sft (the draft is the target); corrected → sft (signed) + preference (signed over draft);
 * rejected and rewritten → those two + an unpaired row labelled undesirable for the draft; no draft → sft (signed).
 * Throws when an outcome needs a draft the item lacks (a review-store bug, not an input to skip silently).
 */
export function buildRows(d: DeidItem): Row[] {
  const { item, prompt } = d
  const signed = serialiseInterpretation(d.signed)
  if (item.outcome === 'signed_without_draft' || d.draft === null) {
    if (item.outcome !== 'signed_without_draft') throw new Error(`report ${item.reportId}: outcome ${item.outcome} needs a draft`)
    return [{ type: 'sft', prompt, completion: signed }]
  }
  const draft = serialiseInterpretation(d.draft)
  switch (item.outcome) {
    case 'accepted_unchanged':
      return [{ type: 'sft', prompt, completion: draft }]
    case 'corrected':
      return [
        { type: 'sft', prompt, completion: signed },
        { type: 'preference', prompt, chosen: signed, rejected: draft },
      ]
    case 'rejected_rewritten':
      return [
        { type: 'sft', prompt, completion: signed },
        { type: 'preference', prompt, chosen: signed, rejected: draft },
        { type: 'unpaired', prompt, completion: draft, label: false },
      ]
  }
}
