// The six training formats: a strict zod schema per line, and how each renders the rows it carries.
import { z } from 'zod'
import type { Row, RowType } from './rows'
import type { ExportPrompt } from './types'

import { EXPORT_FORMATS, type ExportFormat } from '../../shared/domain/trainingExport'

export { EXPORT_FORMATS, type ExportFormat }

const text = z.string().min(1)
const system = z.strictObject({ role: z.literal('system'), content: text })
const user = z.strictObject({ role: z.literal('user'), content: text })
const assistant = z.strictObject({ role: z.literal('assistant'), content: text })
/** [system?, user]: a draft stored before chat rendering has no system message. */
const inputMessages = z.union([z.tuple([system, user]), z.tuple([user])])
const chatMessages = z.union([z.tuple([system, user, assistant]), z.tuple([user, assistant])])

/** One line of each format, as the service or library documents it; extra keys are refused. */
export const FORMAT_SCHEMAS = {
  // OpenAI / Azure AI Foundry chat fine-tuning.
  'openai-chat': z.strictObject({ messages: chatMessages }),
  // OpenAI / Azure preference fine-tuning (DPO).
  'openai-dpo': z.strictObject({
    input: z.strictObject({ messages: inputMessages }),
    preferred_output: z.tuple([assistant]),
    non_preferred_output: z.tuple([assistant]),
  }),
  // TRL conversational language modelling (SFTTrainer).
  'trl-sft': z.strictObject({ messages: chatMessages }),
  // TRL standard prompt-completion: the prompt as the model's chat template renders it.
  'trl-prompt-completion': z.strictObject({ prompt: text, completion: text }),
  // TRL conversational preference (DPOTrainer): explicit prompt.
  'trl-preference': z.strictObject({ prompt: inputMessages, chosen: z.tuple([assistant]), rejected: z.tuple([assistant]) }),
  // TRL conversational unpaired preference (KTOTrainer).
  'trl-kto': z.strictObject({ prompt: inputMessages, completion: z.tuple([assistant]), label: z.boolean() }),
} as const satisfies Record<ExportFormat, z.ZodType>

/** Which row types each format carries. KTO needs both labels: supervised rows go in as desirable, unpaired ones as undesirable. */
export const FORMAT_ROWS: Readonly<Record<ExportFormat, readonly RowType[]>> = {
  'openai-chat': ['sft'],
  'openai-dpo': ['preference'],
  'trl-sft': ['sft'],
  'trl-prompt-completion': ['sft'],
  'trl-preference': ['preference'],
  'trl-kto': ['sft', 'unpaired'],
}

function input(p: ExportPrompt) {
  return p.system === '' ? [{ role: 'user' as const, content: p.user }] : [
      { role: 'system' as const, content: p.system },
      { role: 'user' as const, content: p.user },
    ]
}

const reply = (content: string) => [{ role: 'assistant' as const, content }]

function render(format: ExportFormat, row: Row): unknown {
  switch (format) {
    case 'openai-chat':
    case 'trl-sft':
      return row.type === 'sft' ? { messages: [...input(row.prompt), ...reply(row.completion)] } : null
    case 'trl-prompt-completion':
      return row.type === 'sft' ? { prompt: row.prompt.rendered, completion: row.completion } : null
    case 'openai-dpo':
      return row.type === 'preference' ? { input: { messages: input(row.prompt) }, preferred_output: reply(row.chosen), non_preferred_output: reply(row.rejected) } : null
    case 'trl-preference':
      return row.type === 'preference' ? { prompt: input(row.prompt), chosen: reply(row.chosen), rejected: reply(row.rejected) } : null
    case 'trl-kto':
      if (row.type === 'sft') return { prompt: input(row.prompt), completion: reply(row.completion), label: true }
      if (row.type === 'unpaired') return { prompt: input(row.prompt), completion: reply(row.completion), label: false }
      return null
  }
}

/**
 * The row as one JSONL line of the format (no newline), validated against the format's schema; null when the format
 * does not carry this row type. A line that fails its schema throws, naming the format and the field.
 */
export function formatLine(format: ExportFormat, row: Row): string | null {
  const value = render(format, row)
  if (value === null) return null
  const checked = FORMAT_SCHEMAS[format].safeParse(value)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    throw new Error(`${format} line fails its schema at ${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'invalid'}`)
  }
  return JSON.stringify(checked.data)
}
