// A draft's messages rendered with the model's own chat template, as Hugging Face's apply_chat_template renders them.
// Pure (no model loaded, no clock, no node-llama-cpp): the interpretation service renders the prompt the engine
// evaluates with it, and the training-data export renders stored messages with it, so both get the same bytes; the
// engine process may import it too.
import { createHash } from 'node:crypto'
import { Template } from '@huggingface/jinja'

/**
 * One message of a chat-form prompt, in the OpenAI / Hugging Face shape. A draft's prompt is two: system (the
 * instruction block) and user (the report with its findings and patient context).
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

/** How the engine fed a draft's prompt to the model. */
export type PromptFormat = 'chat-template' | 'raw'

/** A model's chat template (GGUF `tokenizer.chat_template`) with the special-token texts templates may print. */
export interface ChatTemplate {
  template: string
  /** Texts of the tokenizer's special tokens, by the names Hugging Face gives templates (bos_token, eos_token, …). */
  specialTokens: Readonly<Partial<Record<SpecialTokenName, string>>>
}

export const SPECIAL_TOKEN_NAMES = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token'] as const
export type SpecialTokenName = (typeof SPECIAL_TOKEN_NAMES)[number]

// GGUF keys (tokenizer.ggml.*) of the token ids behind each name; the "seperator" spelling is llama.cpp's own.
const GGUF_TOKEN_ID_KEYS: Readonly<Record<SpecialTokenName, readonly string[]>> = {
  bos_token: ['bos_token_id'],
  eos_token: ['eos_token_id'],
  unk_token: ['unknown_token_id'],
  sep_token: ['seperator_token_id', 'separator_token_id'],
  pad_token: ['padding_token_id'],
  cls_token: ['cls_token_id'],
  mask_token: ['mask_token_id'],
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * The chat template of a model from its GGUF metadata (as node-llama-cpp's readGgufFileInfo or a loaded model's
 * fileInfo gives it), or null for a model without one (it is then prompted with raw text).
 */
export function chatTemplateFromGguf(metadata: unknown): ChatTemplate | null {
  const tokenizer = isRecord(metadata) ? metadata.tokenizer : undefined
  if (!isRecord(tokenizer)) return null
  const template = tokenizer.chat_template
  if (typeof template !== 'string' || template.trim() === '') return null
  const ggml = isRecord(tokenizer.ggml) ? tokenizer.ggml : {}
  const tokens = Array.isArray(ggml.tokens) ? (ggml.tokens as unknown[]) : []
  const specialTokens: Partial<Record<SpecialTokenName, string>> = {}
  for (const name of SPECIAL_TOKEN_NAMES) {
    for (const key of GGUF_TOKEN_ID_KEYS[name]) {
      const raw = ggml[key]
      const id = typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : null
      const text = id !== null && id >= 0 ? tokens[id] : undefined
      if (typeof text === 'string') {
        specialTokens[name] = text
        break
      }
    }
  }
  return { template, specialTokens }
}

/** SHA-256 (hex) of the chat template's text, recorded in provenance: which template rendered a stored prompt. */
export function chatTemplateSha256(template: string): string {
  return createHash('sha256').update(template, 'utf8').digest('hex')
}

// Parsing a template costs far more than rendering it; a process sees one or two templates.
const parsed = new Map<string, Template>()

function compiled(template: string): Template {
  let t = parsed.get(template)
  if (!t) {
    t = new Template(template)
    if (parsed.size >= 8) parsed.clear()
    parsed.set(template, t)
  }
  return t
}

/**
 * The prompt text for `messages`: `tokenizer.apply_chat_template(messages, tokenize=False,
 * add_generation_prompt=True)` as Hugging Face transformers renders it (Jinja with trim_blocks and lstrip_blocks, the
 * tokenizer's special tokens as variables, no tools, no documents), so it ends where the assistant's answer begins.
 * It contains the special tokens the template prints (turn markers, and BOS where the template writes it) as text;
 * the engine tokenizes them as special tokens. Throws a located, patient-free message when the template cannot be
 * rendered or refuses the messages (some templates reject a system message).
 */
export function renderChatPrompt(chat: ChatTemplate, messages: readonly ChatMessage[]): string {
  let template: Template
  try {
    template = compiled(chat.template)
  } catch (err) {
    throw new Error(`the model's chat template cannot be read (${err instanceof Error ? err.message : String(err)})`)
  }
  try {
    return template.render({
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      add_generation_prompt: true,
      // transformers passes these as None when absent; templates test them with "is not none".
      tools: null,
      documents: null,
      ...chat.specialTokens,
    })
  } catch (err) {
    throw new Error(`the model's chat template cannot render these messages (${messages.map((m) => m.role).join(', ')}): ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** The prompt a model is given and how: what the engine evaluates and provenance records. */
export interface ModelPrompt {
  /** The exact text the engine evaluates, and the interpretation stores. */
  prompt: string
  promptFormat: PromptFormat
  /** SHA-256 of the chat template that rendered `prompt`; null for raw text. */
  chatTemplateSha256: string | null
}

/**
 * A prompt's content as its model is given it: the messages rendered with the model's chat template, or the filled
 * template as raw text for a model without one. Never raw text for a model with a template, even one that cannot
 * render the messages (that throws): a model prompted unlike it is trained on Readout's export would draft worse
 * without anyone noticing.
 */
export function promptForModel(content: { text: string; messages: readonly ChatMessage[] }, chat: ChatTemplate | null): ModelPrompt {
  if (!chat) return { prompt: content.text, promptFormat: 'raw', chatTemplateSha256: null }
  return { prompt: renderChatPrompt(chat, content.messages), promptFormat: 'chat-template', chatTemplateSha256: chatTemplateSha256(chat.template) }
}
