// The model's structured draft interpretation: one definition yields both the zod schema and the grammar's JSON schema.
// Runtime-neutral: no Node, no DOM, no Electron.
import { z } from 'zod'

export const DRAFT_SEVERITIES = ['normal', 'abnormal', 'critical'] as const
export type DraftSeverity = (typeof DRAFT_SEVERITIES)[number]

/** Length limits, shared by the prompt's instructions, the grammar and the parser. */
export const DRAFT_LIMITS = {
  summary: 600,
  findings: 8,
  statement: 300,
  evidence: 8,
  evidenceId: 12,
  recommendation: 300,
  comparison: 400,
  limitations: 400,
} as const

/**
 * The JSON-schema subset node-llama-cpp's grammar compiler accepts, narrowed so that every
 * string has a maxLength and every array a maxItems: a model with random weights must still
 * stop. It is a structural subset of node-llama-cpp's GbnfJsonSchema (checked by a main-side test).
 */
export type DraftJsonSchema =
  | { readonly type: 'string'; readonly maxLength: number }
  | { readonly type: 'null' }
  | { readonly enum: readonly string[] }
  | { readonly oneOf: readonly DraftJsonSchema[] }
  | { readonly type: 'array'; readonly items: DraftJsonSchema; readonly maxItems: number }
  | {
      readonly type: 'object'
      readonly properties: Readonly<Record<string, DraftJsonSchema>>
      readonly additionalProperties: false
    }

interface Field<Z extends z.ZodType> {
  readonly zod: Z
  readonly json: DraftJsonSchema
}

// The grammar counts characters (code points; an escape sequence is one), zod's max() counts
// UTF-16 units: counting code points keeps every grammar-valid string parseable.
function codePointLength(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

function text(maxLength: number): Field<z.ZodString> {
  return {
    zod: z.string().refine((s) => codePointLength(s) <= maxLength, { message: `at most ${maxLength} characters` }),
    json: { type: 'string', maxLength },
  }
}

function oneOfValues<const T extends readonly [string, ...string[]]>(values: T): Field<z.ZodEnum<{ [K in T[number]]: K }>> {
  return { zod: z.enum(values), json: { enum: values } }
}

function list<Z extends z.ZodType>(item: Field<Z>, maxItems: number): Field<z.ZodArray<Z>> {
  return { zod: z.array(item.zod).max(maxItems), json: { type: 'array', items: item.json, maxItems } }
}

function nullable<Z extends z.ZodType>(field: Field<Z>): Field<z.ZodNullable<Z>> {
  return { zod: field.zod.nullable(), json: { oneOf: [field.json, { type: 'null' }] } }
}

type Shape<F extends Record<string, Field<z.ZodType>>> = { [K in keyof F]: F[K]['zod'] }

// Property order is generation order: the grammar emits the keys exactly as listed here.
function object<F extends Record<string, Field<z.ZodType>>>(fields: F): Field<z.ZodObject<Shape<F>, z.core.$strict>> {
  const shape: Record<string, z.ZodType> = {}
  const properties: Record<string, DraftJsonSchema> = {}
  for (const [key, field] of Object.entries(fields)) {
    shape[key] = field.zod
    properties[key] = field.json
  }
  return {
    // The loop above builds exactly Shape<F>; TypeScript cannot follow a key-by-key build.
    zod: z.strictObject(shape as Shape<F>),
    json: { type: 'object', properties, additionalProperties: false },
  }
}

const severity = oneOfValues(DRAFT_SEVERITIES)

const draftFinding = object({
  statement: text(DRAFT_LIMITS.statement),
  severity,
  // Any short string: a malformed id is the evidence check's business, so that whatever the
  // grammar lets a model write still parses and can be shown with its problems.
  evidence: list(text(DRAFT_LIMITS.evidenceId), DRAFT_LIMITS.evidence),
  recommendation: nullable(text(DRAFT_LIMITS.recommendation)),
})

const draft = object({
  summary: text(DRAFT_LIMITS.summary),
  findings: list(draftFinding, DRAFT_LIMITS.findings),
  overall_severity: severity,
  comparison_with_prior: nullable(text(DRAFT_LIMITS.comparison)),
  limitations: text(DRAFT_LIMITS.limitations),
})

export const DraftFindingSchema = draftFinding.zod
export const InterpretationDraftSchema = draft.zod
export type DraftFinding = z.infer<typeof DraftFindingSchema>
export type InterpretationDraft = z.infer<typeof InterpretationDraftSchema>

/** The grammar's schema: pass to `llama.createGrammarForJsonSchema`. */
export const interpretationJsonSchema: DraftJsonSchema = draft.json

export type ParseDraftResult = { ok: true; draft: InterpretationDraft } | { ok: false; error: string }

/** Parses a model's output; the error names the first problem and where it is. */
export function parseDraft(text: string): ParseDraftResult {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    return { ok: false, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` }
  }
  const result = InterpretationDraftSchema.safeParse(value)
  if (result.success) return { ok: true, draft: result.data }
  const issue = result.error.issues[0]
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'draft'
  return { ok: false, error: `${where}: ${issue?.message ?? 'invalid'}` }
}

// ---------------------------------------------------------------------------------------------
// Evidence ids: how a draft points at its basis. One letter and the id shown in the prompt.
// ---------------------------------------------------------------------------------------------

export const EVIDENCE_KINDS = ['observation', 'statement', 'finding', 'report', 'metric'] as const
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number]

const PREFIX: Readonly<Record<EvidenceKind, string>> = { observation: 'O', statement: 'S', finding: 'F', report: 'R', metric: 'M' }
const KIND_OF_PREFIX: Readonly<Record<string, EvidenceKind>> = { O: 'observation', S: 'statement', F: 'finding', R: 'report', M: 'metric' }

export interface EvidenceRef {
  kind: EvidenceKind
  id: number
}

export const evidenceId = {
  /** An observation of this report, by its stored id. */
  observation: (id: number): string => `${PREFIX.observation}${id}`,
  /** A statement or note of this report, by its seq. */
  statement: (seq: number): string => `${PREFIX.statement}${seq}`,
  /** A rule finding, by its stored id. */
  finding: (id: number): string => `${PREFIX.finding}${id}`,
  /** An earlier report of the same patient given in the prompt's patient context. */
  report: (id: number): string => `${PREFIX.report}${id}`,
  /** A summary metric of this report, by its 1-based position in `metricNames(report.metrics)`. */
  metric: (position: number): string => `${PREFIX.metric}${position}`,
} as const

const EVIDENCE_ID = /^([OSFRM])(0|[1-9]\d{0,9})$/

/** "O12" → { kind: 'observation', id: 12 }; null for anything that is not exactly an id. */
export function parseEvidenceId(text: string): EvidenceRef | null {
  const m = EVIDENCE_ID.exec(text)
  if (!m || m[1] === undefined || m[2] === undefined) return null
  const kind = KIND_OF_PREFIX[m[1]]
  const id = Number(m[2])
  return kind === undefined || !Number.isSafeInteger(id) ? null : { kind, id }
}

/**
 * A report's metric names in evidence order (M1 is the first). Sorted by code unit, not by
 * locale, so the numbering never depends on the machine it runs on.
 */
export function metricNames(metrics: Readonly<Record<string, number>>): string[] {
  return Object.keys(metrics).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
