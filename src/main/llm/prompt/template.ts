// Prompt templates: placeholders, the reusable instruction prefix, the version that provenance records.
import { createHash } from 'node:crypto'

/** The sections a template may place; each is rendered from the report by the context builder. */
export const PLACEHOLDERS = ['report', 'findings', 'patient_context'] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

// Strict spelling only: a near miss ("{{ report }}") is reported by checkTemplate, not half-filled.
const PLACEHOLDER = /\{\{([a-z_]+)\}\}/g

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name)
}

/**
 * "tpl-" + the first 12 hex digits of the template's SHA-256: stored with every interpretation so
 * an exported prompt can be traced to, and rebuilt from, the exact template text.
 */
export function templateVersion(text: string): string {
  return `tpl-${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12)}`
}

/**
 * The instruction block before the first placeholder and the rest. The prefix is identical for
 * every report, so the engine evaluates it once and reuses its state.
 */
export function splitTemplate(template: string): { prefix: string; rest: string } {
  const at = template.search(/\{\{[a-z_]+\}\}/)
  if (at < 0) return { prefix: template, rest: '' }
  return { prefix: template.slice(0, at), rest: template.slice(at) }
}

/**
 * The template cut into a draft's two chat messages. The system message is the instruction block: the prefix up to
 * its last blank line, which is the same for every report, so its evaluated state is reused. The paragraph right
 * before the first placeholder is the heading of what follows (the default template's "REPORT"), so it opens the user
 * message with the rest of the template. A prefix without a blank line is all instructions. Whitespace around either
 * message is dropped: chat templates put their own separators around a message.
 */
export function messageTemplates(template: string): { system: string; user: string } {
  const { prefix, rest } = splitTemplate(template)
  const cut = prefix.trimEnd().lastIndexOf('\n\n')
  if (cut < 0 || prefix.slice(0, cut).trim() === '') return { system: prefix.trim(), user: rest.trim() }
  return { system: prefix.slice(0, cut).trim(), user: `${prefix.slice(cut).trimStart()}${rest}`.trim() }
}

/** Problems that make a template unusable; empty when it is fine. For the settings editor. */
export function checkTemplate(template: string): string[] {
  const problems: string[] = []
  const used = new Set<string>()
  for (const m of template.matchAll(PLACEHOLDER)) used.add(m[1] ?? '')
  for (const name of used) {
    if (!isPlaceholder(name)) problems.push(`unknown placeholder {{${name}}}: use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`)
  }
  if (!used.has('report')) problems.push('the template must contain {{report}}')
  const loose = /\{\{\s+[a-z_]+\s*\}\}|\{\{[a-z_]+\s+\}\}/.exec(template)
  if (loose) problems.push(`placeholder "${loose[0]}" must be written without spaces`)
  if (splitTemplate(template).prefix.trim() === '') {
    problems.push('the template must start with its instructions: text before the first placeholder is what every report shares')
  }
  return problems
}

/** Replaces each placeholder with its section; throws on an unknown one rather than leaving it in the prompt. */
export function fillTemplate(template: string, sections: Readonly<Record<Placeholder, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isPlaceholder(name)) throw new Error(`unknown placeholder ${whole} in the prompt template`)
    return sections[name]
  })
}
