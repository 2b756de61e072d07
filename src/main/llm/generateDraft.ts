// One draft of one report with a given configuration, stored nowhere: prompt → engine → parse → evidence → provenance.
// The interpretation service stores what it returns; evaluation runs, shadow and canary drafts use it as it is.
import { basename } from 'node:path'
import type { Provenance } from '../../shared/contract/interpret'
import type { ReportDetail } from '../../shared/contract/reports'
import { interpretationJsonSchema, parseDraft, type InterpretationDraft } from '../../shared/domain/interpretation'
import { AppError } from '../../shared/errors'
import type { Db } from '../store/db'
import { getModel, listModelRows, type ModelRow, type StoredConfig } from '../store/models'
import { activeNoteTexts } from '../store/patientNotes'
import type { GenerateResult, LlmBackend } from './engine/backend'
import { checkEvidence, standing, type EvidenceCheck, type Standing } from './evidence'
import { priorReportsFor } from './interpretations'
import type { PriorReport } from './prompt/context'
import { readChatTemplate } from './registry/chatTemplate'
import { buildPromptContext, DEFAULT_TEMPLATE, promptForModel, renderPrompt, type ChatMessage, type ModelPrompt, type RenderedPrompt } from './prompt'

/** What a draft is made with: the models, the template and the sampling; the rest of StoredConfig is the engine's. */
export type DraftSettings = Pick<StoredConfig, 'baseModelId' | 'adapters' | 'promptTemplate' | 'temperature' | 'seed' | 'maxTokens' | 'timeoutS'>

export interface GeneratedDraft {
  reportId: number
  /** The exact text the model evaluated, and the messages it was rendered from. */
  prompt: string
  messages: ChatMessage[]
  promptTemplateVersion: string
  rawOutput: string
  /** The parsed draft, or why the output is not one (said for the people who can act on it). */
  parsed: { ok: true; draft: InterpretationDraft } | { ok: false; error: string }
  /** The evidence check of a parsed draft; null when the output did not parse. */
  evidence: EvidenceCheck | null
  standing: Standing | null
  provenance: Provenance
  result: GenerateResult
  /** The registered base model the draft came from (undefined: a remote server's model that is not registered here). */
  base: ModelRow | undefined
}

export interface GenerateDraftOptions {
  signal?: AbortSignal
  onText?: (text: string) => void
}

/** Runs `render`, turning a chat template that cannot be rendered into a load error with what to do. */
export function usable<T>(render: () => T): T {
  try {
    return render()
  } catch (err) {
    throw new AppError('INVALID_MODEL', `This model cannot be used for drafts: ${err instanceof Error ? err.message : String(err)}. Choose another base model.`)
  }
}

/** The prompt the base model is given for a rendered prompt: its chat template's rendering, or raw text without one. */
export async function modelPromptFor(base: ModelRow, rendered: { text: string; messages: ChatMessage[] }): Promise<ModelPrompt> {
  const chat = await readChatTemplate(base.path, base.sha256)
  return usable(() => promptForModel(rendered, chat))
}

/** The prompt's content for a report with a template (null: the shipped default), with the earlier reports it shows. */
export function renderReportPrompt(db: Db, report: ReportDetail, template: string | null): { rendered: RenderedPrompt; priorReports: PriorReport[] } {
  const priorReports = priorReportsFor(db, report)
  return { rendered: renderPrompt(template ?? DEFAULT_TEMPLATE, buildPromptContext(report, { priorReports, notes: activeNoteTexts(db, report.patient.id) })), priorReports }
}

/**
 * The registered base model a remote draft came from, when the server names its GGUF file and the registry holds a
 * base model of that file name (llama-server serving the same files as the local engine); otherwise none.
 */
function registeredBaseFor(db: Db, result: GenerateResult): ModelRow | undefined {
  const served = result.remote?.serverModel
  if (!served) return undefined
  return listModelRows(db).find((m) => m.kind === 'base' && basename(m.path) === served)
}

/** The message for an output that is not a draft: a limit to raise, a server to check, or the parser's words. */
function parseFailure(result: GenerateResult, maxTokens: number, parserError: string): string {
  // A schema-constrained answer starts with "{" whatever the model; one that does not was generated without it.
  const schemaIgnored = result.remote !== undefined && !result.text.trimStart().startsWith('{')
  if (result.stopReason === 'maxTokens' && !schemaIgnored) {
    return `The model's draft is incomplete: it reached the limit of ${maxTokens} tokens before it ended. Raise "Max tokens" in Models → Engine settings.`
  }
  if (result.remote) {
    return (
      `The server at ${new URL(result.remote.endpoint).host} returned a draft that does not follow the interpretation schema it was sent (${parserError}). ` +
      'It may not apply structured output (json_schema / response_format), or a proxy in between drops the field: check the server. Nothing was saved.'
    )
  }
  return `The model's draft does not fit the interpretation format (${parserError}).`
}

