// The draft's JSON schema in each server's dialect: the local grammar's schema made explicit about required keys,
// and a copy that Azure's / OpenAI's strict structured outputs accept.
import type { DraftJsonSchema } from '../../../shared/domain/interpretation'

export type JsonSchema = { readonly [key: string]: unknown }

/**
 * node-llama-cpp generates every property of an object; llama.cpp's and vLLM's schema compilers treat a property that
 * is not in `required` as optional. Listing every key keeps the remote grammar's language the local one's.
 */
export function withAllRequired(schema: DraftJsonSchema): JsonSchema {
  if ('oneOf' in schema) return { oneOf: schema.oneOf.map(withAllRequired) }
  if ('enum' in schema) return { enum: [...schema.enum] }
  if (schema.type === 'array') return { type: 'array', items: withAllRequired(schema.items), maxItems: schema.maxItems }
  if (schema.type === 'object') {
    const properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, withAllRequired(v)]))
    return { type: 'object', properties, required: Object.keys(schema.properties), additionalProperties: false }
  }
  return { ...schema }
}

/**
 * Strict structured outputs (Azure OpenAI, OpenAI) require every key in `required` and `additionalProperties: false`,
 * and refuse `maxLength`, `maxItems`, `pattern`, `minimum` and the like; `oneOf` is spelled `anyOf`. The bounds are
 * dropped here and enforced by the local zod validation of every draft (a draft over a bound is refused, not stored).
 */
export function strictCompatibleSchema(schema: DraftJsonSchema): JsonSchema {
  if ('oneOf' in schema) return { anyOf: schema.oneOf.map(strictCompatibleSchema) }
  if ('enum' in schema) return { type: 'string', enum: [...schema.enum] }
  if (schema.type === 'array') return { type: 'array', items: strictCompatibleSchema(schema.items) }
  if (schema.type === 'object') {
    const properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, strictCompatibleSchema(v)]))
    return { type: 'object', properties, required: Object.keys(schema.properties), additionalProperties: false }
  }
  return { type: schema.type }
}
