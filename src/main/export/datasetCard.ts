// DATASET.md: what the folder holds, how it was made, and what it cannot be trusted for.
import type { DeidReport } from './rowWriter'
import type { ExportFormat } from './formats'
import type { QualityReport } from './quality'
import type { SplitRatios } from './hygiene/split'

export interface CardFacts {
  exportId: number
  createdYear: string
  appVersion: string
  formats: readonly ExportFormat[]
  seed: number
  ratios: SplitRatios
  sinceExportId: number | null
  signedYears: { from: string | null; to: string | null }
  templateVersions: string[]
  baseModels: string[]
  adapters: string[]
  promptOrigins: Record<string, number>
  quality: QualityReport
  deid: DeidReport
  contextSize: number
}

const list = (xs: readonly string[]) => (xs.length === 0 ? 'none' : xs.map((x) => `\`${x}\``).join(', '))

export function datasetCard(f: CardFacts): string {
  const q = f.quality
  const lines = [
    `# Readout training data, export ${f.exportId}`,
    '',
    `Made by Readout ${f.appVersion} in ${f.createdYear}${f.sinceExportId !== null ? `, holding what was signed since export ${f.sinceExportId} (and the frozen test split)` : ''}.`,
    `Clinician-signed interpretations of device reports, signed ${f.signedYears.from ?? '?'}–${f.signedYears.to ?? '?'}.`,
    '',
    '## Counts',
    '',
    `Items: ${q.items}. Rows: ${q.rows.sft} supervised, ${q.rows.preference} preference, ${q.rows.unpaired} unpaired (undesirable).`,
    `Items per split: train ${q.perSplit.train}, validation ${q.perSplit.validation}, test ${q.perSplit.test}.`,
    `Per kind: ${q.perKind.map((k) => `${k.kind} ${k.count}`).join(', ') || 'none'}. Details, per condition and warnings: \`quality-report.json\`.`,
    `Token lengths (prompt as the model evaluated it + longest target), ${q.tokens.method === 'tokenizer' ? "counted with the base model's tokenizer" : '**estimated**, not counted with a tokenizer'}: ` +
      `mean ${q.tokens.mean ?? '–'}, 95th percentile ${q.tokens.p95 ?? '–'}, longest ${q.tokens.max ?? '–'}; context ${f.contextSize} tokens.`,
    '',
    '## Files',
    '',
    'Per format a folder with `train.jsonl`, `validation.jsonl`, `test.jsonl`; `metadata.jsonl` has one line per row',
    '(`row_id`, `row_type`, `split`, and `lines`: the row\'s 1-based line in each format\'s file of that split).',
    '',
    '| format | rows it holds | line shape |',
    '| --- | --- | --- |',
    ...f.formats.map((fmt) => `| \`${fmt}\` | ${FORMAT_NOTES[fmt][0]} | ${FORMAT_NOTES[fmt][1]} |`),
    '',
    '## Input and target',
    '',
    '- The input is the prompt of the draft the clinician reviewed: the system message is the template\'s instruction block, the',
    '  user message the report, rule findings and patient context; `trl-prompt-completion` holds the rendered text.',
    `- Prompt origins: ${Object.entries(f.promptOrigins).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}. \`raw\`: a draft stored before drafts were`,
    '  built as chat messages; its stored raw prompt is the user message and the rendered text, and it has no system message.',
    '  `built`: a report signed without a draft; the prompt is the one Readout builds today.',
    '- The target is the signed interpretation as compact JSON in the key order of the drafting grammar',
    '  (summary, findings[statement, severity, evidence, recommendation], overall_severity, comparison_with_prior, limitations).',
    `- Prompt template versions: ${list(f.templateVersions)}. Base models (SHA-256): ${list(f.baseModels)}. Adapters: ${list(f.adapters)}.`,
    '',
    '## De-identification',
    '',
    f.deid.enabled
      ? [
          'HIPAA Safe Harbor method. Structured fields by rule: no names, identifiers, addresses, contact details or device',
          'serials; dates reduced to the year (signing and observation) or kept as day offsets inside a prompt; ages over 89',
          'written "90+". Free text (prompts, targets, device model) scrubbed of the patient\'s own known identifiers (every',
          'name part, identifier values, birth date in common spellings, phone, e-mail, address parts, device serial) and of',
          'generic patterns (e-mail, URL, IP address, SSN, phone numbers, full dates). Patients appear only as random',
          'pseudonyms from a table kept on the workstation. A residual scan re-read every finished line before the folder was',
          `released; it found nothing. Replacements per category: ${Object.entries(f.deid.counts).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}.`,
        ].join('\n')
      : '**De-identification was turned off** by an administrator, with a stated reason recorded in the audit trail. This folder may contain identifiers: handle it as patient data.',
    '',
    '## Splits',
    '',
    `By patient (no patient in two splits), stratified by each patient's most frequent report kind: train ${f.ratios.train} %, validation ${f.ratios.validation} %, test ${f.ratios.test} %; seed ${f.seed}.`,
    'A patient keeps the split of the first export that placed them: the test split stays frozen across rounds.',
    '',
    '## Known limitations',
    '',
    `- Token counts are ${q.tokens.counter}; items longer than the context of ${f.contextSize} tokens were dropped (${q.tokens.droppedTooLong}).`,
    '  The end-of-turn tokens a trainer appends after the target (a few per row) are not counted.',
    '- De-identified prompts differ from what the model saw wherever they held a date or an identifier (placeholders such',
    '  as [NAME], [DATE], years instead of dates). Short name parts are scrubbed only as written, capitalised or in capitals;',
    '  a name that is also a word (e.g. "Long") is scrubbed as a word too.',
    '- Reviewers\' comments are not exported. KTO rows: supervised rows are desirable (label true); only rejected drafts are undesirable.',
    '- Duplicates were removed on normalised input text (case, white space, punctuation and evidence-id numbers ignored).',
    ...q.warnings.map((w) => `- Warning: ${w}.`),
    '',
  ]
  return lines.join('\n')
}

const FORMAT_NOTES: Readonly<Record<ExportFormat, [string, string]>> = {
  'openai-chat': ['supervised', '`{"messages":[system, user, assistant]}`'],
  'openai-dpo': ['preference', '`{"input":{"messages":[…]},"preferred_output":[…],"non_preferred_output":[…]}`'],
  'trl-sft': ['supervised', '`{"messages":[system, user, assistant]}`'],
  'trl-prompt-completion': ['supervised', '`{"prompt": rendered text, "completion": target}`'],
  'trl-preference': ['preference', '`{"prompt":[…],"chosen":[…],"rejected":[…]}`'],
  'trl-kto': ['supervised (label true) and unpaired (label false)', '`{"prompt":[…],"completion":[…],"label":bool}`'],
}
