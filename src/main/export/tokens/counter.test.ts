// Token counter tables: the estimate, the cache by content, and an item's length (prompt + longest target) worked by hand.
import { describe, expect, it } from 'vitest'
import type { Row } from '../rows'
import type { ExportPrompt } from '../types'
import { CACHE_ENTRIES, estimateTokens, estimatingCounter, itemTokens, tokenizerCounter, type ExportTokenizer } from './counter'

/**
 * A word tokenizer standing in for a model's vocabulary in these tables (the real one is tested in
 * test/integration/exportTokens.test.ts): one token per space-separated word; with special tokens parsed, "<|t|>" is one
 * token, otherwise its spelling is three ("<|", "t", "|>"). BOS is token 1 and wanted; a leading "<s>" is BOS. Tokens
 * 1 and 2 are control tokens. Words are tokenized one by one, as llama.cpp tokenizes the pieces between control tokens.
 */
function wordTokenizer(calls: string[]): ExportTokenizer {
  return {
    tokens: { bos: 1, shouldPrependBosToken: true },
    isSpecialToken: (t) => t === 1 || t === 2,
    tokenize(text, specialTokens) {
      calls.push(text)
      const out: number[] = []
      for (const w of text.split(' ').filter((x) => x !== '')) {
        if (w === '<s>' && specialTokens) out.push(1)
        else if (w === '<|t|>') out.push(...(specialTokens ? [2] : [3, 4, 5]))
        else out.push(100 + w.length)
      }
      return out
    },
  }
}

const prompt = (rendered: string, origin: ExportPrompt['origin']): ExportPrompt => ({ system: '', user: rendered, rendered, origin })

describe('estimateTokens', () => {
  it.each([
    ['', 0],
    ['abc', 1],
    ['abcd', 2],
    ['x'.repeat(300), 100],
  ])('%j → %i', (text, n) => expect(estimateTokens(text)).toBe(n))
})

describe('tokenizerCounter', () => {
  it.each([
    // text, format, tokens: BOS added unless the text starts with it (chat) / always for raw; "<|t|>" one token in chat, three raw.
    ['a b c', 'chat-template', 4],
    ['<s> a b', 'chat-template', 3],
    ['<|t|> a', 'chat-template', 3],
    ['<|t|> a', 'raw', 5],
    ['<s> a', 'raw', 3],
  ] as const)('prompt %j as %s → %i tokens', (text, format, n) => {
    expect(tokenizerCounter(wordTokenizer([]), 'words').prompt(text, format)).toBe(n)
  })

  it('counts a target as text only, without BOS', () => {
    expect(tokenizerCounter(wordTokenizer([]), 'words').completion('{"a": 1} <|t|>')).toBe(5)
  })

  it('tokenizes each distinct text once, keyed by content and by how it is read', () => {
    const calls: string[] = []
    const c = tokenizerCounter(wordTokenizer(calls), 'words')
    c.prompt('a b', 'chat-template')
    c.prompt('a b', 'chat-template')
    c.prompt('a b', 'raw')
    c.completion('a b')
    c.completion('a b')
    expect(calls).toEqual(['a b', 'a b', 'a b'])
    expect(c.stats()).toMatchObject({ counted: 5, cacheHits: 2, tokenized: 3, characters: 9, tokens: 3 + 3 + 2 })
  })

  it('keeps at most CACHE_ENTRIES entries (memory flat), counting right after it starts again', () => {
    const calls: string[] = []
    const c = tokenizerCounter(wordTokenizer(calls), 'words')
    for (let i = 0; i <= CACHE_ENTRIES; i++) c.completion(`w${i}`)
    expect(c.completion('w0')).toBe(1)
    expect(calls.length).toBe(CACHE_ENTRIES + 2)
  })
})

