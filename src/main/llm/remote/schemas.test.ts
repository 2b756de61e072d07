// The draft schema in the servers' dialects: worked by hand on small schemas, and checked on the real draft schema.
import { describe, expect, it } from 'vitest'
import { interpretationJsonSchema, type DraftJsonSchema } from '../../../shared/domain/interpretation'
import { strictCompatibleSchema, withAllRequired } from './schemas'

const small: DraftJsonSchema = {
  type: 'object',
  properties: {
    a: { type: 'string', maxLength: 10 },
    b: { type: 'array', items: { oneOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }] }, maxItems: 2 },
    c: { enum: ['x', 'y'] },
  },
  additionalProperties: false,
}

describe('withAllRequired', () => {
  it('lists every key as required and keeps the bounds', () => {
    expect(withAllRequired(small)).toEqual({
      type: 'object',
      properties: {
        a: { type: 'string', maxLength: 10 },
        b: { type: 'array', items: { oneOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }] }, maxItems: 2 },
        c: { enum: ['x', 'y'] },
      },
      required: ['a', 'b', 'c'],
      additionalProperties: false,
    })
  })
})

describe('strictCompatibleSchema (Azure OpenAI / OpenAI strict mode)', () => {
  it('drops bounds, spells oneOf as anyOf, requires every key', () => {
    expect(strictCompatibleSchema(small)).toEqual({
      type: 'object',
      properties: {
        a: { type: 'string' },
        b: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
        c: { type: 'string', enum: ['x', 'y'] },
      },
      required: ['a', 'b', 'c'],
      additionalProperties: false,
    })
  })

  it('leaves no keyword strict mode refuses anywhere in the draft schema, and every object closed and fully required', () => {
    const refused = ['maxLength', 'minLength', 'maxItems', 'minItems', 'pattern', 'minimum', 'maximum', 'oneOf', 'format']
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit)
      if (node === null || typeof node !== 'object') return
      const o = node as Record<string, unknown>
      for (const k of refused) expect(o, `keyword ${k}`).not.toHaveProperty(k)
      if (o.type === 'object') {
        expect(o.additionalProperties).toBe(false)
        expect(o.required).toEqual(Object.keys(o.properties as object))
      }
      Object.values(o).forEach(visit)
    }
    visit(strictCompatibleSchema(interpretationJsonSchema))
  })
})
