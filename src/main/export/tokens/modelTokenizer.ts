// The token counter an export uses: the active base model's tokenizer, its vocabulary loaded alone in this process (no weights).
//
// In this process rather than the engine's: the engine may be drafting, and it decodes on its own thread, so tens of
// thousands of tokenize requests would wait behind drafts and delay them; a vocabulary-only model is a few MB, loads
// in well under a second, and tokenizing is a synchronous call (microseconds to a millisecond a row).
import type { Llama, LlamaModel, Token } from 'node-llama-cpp'
import { AppError } from '../../../shared/errors'
import { nodeLlamaCpp } from '../../llm/nodeLlamaCpp'
import { verifyModelFile } from '../../llm/registry/registry'
import type { Db } from '../../store/db'
import { getConfig, getModel } from '../../store/models'
import { estimatingCounter, tokenizerCounter, type ExportTokenizer, type TokenCounter } from './counter'

export interface OpenTokenCounter {
  counter: TokenCounter
  /** Frees the vocabulary (after the export). */
  close(): Promise<void>
}

// One CPU-only llama.cpp instance for tokenizing, made on first use: no GPU is initialised in the app's process.
let llama: Promise<Llama> | null = null

function tokenizerLlama(): Promise<Llama> {
  llama ??= nodeLlamaCpp()
    .then(({ getLlama, LlamaLogLevel }) => getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error }))
    .catch((err: unknown) => {
      // Not kept: the next export tries again (the estimate is used meanwhile).
      llama = null
      throw err
    })
  return llama
}

/**
 * Frees the llama.cpp instance made for tokenizing. The export's worker thread calls it before it ends: a thread that
 * ends with the instance alive (terminated, or while a vocabulary is being freed) can abort the process.
 */
export async function disposeTokenizerLlama(): Promise<void> {
  const made = llama
  llama = null
  await (await made?.catch(() => null))?.dispose()
}

/** The model as the counter uses it. Token ids are node-llama-cpp's branded numbers; the ids asked about are ones it returned. */
function exportTokenizer(model: LlamaModel): ExportTokenizer {
  return {
    tokens: model.tokens,
    tokenize: (text, specialTokens, options) => model.tokenize(text, specialTokens, options),
    isSpecialToken: (token) => model.isSpecialToken(token as Token),
  }
}

/** Loads only the vocabulary of the GGUF at `path` and counts with it. */
export async function openFileTokenCounter(path: string, description: string): Promise<OpenTokenCounter> {
  const model = await (await tokenizerLlama()).loadModel({ modelPath: path, vocabOnly: true, gpuLayers: 0 })
  return { counter: tokenizerCounter(exportTokenizer(model), description), close: () => model.dispose() }
}

/**
 * Which tokenizer an export counts with, as plain data (the export's worker thread opens it itself): the selected base
 * model's vocabulary, or the estimate with the reason (naming the model and its file, never patient data).
 */
export type TokenizerSpec = { kind: 'model'; path: string; /** Whose vocabulary, for messages: 'the base model "X" (SHA-256 …)'. */ of: string } | { kind: 'estimate'; reason: string }

const estimated = (reason: string): OpenTokenCounter => ({ counter: estimatingCounter(reason), close: async () => undefined })

/** The selected base model's tokenizer when one is configured for the local engine and its file is the one registered. */
export async function tokenizerSpec(db: Db): Promise<TokenizerSpec> {
  const config = getConfig(db)
  if (config.remoteBackendId !== null) return { kind: 'estimate', reason: 'drafts come from a remote backend, whose tokenizer is not at hand' }
  const model = config.baseModelId === null ? undefined : getModel(db, config.baseModelId)
  if (!model) return { kind: 'estimate', reason: 'no base model is selected on the Models page' }
  try {
    await verifyModelFile(db, model)
  } catch (err) {
    if (err instanceof AppError) return { kind: 'estimate', reason: `the base model "${model.name}" cannot be used (${err.message})` }
    throw err
  }
  return { kind: 'model', path: model.path, of: `the base model "${model.name}" (SHA-256 ${model.sha256.slice(0, 12)}…)` }
}

/** Opens the counter a spec names; a vocabulary that cannot be read falls back to the estimate, saying why. */
export async function openCounterFrom(spec: TokenizerSpec): Promise<OpenTokenCounter> {
  if (spec.kind === 'estimate') return estimated(spec.reason)
  try {
    return await openFileTokenCounter(spec.path, `the tokenizer of ${spec.of}`)
  } catch (err) {
    return estimated(`the vocabulary of ${spec.of} could not be read (${err instanceof Error ? err.message : String(err)})`)
  }
}

/** tokenizerSpec and openCounterFrom in one: the counter for an export run in this thread. */
export async function openTokenCounter(db: Db): Promise<OpenTokenCounter> {
  return openCounterFrom(await tokenizerSpec(db))
}