describe('a chat prompt split after its system message', () => {
  it('counts the head once per export and the tail per prompt, adding up to the whole', () => {
    const calls: string[] = []
    const c = tokenizerCounter(wordTokenizer(calls), 'words')
    // Head "<s> S1 S2" = 3 tokens (BOS written), tail " <|t|> u1 u2" = 3: 6, as the whole.
    expect(c.prompt('<s> S1 S2 <|t|> u1 u2', 'chat-template', 'S1 S2')).toBe(6)
    expect(calls).toEqual([' <|t|> u1 u2', ' <|t|> u1 u2', '<s> S1 S2', '<s> S1 S2 <|t|> u1 u2'])
    calls.length = 0
    // Same head: only the tail is tokenized (its opening checked, then the whole tail).
    expect(c.prompt('<s> S1 S2 <|t|> v1 v2 v3', 'chat-template', 'S1 S2')).toBe(7)
    expect(calls).toEqual([' <|t|> v1 v2 v3', ' <|t|> v1 v2 v3'])
  })

  it('a tail that does not open with a control token, or a system message not in the text, counts the whole prompt', () => {
    const calls: string[] = []
    const c = tokenizerCounter(wordTokenizer(calls), 'words')
    expect(c.prompt('<s> S1 S2 u1 <|t|>', 'chat-template', 'S1 S2')).toBe(5)
    expect(calls.at(-1)).toBe('<s> S1 S2 u1 <|t|>')
    expect(c.prompt('<s> x <|t|> y', 'chat-template', 'S1 S2')).toBe(4)
    expect(calls.at(-1)).toBe('<s> x <|t|> y')
  })

  it('a head that does not add up to the whole (a token across the cut) is never split again', () => {
    const calls: string[] = []
    const c = tokenizerCounter(wordTokenizer(calls), 'words')
    // "S1<|t|>" is one word in the whole text (BOS + 1 + "u1" = 3), but "S1" + "<|t|> u1" would be 1 + 1 + 2 = 4.
    expect(c.prompt('S1<|t|> u1', 'chat-template', 'S1')).toBe(3)
    calls.length = 0
    expect(c.prompt('S1<|t|> u2 u3', 'chat-template', 'S1')).toBe(4)
    expect(calls.at(-1)).toBe('S1<|t|> u2 u3')
  })
})

describe('itemTokens', () => {
  const c = () => tokenizerCounter(wordTokenizer([]), 'words')
  it.each<[string, ExportPrompt, Row[], number]>([
    // 1 BOS + 2 words; targets 3 and 1 words → 3 + 3.
    ['sft rows: the longest target', prompt('a b', 'chat'), [{ type: 'sft', prompt: prompt('a b', 'chat'), completion: 'x y z' }], 6],
    [
      'preference: the longer of chosen and rejected',
      prompt('<|t|>', 'chat'),
      [
        { type: 'sft', prompt: prompt('', 'chat'), completion: 'x' },
        { type: 'preference', prompt: prompt('', 'chat'), chosen: 'x', rejected: 'p q r s' },
      ],
      2 + 4,
    ],
    // A raw (or built) prompt spells "<|t|>" in three tokens.
    ['raw prompt', prompt('<|t|>', 'raw'), [{ type: 'unpaired', prompt: prompt('', 'raw'), completion: 'x', label: false }], 1 + 3 + 1],
    ['built prompt is raw text', prompt('<|t|>', 'built'), [{ type: 'sft', prompt: prompt('', 'built'), completion: 'x' }], 5],
    // Built with today's chat template: its control tokens parse as one token each, as a chat draft's do.
    ['built prompt rendered with the chat template', { ...prompt('<|t|>', 'built'), builtFormat: 'chat-template' }, [{ type: 'sft', prompt: prompt('', 'built'), completion: 'x' }], 3],
  ])('%s', (_name, p, rows, n) => expect(itemTokens(c(), p, rows)).toBe(n))

  it('the estimate says so and why', () => {
    const e = estimatingCounter('no base model is selected on the Models page')
    expect(e.method).toBe('estimated')
    expect(e.description).toBe('estimated (characters / 3): no base model is selected on the Models page')
    expect(itemTokens(e, prompt('x'.repeat(30), 'chat'), [{ type: 'sft', prompt: prompt('', 'chat'), completion: 'abcd' }])).toBe(10 + 2)
  })
})
