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
  /** Texts tokenized, their characters and tokens, and the time spent tokenizing them (hashing included). */
  tokenized: number
  characters: number
  tokens: number
  ms: number
}

export interface TokenCounter {
  /** 'tokenizer': counted with the model's tokenizer; 'estimated': characters ÷ 3. */
  readonly method: 'tokenizer' | 'estimated'
  /** What counted, or why the estimate was used, for the quality report and DATASET.md (no patient data). */
  readonly description: string
  prompt(text: string, format: PromptFormat): number
  completion(text: string): number
  stats(): TokenCounterStats
}

/** A rough token count when the model's tokenizer is not at hand: about 3 characters a token for JSON and clinical text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3)
}

/**
 * Entries the cache keeps before it starts again: an export's memory must not grow with the dataset. Repeats are
 * close together (one item's rows share a prompt and a target; duplicates of a report are usually signed together),
 * so a bounded cache keeps nearly all the hits.
 */
export const CACHE_ENTRIES = 20_000

class Counter implements TokenCounter {
  private readonly cache = new Map<string, number>()
  private readonly s: TokenCounterStats = { counted: 0, cacheHits: 0, tokenized: 0, characters: 0, tokens: 0, ms: 0 }

  constructor(
    readonly method: 'tokenizer' | 'estimated',
    readonly description: string,
    private readonly countPrompt: (text: string, format: PromptFormat) => number,
    private readonly countCompletion: (text: string) => number,
  ) {}

  prompt(text: string, format: PromptFormat): number {
    return this.count(format === 'chat-template' ? 'c' : 'r', text, () => this.countPrompt(text, format))
  }

  completion(text: string): number {
    return this.count('t', text, () => this.countCompletion(text))
  }

  stats(): TokenCounterStats {
    return { ...this.s }
  }

  /** Keyed by content hash, so the cache holds no text (and so no patient data) and little memory per entry. */
  private count(kind: string, text: string, tokenize: () => number): number {
    this.s.counted++
    const started = performance.now()
    const key = createHash('sha1').update(kind).update(text).digest('base64')
    const known = this.cache.get(key)
    if (known !== undefined) {
      this.s.cacheHits++
      this.s.ms += performance.now() - started
      return known
    }
    const n = tokenize()
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear()
    this.cache.set(key, n)
    this.s.tokenized++
    this.s.characters += text.length
    this.s.tokens += n
    this.s.ms += performance.now() - started
    return n
  }
}

/** Counts with a model's tokenizer (a node-llama-cpp LlamaModel, loaded vocabulary only). */
export function tokenizerCounter(model: PromptTokenizer, description: string): TokenCounter {
  return new Counter(
    'tokenizer',
    description,
    (text, format) => tokenizePrompt(model, text, format).tokens.length,
    (text) => model.tokenize(text, false, 'trimLeadingSpace').length,
  )
}

/** The estimate, with the reason the tokenizer was not used. */
export function estimatingCounter(reason: string): TokenCounter {
  return new Counter('estimated', `estimated (characters / 3): ${reason}`, estimateTokens, estimateTokens)
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
  return counter.prompt(prompt.rendered, prompt.origin === 'chat' ? 'chat-template' : 'raw') + longest
}
