// Chat templates: messages rendered as transformers' apply_chat_template(add_generation_prompt=True) renders them,
// special-token texts from GGUF metadata, the template hash. Expected texts were worked out by hand.
import { describe, expect, it } from 'vitest'
import { CHATML_TEMPLATE } from '../../../../scripts/make-test-models'
import { chatTemplateFromGguf, chatTemplateSha256, promptForModel, renderChatPrompt, type ChatMessage, type ChatTemplate } from './chatTemplate'

// Meta-Llama-3-8B-Instruct's template, verbatim: BOS written by the template, contents trimmed.
const LLAMA3 =
  "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"
// Block tags on lines of their own: transformers renders with trim_blocks and lstrip_blocks.
const ZEPHYR_LIKE = '{% for message in messages %}\n<|{{ message.role }}|>\n{{ message.content }}\n  {% endfor %}\n{% if add_generation_prompt %}\n<|assistant|>\n{% endif %}'
// Gemma's first check: it has no system role.
const NO_SYSTEM = "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% for m in messages %}{{ m.content }}{% endfor %}"

const tpl = (template: string, specialTokens: ChatTemplate['specialTokens'] = {}): ChatTemplate => ({ template, specialTokens })
const draft = (system: string, user: string): ChatMessage[] => [
  { role: 'system', content: system },
  { role: 'user', content: user },
]

describe('renderChatPrompt', () => {
  const cases: [string, ChatTemplate, ChatMessage[], string][] = [
    [
      'ChatML (the test models), ending where the assistant answers',
      tpl(CHATML_TEMPLATE),
      draft('Rules.', 'REPORT\nK 6.9'),
      '<|im_start|>system\nRules.<|im_end|>\n<|im_start|>user\nREPORT\nK 6.9<|im_end|>\n<|im_start|>assistant\n',
    ],
    [
      'Llama 3: BOS from the template, once',
      tpl(LLAMA3, { bos_token: '<|begin_of_text|>', eos_token: '<|end_of_text|>' }),
      draft('Rules.', ' REPORT '),
      '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nRules.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nREPORT<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
    ],
    ['trim_blocks and lstrip_blocks', tpl(ZEPHYR_LIKE), draft('S', 'U'), '<|system|>\nS\n<|user|>\nU\n<|assistant|>\n'],
    [
      'message text is data, never template syntax',
      tpl(CHATML_TEMPLATE, { bos_token: '<s>' }),
      draft('{{ bos_token }}', '{% if true %}x{% endif %}'),
      '<|im_start|>system\n{{ bos_token }}<|im_end|>\n<|im_start|>user\n{% if true %}x{% endif %}<|im_end|>\n<|im_start|>assistant\n',
    ],
  ]
  it.each(cases)('%s', (_name, chat, messages, expected) => {
    expect(renderChatPrompt(chat, messages)).toBe(expected)
  })

  it('says why a template cannot be used, without the messages', () => {
    expect(() => renderChatPrompt(tpl(NO_SYSTEM), draft('secret rules', 'K 6.9'))).toThrow(/cannot render these messages \(system, user\): .*System role not supported/)
    expect(() => renderChatPrompt(tpl('{% for %}'), draft('S', 'U'))).toThrow(/chat template cannot be read/)
    try {
      renderChatPrompt(tpl(NO_SYSTEM), draft('secret rules', 'K 6.9'))
    } catch (err) {
      expect(String(err)).not.toMatch(/secret|6\.9/)
    }
  })
})

describe('chatTemplateFromGguf', () => {
  const vocab = ['<unk>', '<s>', '</s>', '<|im_end|>']
  const cases: [string, unknown, ChatTemplate | null][] = [
    ['no metadata', undefined, null],
    ['no tokenizer section', { general: { name: 'x' } }, null],
    ['no chat template', { tokenizer: { ggml: { tokens: vocab, bos_token_id: 1 } } }, null],
    ['a blank chat template', { tokenizer: { chat_template: '  ', ggml: { tokens: vocab } } }, null],
    [
      'special tokens by id',
      { tokenizer: { chat_template: 'T', ggml: { tokens: vocab, bos_token_id: 1, eos_token_id: 3, unknown_token_id: 0, padding_token_id: 2n } } },
      tpl('T', { bos_token: '<s>', eos_token: '<|im_end|>', unk_token: '<unk>', pad_token: '</s>' }),
    ],
    ['an id outside the vocabulary, or no vocabulary', { tokenizer: { chat_template: 'T', ggml: { bos_token_id: 9 } } }, tpl('T')],
    ["llama.cpp's separator spelling", { tokenizer: { chat_template: 'T', ggml: { tokens: vocab, seperator_token_id: 2 } } }, tpl('T', { sep_token: '</s>' })],
  ]
  it.each(cases)('%s', (_name, metadata, expected) => {
    expect(chatTemplateFromGguf(metadata)).toEqual(expected)
  })
})

describe('promptForModel', () => {
  const content = { text: 'Rules.\n\nREPORT\nK 6.9\n', messages: draft('Rules.', 'REPORT\nK 6.9') }
  it('renders the messages with the model\'s template, and says which template', () => {
    expect(promptForModel(content, tpl(CHATML_TEMPLATE))).toEqual({
      prompt: '<|im_start|>system\nRules.<|im_end|>\n<|im_start|>user\nREPORT\nK 6.9<|im_end|>\n<|im_start|>assistant\n',
      promptFormat: 'chat-template',
      chatTemplateSha256: chatTemplateSha256(CHATML_TEMPLATE),
    })
  })
  it('gives the raw text to a model without a template', () => {
    expect(promptForModel(content, null)).toEqual({ prompt: content.text, promptFormat: 'raw', chatTemplateSha256: null })
  })
  it('never falls back to raw text when the template cannot render the messages', () => {
    expect(() => promptForModel(content, tpl(NO_SYSTEM))).toThrow(/System role not supported/)
  })
})

describe('chatTemplateSha256', () => {
  it('is the SHA-256 of the template text', () => {
    expect(chatTemplateSha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(chatTemplateSha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})
