// Token counts of exported rows: the selected base model's tokenizer, or the characters ÷ 3 estimate when it is not at hand.
//
// A row's length is the prompt as the engine evaluated it (engine/promptTokens.ts: special tokens of a chat-rendered
// prompt parsed, BOS added where the engine adds it) plus its target as the model writes it after that prompt (text
// only, without the leading space a SentencePiece tokenizer puts in front of a standalone text). The end-of-turn
// tokens a trainer appends after the target are not counted.
import { createHash } from 'node:crypto'
import type { PromptFormat } from '../../llm/prompt/chatTemplate'
import { tokenizePrompt, type PromptTokenizer } from '../../llm/engine/promptTokens'
import type { Row } from '../rows'
import type { ExportPrompt } from '../types'

export interface TokenCounterStats {
  /** Texts counted (cache hits included). */
  counted: number
  /** Of those, answered from the cache. */
  cacheHits: number
  /** Texts tokenized (a split prompt's head and tail count as two), their characters and tokens. */
  tokenized: number
  characters: number
  tokens: number
  /** Time spent counting: hashing, cache look-ups and tokenizing. */
  ms: number
}

export interface TokenCounter {
  /** 'tokenizer': counted with the model's tokenizer; 'estimated': characters ÷ 3. */
  readonly method: 'tokenizer' | 'estimated'
  /** What counted, or why the estimate was used, for the quality report and DATASET.md (no patient data). */
  readonly description: string
  /** A prompt as the engine evaluated it; `system`, a chat prompt's system message, lets its tokens be counted once per export. */
  prompt(text: string, format: PromptFormat, system?: string): number
  completion(text: string): number
  stats(): TokenCounterStats
}

/** A rough token count when the model's tokenizer is not at hand: about 3 characters a token for JSON and clinical text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3)
}

/**
 * Entries each cache keeps before it starts again: an export's memory must not grow with the dataset. Repeats are
 * close together (one item's rows share a prompt and a target; duplicates of a report are usually signed together),
 * so a bounded cache keeps nearly all the hits.
 */
export const CACHE_ENTRIES = 20_000

/** What counting needs of a node-llama-cpp LlamaModel (loaded vocabulary only). */
export interface ExportTokenizer extends PromptTokenizer {
  isSpecialToken(token: number): boolean
}

/** Keyed by content hash, so a cache holds no text (and so no patient data) and little memory per entry. */
const keyOf = (kind: string, text: string) => createHash('sha1').update(kind).update(text).digest('base64')

function remember(cache: Map<string, number>, key: string, n: number): number {
  if (cache.size >= CACHE_ENTRIES) cache.clear()
  cache.set(key, n)
  return n
}

class Counter implements TokenCounter {
  private readonly cache = new Map<string, number>()
  /** Tokens of a chat prompt's head (up to the end of its system message), or -1 where that head does not split exactly. */
  private readonly heads = new Map<string, number>()
  private readonly s: TokenCounterStats = { counted: 0, cacheHits: 0, tokenized: 0, characters: 0, tokens: 0, ms: 0 }

  constructor(
    readonly method: 'tokenizer' | 'estimated',
    readonly description: string,
    private readonly model: ExportTokenizer | null,
  ) {}

  prompt(text: string, format: PromptFormat, system = ''): number {
    return this.count(format === 'chat-template' ? 'c' : 'r', text, () => {
      if (!this.model) return estimateTokens(text)
      if (format === 'chat-template' && system !== '') {
        const split = this.splitCount(this.model, text, system)
        if (split !== null) return split
      }
      return this.tokenized(text.length, tokenizePrompt(this.model, text, format).tokens.length)
    })
  }

  completion(text: string): number {
    return this.count('t', text, () => (this.model ? this.tokenized(text.length, this.model.tokenize(text, false, 'trimLeadingSpace').length) : estimateTokens(text)))
  }

  stats(): TokenCounterStats {
    return { ...this.s }
  }

  private count(kind: string, text: string, count: () => number): number {
    this.s.counted++
    const started = performance.now()
    const key = keyOf(kind, text)
    let n = this.cache.get(key)
    if (n !== undefined) this.s.cacheHits++
    else n = remember(this.cache, key, count())
    this.s.ms += performance.now() - started
    return n
  }

  private tokenized(characters: number, tokens: number): number {
    this.s.tokenized++
    this.s.characters += characters
    this.s.tokens += tokens
    return tokens
  }

  /**
   * A chat prompt as its head (the template's opening and the system message: the instruction block, the same for
   * every report) plus its tail, the head counted once per export. Exact where the tail opens with a control token:
   * llama.cpp cuts a text at its control tokens first and tokenizes the pieces between them one by one, so no token
   * spans that cut (SentencePiece's space prefix depends only on whether a control token precedes, which it does in
   * both). Checked anyway against the whole prompt the first time each head is seen; a head that does not add up is
   * never split. Null: count the whole prompt.
   */
  private splitCount(model: ExportTokenizer, text: string, system: string): number | null {
    const at = text.indexOf(system)
    if (at < 0) return null
    const end = at + system.length
    const tail = text.slice(end)
    const opening = model.tokenize(tail.slice(0, 64), true)[0]
    if (opening === undefined || !model.isSpecialToken(opening)) return null
    const tailTokens = this.tokenized(tail.length, model.tokenize(tail, true).length)
    const head = text.slice(0, end)
    const key = keyOf('h', head)
    const known = this.heads.get(key)
    if (known !== undefined) return known < 0 ? null : known + tailTokens
    const headTokens = this.tokenized(head.length, tokenizePrompt(model, head, 'chat-template').tokens.length)
    const whole = this.tokenized(text.length, tokenizePrompt(model, text, 'chat-template').tokens.length)
    remember(this.heads, key, headTokens + tailTokens === whole ? headTokens : -1)
    return whole
  }
}

/** Counts with a model's tokenizer (a node-llama-cpp LlamaModel, loaded vocabulary only). */
export function tokenizerCounter(model: ExportTokenizer, description: string): TokenCounter {
  return new Counter('tokenizer', description, model)
}

/** The estimate, with the reason the tokenizer was not used. */
export function estimatingCounter(reason: string): TokenCounter {
  return new Counter('estimated', `estimated (characters / 3): ${reason}`, null)
}

/**
 * An item's length in tokens: its prompt as the engine evaluated it (a chat-rendered prompt with its control tokens,
 * raw text otherwise) plus the longest of its rows' targets. Each distinct text is tokenized once (the counter caches).
 */
export function itemTokens(counter: TokenCounter, prompt: ExportPrompt, rows: readonly Row[]): number {
  let longest = 0
  for (const r of rows) {
    const n = r.type === 'preference' ? Math.max(counter.completion(r.chosen), counter.completion(r.rejected)) : counter.completion(r.completion)
    longest = Math.max(longest, n)
  }
  const chat = prompt.origin === 'chat' || (prompt.origin === 'built' && prompt.builtFormat === 'chat-template')
  return (chat ? counter.prompt(prompt.rendered, 'chat-template', prompt.system) : counter.prompt(prompt.rendered, 'raw')) + longest
}