/**
 * Drafts `report` on `engine`, which must already be configured for `settings`' models. Nothing is stored. A draft
 * taking longer than `settings.timeoutS` is aborted with TIMEOUT; an abort of `opts.signal` cancels it.
 */
export async function generateDraft(db: Db, engine: LlmBackend, report: ReportDetail, settings: DraftSettings, opts: GenerateDraftOptions = {}): Promise<GeneratedDraft> {
  const { rendered, priorReports } = renderReportPrompt(db, report, settings.promptTemplate)
  // The local base model's chat template renders the prompt; a remote server without a registered copy of its model
  // gets the raw text (llama-server's completion endpoint) or the messages (the chat dialects apply their template).
  const localBase = settings.baseModelId === null ? undefined : getModel(db, settings.baseModelId)
  const fed: ModelPrompt = localBase ? await modelPromptFor(localBase, rendered) : { prompt: rendered.text, promptFormat: 'raw', chatTemplateSha256: null }

  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new AppError('TIMEOUT', `No draft within ${settings.timeoutS} s; nothing was saved.`)), settings.timeoutS * 1000)
  const onAbort = () => controller.abort()
  if (opts.signal?.aborted) controller.abort()
  opts.signal?.addEventListener('abort', onAbort)
  try {
    const result = await engine.generate({
      prompt: fed.prompt,
      promptFormat: fed.promptFormat,
      messages: rendered.messages,
      schema: interpretationJsonSchema,
      temperature: settings.temperature,
      seed: settings.seed,
      maxTokens: settings.maxTokens,
      signal: controller.signal,
      onText: opts.onText,
    })
    const p = parseDraft(result.text)
    const parsed: GeneratedDraft['parsed'] = p.ok ? { ok: true, draft: p.draft } : { ok: false, error: parseFailure(result, settings.maxTokens, p.error) }
    const evidence = parsed.ok ? checkEvidence(parsed.draft, report, { priorReports }) : null
    const base = result.remote ? registeredBaseFor(db, result) : localBase
    const status = await engine.status()
    const provenance: Provenance = {
      baseModel: base ? { id: base.id, name: base.name, sha256: base.sha256 } : { id: 0, name: result.remote?.serverModel ?? result.remote?.model ?? 'remote', sha256: '' },
      adapters: settings.adapters.map((a) => {
        const m = getModel(db, a.modelId)
        if (!m) throw new AppError('MODEL_NOT_READY', `Adapter ${a.modelId} is no longer registered.`)
        return { id: m.id, name: m.name, sha256: m.sha256, scale: a.scale }
      }),
      promptTemplateVersion: rendered.version,
      promptFormat: fed.promptFormat,
      chatTemplateSha256: fed.chatTemplateSha256,
      sampling: { temperature: settings.temperature, seed: settings.seed, maxTokens: settings.maxTokens, grammar: 'interpretation-json-schema' },
      promptTokens: result.promptTokens,
      reusedPromptTokens: result.reusedPromptTokens,
      outputTokens: result.outputTokens,
      timeToFirstTokenMs: Math.round(result.timeToFirstTokenMs * 10) / 10,
      sequenceWaitMs: Math.round(result.sequenceWaitMs * 10) / 10,
      tokensPerSecond: Math.round(result.tokensPerSecond * 10) / 10,
      wallMs: Math.round(result.wallMs),
      engine: engine.name,
      threads: status.threads,
      gpu: status.gpu,
      ...(result.remote ? { remote: result.remote } : {}),
    }
    return {
      reportId: report.id,
      prompt: fed.prompt,
      messages: rendered.messages,
      promptTemplateVersion: rendered.version,
      rawOutput: result.text,
      parsed,
      evidence,
      standing: evidence ? standing(evidence) : null,
      provenance,
      result,
      base,
    }
  } catch (err) {
    if (controller.signal.aborted && controller.signal.reason instanceof AppError) throw controller.signal.reason
    throw err
  } finally {
    clearTimeout(timer)
    opts.signal?.removeEventListener('abort', onAbort)
  }
}
