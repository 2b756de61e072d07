// The training target: an interpretation serialised exactly as the model is asked to write it (the grammar's key order).
import { interpretationJsonSchema, InterpretationDraftSchema, type DraftJsonSchema, type InterpretationDraft } from '../../shared/domain/interpretation'

// Walks the grammar's own schema, so a field added to interpretation.ts changes the target's key order with it.
function ordered(schema: DraftJsonSchema, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if ('oneOf' in schema) {
    const object = schema.oneOf.find((s) => 'type' in s && (s.type === 'object' || s.type === 'array'))
    return object ? ordered(object, value) : value
  }
  if ('type' in schema && schema.type === 'array' && Array.isArray(value)) return value.map((v) => ordered(schema.items, v))
  if ('type' in schema && schema.type === 'object') {
    const source = value as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const [key, sub] of Object.entries(schema.properties)) out[key] = ordered(sub, source[key])
    return out
  }
  return value
}

/**
 * Compact JSON in the grammar's key order. Validates first: a target that the grammar could not have produced is a bug
 * upstream, and training on it would teach the model a shape it is never asked for.
 */
export function serialiseInterpretation(interpretation: InterpretationDraft): string {
  const checked = InterpretationDraftSchema.parse(interpretation)
  return JSON.stringify(ordered(interpretationJsonSchema, checked))
}
