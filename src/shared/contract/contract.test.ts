// The contract: merged without duplicates, every method has a handler and a schema pair.
import { describe, expect, it } from 'vitest'
import { handlers } from '../../main/handlers'
import { mergeTables } from './define'
import { contract } from './index'

describe('contract', () => {
  it('has a handler for every method and no handler without a method', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract).sort())
  })
  it('refuses duplicate names when tables are merged', () => {
    expect(() => mergeTables({ 'a.b': 1 }, { 'a.b': 2 })).toThrow('Duplicate contract entry: a.b')
  })
  it('names methods domain.verbNoun', () => {
    for (const name of Object.keys(contract)) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/)
  })
})
