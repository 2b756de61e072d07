// Templates: the shipped default is valid, the instruction prefix is split off, the version follows the text.
import { describe, expect, it } from 'vitest'
import { DEFAULT_TEMPLATE } from './defaultTemplate'
import { checkTemplate, fillTemplate, messageTemplates, splitTemplate, templateVersion } from './template'

describe('the default template', () => {
  it('is valid and starts with its fixed instructions', () => {
    expect(checkTemplate(DEFAULT_TEMPLATE)).toEqual([])
    const { prefix, rest } = splitTemplate(DEFAULT_TEMPLATE)
    expect(prefix).not.toMatch(/\{\{/)
    expect(prefix).toContain('RULES')
    expect(prefix).toContain('"evidence"')
    expect(rest.startsWith('{{report}}')).toBe(true)
    expect(prefix + rest).toBe(DEFAULT_TEMPLATE)
  })

  it('states the limits the grammar enforces', () => {
    for (const limit of ['600 characters', 'at most 8 findings', '300 characters', 'at most 8 ids', '400 characters']) expect(DEFAULT_TEMPLATE).toContain(limit)
  })

  it('places every section once', () => {
    for (const p of ['{{report}}', '{{findings}}', '{{patient_context}}']) expect(DEFAULT_TEMPLATE.split(p)).toHaveLength(2)
  })
})

describe('messageTemplates', () => {
  const cases: [string, string, { system: string; user: string }][] = [
    ['instructions, then the heading of the first section', 'Rules.\nMore rules.\n\nREPORT\n{{report}}\n\nDRAFT\n', { system: 'Rules.\nMore rules.', user: 'REPORT\n{{report}}\n\nDRAFT' }],
    ['no blank line: the prefix is all instructions', 'Do this.\n{{report}}\n{{findings}}', { system: 'Do this.', user: '{{report}}\n{{findings}}' }],
    ['the last paragraph before the placeholder opens the user message', 'A.\n\nB.\n\nREPORT:\n{{report}}', { system: 'A.\n\nB.', user: 'REPORT:\n{{report}}' }],
    ['blank lines around the instructions are dropped', '\n\nRules.\n\n\n{{report}} end\n\n', { system: 'Rules.', user: '{{report}} end' }],
    ['a heading alone is the instructions', 'REPORT\n{{report}}', { system: 'REPORT', user: '{{report}}' }],
    ['blank lines before a lone heading', '\n\nREPORT\n{{report}}', { system: 'REPORT', user: '{{report}}' }],
  ]
  it.each(cases)('%s', (_name, template, expected) => {
    expect(messageTemplates(template)).toEqual(expected)
  })

  it('cuts the default template after its ANSWER block, before REPORT', () => {
    const { system, user } = messageTemplates(DEFAULT_TEMPLATE)
    expect(system.startsWith('You are drafting the interpretation')).toBe(true)
    expect(system.endsWith('"None." when there are none.')).toBe(true)
    expect(system).not.toMatch(/\{\{|REPORT\n/)
    expect(user.startsWith('REPORT\n{{report}}')).toBe(true)
    expect(user.endsWith('DRAFT (JSON)')).toBe(true)
    expect(DEFAULT_TEMPLATE.startsWith(`${system}\n\n`)).toBe(true)
    expect(splitTemplate(DEFAULT_TEMPLATE).prefix.startsWith(system)).toBe(true)
  })
})

describe('templateVersion', () => {
  it('is tpl- and 12 hex digits, stable for the same text', () => {
    expect(templateVersion(DEFAULT_TEMPLATE)).toMatch(/^tpl-[0-9a-f]{12}$/)
    expect(templateVersion(DEFAULT_TEMPLATE)).toBe(templateVersion(`${DEFAULT_TEMPLATE}`))
  })

  it('changes with any change to the text, even whitespace', () => {
    expect(templateVersion(`${DEFAULT_TEMPLATE} `)).not.toBe(templateVersion(DEFAULT_TEMPLATE))
    expect(templateVersion(DEFAULT_TEMPLATE.replace('draft', 'Draft'))).not.toBe(templateVersion(DEFAULT_TEMPLATE))
  })
})

describe('splitTemplate, checkTemplate, fillTemplate', () => {
  it('splits at the first placeholder; a template without one is all prefix', () => {
    expect(splitTemplate('Do this.\n{{report}}\n{{findings}}')).toEqual({ prefix: 'Do this.\n', rest: '{{report}}\n{{findings}}' })
    expect(splitTemplate('no placeholders')).toEqual({ prefix: 'no placeholders', rest: '' })
  })

  it('names unknown, missing, spaced and leading placeholders', () => {
    expect(checkTemplate('Rules\n{{report}} {{patient}}')).toEqual([expect.stringContaining('unknown placeholder {{patient}}')])
    expect(checkTemplate('Rules\n{{findings}}')).toEqual(['the template must contain {{report}}'])
    expect(checkTemplate('Rules\n{{report}} {{ findings }}')).toEqual([expect.stringContaining('without spaces')])
    expect(checkTemplate('{{report}}\nRules')).toEqual([expect.stringContaining('must start with its instructions')])
  })

  it('fills every placeholder and refuses unknown ones', () => {
    expect(fillTemplate('A {{report}} B {{findings}} C {{patient_context}} {{report}}', { report: 'r', findings: 'f', patient_context: 'p' })).toBe('A r B f C p r')
    expect(() => fillTemplate('{{nope}}', { report: '', findings: '', patient_context: '' })).toThrow(/unknown placeholder/)
  })

  it('inserts section text literally, even when it contains $ patterns', () => {
    expect(fillTemplate('x {{report}}', { report: "$& $1 $' $$", findings: '', patient_context: '' })).toBe("x $& $1 $' $$")
  })
})
