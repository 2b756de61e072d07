// Generated tokens to text, as node-llama-cpp's completions turn them: streamed in chunks that never end inside a
// character split across tokens, cut at the grammar's stop triggers (four newlines after a JSON document), trailing
// whitespace trimmed where the grammar asks for it.
import type { LlamaGrammar, LlamaModel, Token } from 'node-llama-cpp'

const REPLACEMENT_CHARACTER = '\uFFFD'
/** A UTF-8 character spans at most 4 bytes, so at most 4 byte tokens; a longer wait would be a token that is really "�". */
const MAX_PARTIAL_TOKENS = 4

/** The grammar's stop triggers that are plain text (a trigger made of special tokens cannot appear in decoded text). */
function textTriggers(grammar: LlamaGrammar | undefined): string[] {
  const triggers: string[] = []
  for (const trigger of grammar?.stopGenerationTriggers ?? []) {
    const values: readonly unknown[] = typeof trigger === 'string' ? [trigger] : Array.isArray(trigger) ? trigger : (trigger as { values: readonly unknown[] }).values
    if (values.every((v): v is string => typeof v === 'string')) triggers.push(values.join(''))
  }
  return triggers.filter((t) => t.length > 0)
}

export class TextStream {
  private readonly tokens: Token[] = []
  private pending: Token[] = []
  private text = ''
  /** Characters of `text` given to onText so far. */
  private emitted = 0
  private readonly triggers: string[]
  private readonly longestTrigger: number

  constructor(
    private readonly model: LlamaModel,
    private readonly grammar: LlamaGrammar | undefined,
    private readonly onText?: (chunk: string) => void,
  ) {
    this.triggers = textTriggers(grammar)
    this.longestTrigger = Math.max(0, ...this.triggers.map((t) => t.length))
  }

  /** Adds a generated token; returns false once a stop trigger has appeared in the text. */
  push(token: Token): boolean {
    this.pending.push(token)
    const chunk = this.model.detokenize(this.pending, false, this.tokens)
    if (chunk.endsWith(REPLACEMENT_CHARACTER) && this.pending.length < MAX_PARTIAL_TOKENS) return true
    this.tokens.push(...this.pending)
    this.pending = []
    const searchFrom = Math.max(0, this.text.length - this.longestTrigger)
    this.text += chunk
    // Trailing whitespace is held back until something follows it, so the chunks add up to the trimmed text.
    const { text: visible, stopped } = this.cut(this.text, searchFrom)
    if (visible.length > this.emitted) {
      this.onText?.(visible.slice(this.emitted))
      this.emitted = visible.length
    }
    return !stopped
  }

  /** The whole text: decoded in one piece, up to the first stop trigger. */
  finish(): string {
    this.tokens.push(...this.pending)
    this.pending = []
    return this.cut(this.model.detokenize(this.tokens), 0).text
  }

  /** `text` up to the first stop trigger found from `searchFrom` on, trimmed where the grammar asks for it. */
  private cut(text: string, searchFrom: number): { text: string; stopped: boolean } {
    let stopped = false
    for (const trigger of this.triggers) {
      const at = text.indexOf(trigger, searchFrom)
      if (at >= 0) {
        text = text.slice(0, at)
        stopped = true
      }
    }
    return { text: this.grammar?.trimWhitespaceSuffix ? text.trimEnd() : text, stopped }
  }
}
