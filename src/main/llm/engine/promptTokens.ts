// The tokens the engine evaluates for a prompt: how special tokens and the beginning-of-sequence token are handled.
//
// Raw text (a model without a chat template) is tokenized as node-llama-cpp's completions do it: text only, never
// special tokens, after the model's BOS when it wants one, without the leading space a SentencePiece tokenizer adds.
//
// A chat-rendered prompt is tokenized as llama.cpp's server tokenizes a templated prompt and as a Hugging Face
// tokenizer reads the same text in training: special tokens are parsed, so the template's turn markers
// ("<|im_start|>") are single control tokens, not their spelling in pieces. BOS:
// - a template that writes BOS itself (bos_token: Llama 3, Mistral, Gemma) has it in the rendered text, which then
//   starts with the BOS token: nothing is added, so BOS is never doubled;
// - otherwise BOS is put in front when the model's tokenizer asks for it (GGUF tokenizer.ggml.add_bos_token), as
//   llama.cpp does and as a Hugging Face tokenizer does when it reads the rendered text (add_special_tokens);
// - a model that does not want BOS (Qwen's ChatML) gets none.
// The stored prompt is the rendered text; BOS is not part of it unless the template wrote it.
import type { PromptFormat } from '../prompt/chatTemplate'

/** What tokenizing needs of a node-llama-cpp LlamaModel. */
export interface PromptTokenizer {
  tokenize(text: string, specialTokens: boolean, options?: 'trimLeadingSpace'): readonly number[]
  readonly tokens: { readonly bos: number | null; readonly shouldPrependBosToken: boolean }
}

export function tokenizePrompt(model: PromptTokenizer, text: string, format: PromptFormat): { tokens: number[]; bosAdded: boolean } {
  const bos = model.tokens.bos !== null && model.tokens.shouldPrependBosToken ? model.tokens.bos : null
  if (format === 'raw') {
    const tokens = [...model.tokenize(text, false, bos !== null ? 'trimLeadingSpace' : undefined)]
    return bos !== null ? { tokens: [bos, ...tokens], bosAdded: true } : { tokens, bosAdded: false }
  }
  const tokens = [...model.tokenize(text, true)]
  if (bos === null || tokens[0] === bos) return { tokens, bosAdded: false }
  return { tokens: [bos, ...tokens], bosAdded: true }
}
