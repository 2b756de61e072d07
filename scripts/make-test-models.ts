// Generates the project's own test models (no model can be downloaded here): a tiny llama-architecture base model with a
// real SentencePiece-style ("llama") tokenizer and a ChatML chat template, a matching LoRA adapter, and optionally a
// ~164 M-parameter F16 model for throughput benchmarks. Weights are random but deterministic (seeded), so the files are
// byte-identical on every run; an existing file whose size and header match is reused.
//
//   npm run make-test-models -- [--out DIR] [--bench]     (DIR defaults to <repo>/.cache/test-models)
//
// Prints {"base": PATH, "adapter": PATH[, "bench": PATH]} on stdout; progress goes to stderr.
// From code: `await makeTestModels({ outDir, bench })`.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, open, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GgmlTensorType, GgufWriter, Random, TokenType, gguf, type TensorFiller } from './gguf'

/** Bump when the generated weights change without a change in the metadata, so cached files are regenerated. */
const GENERATOR_VERSION = 1
const SEED = 20_240_611

const THIS_FILE = fileURLToPath(import.meta.url)
export const REPO_ROOT = resolve(dirname(THIS_FILE), '..')
export const DEFAULT_TEST_MODELS_DIR = join(REPO_ROOT, '.cache', 'test-models')

export const TEST_MODEL_FILES = {
  base: 'readout-test-base.gguf',
  adapter: 'readout-test-adapter.gguf',
  bench: 'readout-test-bench-f16.gguf',
} as const

export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"

export interface MakeTestModelsOptions {
  outDir: string
  /** Also generate the ~164 M-parameter F16 benchmark model (about 330 MB). */
  bench?: boolean
  /** Progress lines (default: none). */
  log?: (line: string) => void
}

export interface TestModelPaths {
  base: string
  adapter: string
  bench?: string
}

export interface LlamaModelSpec {
  name: string
  nEmbd: number
  nLayer: number
  nHead: number
  nHeadKv: number
  nFf: number
  contextLength: number
  /** Weight type of the 2-D matrices; norms stay F32. */
  type: GgmlTensorType
  vocabSize: number
}

/** The tiny base model: ~1.6 M parameters (4,090-token vocabulary), F32, 4 layers, grouped-query attention (4 heads, 2 KV heads). */
export const BASE_SPEC: LlamaModelSpec = {
  name: 'readout-test-base',
  nEmbd: 128,
  nLayer: 4,
  nHead: 4,
  nHeadKv: 2,
  nFf: 256,
  contextLength: 4096,
  type: GgmlTensorType.F32,
  vocabSize: 0, // the natural size of the vocabulary below
}

/** The benchmark model: ~164 M parameters in F16 (n_embd 768, 16 layers, n_ff 3072, 8192 tokens). */
export const BENCH_SPEC: LlamaModelSpec = {
  name: 'readout-test-bench',
  nEmbd: 768,
  nLayer: 16,
  nHead: 12,
  nHeadKv: 12,
  nFf: 3072,
  contextLength: 4096,
  type: GgmlTensorType.F16,
  vocabSize: 8192,
}

export interface LoraSpec {
  name: string
  rank: number
  alpha: number
  /** Tensor kinds of every layer that get an A/B pair. */
  targets: ReadonlyArray<'attn_q' | 'attn_k' | 'attn_v' | 'attn_output' | 'ffn_gate' | 'ffn_up' | 'ffn_down'>
}

export const ADAPTER_SPEC: LoraSpec = {
  name: 'readout-test-adapter',
  rank: 8,
  alpha: 16,
  targets: ['attn_q', 'attn_v', 'ffn_up', 'ffn_down'],
}

// ---------------------------------------------------------------------------------------------------------------------
// Tokenizer

export interface Vocabulary {
  tokens: string[]
  scores: number[]
  types: TokenType[]
  unk: number
  bos: number
  eos: number
  imStart: number
  imEnd: number
  /** Id of the first ordinary (NORMAL) piece; everything before it is special, control or byte fallback. */
  firstPiece: number
}

const SPACE = '\u2581' // ▁, SentencePiece's word-boundary marker

// Words of device reports, interpretations and their JSON; each is added with and without the ▁ prefix, lower-case and
// capitalised, together with every prefix so that SentencePiece's pairwise merges can reach it.
const WORDS = `
the a an of and or to in on at for with by from as is are was were be been not no yes than then this that these those
it its which who has have had but if when while after before during over under per between within without above below
normal abnormal within limits range reference high low elevated raised reduced decreased increased mildly mild moderate
moderately severe severely borderline marked markedly slight slightly significant possible possibly probable likely
consistent suggests suggestive suggest compatible correlate correlation clinical clinically recommend recommended
review repeat follow up test testing result results value values unit units status statement statements summary
finding findings interpretation impression conclusion evidence observation observations basis source device report
reports patient patients trend trends average mean median minimum maximum total count percent time target targets
sinus rhythm rate heart beat beats bpm ecg ekg qt qtc pr qrs interval intervals duration axis deviation left right
bundle branch block atrial ventricular fibrillation flutter premature contraction contractions tachycardia bradycardia
ischemia infarction hypertrophy repolarization st segment wave waves elevation depression inversion prolonged short
blood pressure systolic diastolic hypertension hypotension stage category readings reading cuff home office
glucose sensor cgm gmi cv glycemic variability hypoglycemia hyperglycemia mg dl mmol mmhg ms min hr kg lab labs
sodium potassium chloride calcium magnesium creatinine urea bun egfr hemoglobin hematocrit platelets wbc rbc
inr troponin bilirubin albumin protein cholesterol ldl hdl triglycerides hba1c tsh
oxygen saturation spo2 pulse oximetry respiratory spirometry fev1 fvc ratio obstruction restriction predicted
critical warning info information severity urgent routine notify physician clinician confirm confirmed verify
true false null none unknown not evaluated code loinc ucum flag flags low high critical normal
day days week weeks month months year years hour hours minute minutes date morning night
`

const EXTRA_PIECES = [
  // JSON fragments (each made of two or three single characters that are also pieces)
  '{"', '":', '",', '"}', '":"', '","', '},', '[{', '}]', '":[', '":{', '"]', '["', '],', ': ', ', ', '{}', '[]',
  // numbers
  '00', '10', '12', '20', '30', '40', '50', '60', '70', '80', '90', '100', '120', '140', '.0', '.5', '0.',
  // common sub-words
  'ing', 'ed', 'er', 'es', 'ly', 'ion', 'tion', 'ation', 'al', 'ic', 'ia', 'ies', 'ity', 's',
]

// Non-ASCII characters clinical text commonly contains (anything else falls back to byte tokens).
const EXTRA_CHARS = '°µ±≤≥²³·–—‘’“”•→←↑↓×÷‰äöüÄÖÜßéèêàçñ'

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

/**
 * Builds the vocabulary: <unk> <s> </s>, the 256 byte-fallback tokens, the ChatML control tokens, ▁, printable ASCII
 * and a few other characters, then word pieces (with all their prefixes), then — up to `size` — generated padding
 * pieces (▁ plus two or three letters). With `size` 0 the natural size is used.
 */
export function buildVocabulary(size = 0): Vocabulary {
  const tokens: string[] = []
  const types: TokenType[] = []
  const seen = new Set<string>()
  const add = (piece: string, type: TokenType): boolean => {
    if (seen.has(piece) || piece.length === 0) return false
    seen.add(piece)
    tokens.push(piece)
    types.push(type)
    return true
  }
  add('<unk>', TokenType.UNKNOWN)
  add('<s>', TokenType.CONTROL)
  add('</s>', TokenType.CONTROL)
  for (let byte = 0; byte < 256; byte++) add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, TokenType.BYTE)
  add('<|im_start|>', TokenType.CONTROL)
  add('<|im_end|>', TokenType.CONTROL)
  const firstPiece = tokens.length

  add(SPACE, TokenType.NORMAL)
  for (let code = 0x21; code <= 0x7e; code++) add(String.fromCharCode(code), TokenType.NORMAL)
  for (const char of EXTRA_CHARS) add(char, TokenType.NORMAL)

  const addWithPrefixes = (piece: string): void => {
    const chars = Array.from(piece)
    for (let end = 2; end <= chars.length; end++) add(chars.slice(0, end).join(''), TokenType.NORMAL)
  }
  for (const piece of EXTRA_PIECES) addWithPrefixes(piece)
  const words = WORDS.split(/\s+/).filter((w) => w.length > 0)
  for (const word of words) {
    addWithPrefixes(SPACE + word)
    addWithPrefixes(SPACE + capitalise(word))
  }
  for (const word of words) addWithPrefixes(word)
  for (const word of words) if (word.length <= 5) addWithPrefixes(SPACE + word.toUpperCase())

  if (size > 0) {
    if (tokens.length > size) throw new Error(`vocabulary needs ${tokens.length} tokens, more than the requested ${size}`)
    const letters = 'abcdefghijklmnopqrstuvwxyz'
    outer: for (const first of letters) {
      for (const second of letters) {
        if (tokens.length >= size) break outer
        add(SPACE + first + second, TokenType.NORMAL)
        if (tokens.length >= size) break outer
        add(first + second, TokenType.NORMAL)
      }
    }
    outer3: for (const first of letters) {
      for (const second of letters) {
        for (const third of letters) {
          if (tokens.length >= size) break outer3
          add(SPACE + first + second + third, TokenType.NORMAL)
        }
      }
    }
    if (tokens.length !== size) throw new Error(`could not pad the vocabulary to ${size} tokens`)
  }

  // SentencePiece-style scores: special tokens 0, pieces ranked by position (earlier = more frequent = higher).
  const scores = tokens.map((_, id) => (id < firstPiece ? 0 : -(id - firstPiece)))
  return {
    tokens,
    scores,
    types,
    unk: 0,
    bos: 1,
    eos: 2,
    imStart: tokens.indexOf('<|im_start|>'),
    imEnd: tokens.indexOf('<|im_end|>'),
    firstPiece,
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Tensor data

/** Uniform random values with the given standard deviation, from a PRNG seeded by the tensor name. */
function uniform(seed: string, std: number): () => TensorFiller {
  return () => {
    const random = new Random(`${SEED}:${GENERATOR_VERSION}:${seed}`)
    const amplitude = std * Math.sqrt(3)
    return (out) => random.fillUniform(out, amplitude)
  }
}

function constant(value: number): () => TensorFiller {
  return () => (out) => out.fill(value)
}

/** Random rows, except rows [0, zeroRowsBelow) which are zero (so special, control and byte tokens get logit 0). */
function outputRows(seed: string, std: number, rowLength: number, zeroRowsBelow: number): () => TensorFiller {
  return () => {
    const random = new Random(`${SEED}:${GENERATOR_VERSION}:${seed}`)
    const amplitude = std * Math.sqrt(3)
    const zeroElements = zeroRowsBelow * rowLength
    return (out, start) => {
      random.fillUniform(out, amplitude)
      if (start < zeroElements) out.fill(0, 0, Math.min(out.length, zeroElements - start))
    }
  }
}

function fileType(type: GgmlTensorType): number {
  return type === GgmlTensorType.F16 ? 1 /* MOSTLY_F16 */ : 0 /* ALL_F32 */
}

/** Shapes (ggml order: input length first) of the per-layer matrices a LoRA target can name. */
function layerMatrixShapes(spec: LlamaModelSpec): Record<LoraSpec['targets'][number], [number, number]> {
  const headDim = spec.nEmbd / spec.nHead
  const kvDim = headDim * spec.nHeadKv
  return {
    attn_q: [spec.nEmbd, spec.nEmbd],
    attn_k: [spec.nEmbd, kvDim],
    attn_v: [spec.nEmbd, kvDim],
    attn_output: [spec.nEmbd, spec.nEmbd],
    ffn_gate: [spec.nEmbd, spec.nFf],
    ffn_up: [spec.nEmbd, spec.nFf],
    ffn_down: [spec.nFf, spec.nEmbd],
  }
}

/** `chatTemplate: null` writes a model without one (prompted with raw text); the default is ChatML. */
export function llamaModelWriter(spec: LlamaModelSpec, vocab: Vocabulary, options: { chatTemplate?: string | null } = {}): GgufWriter {
  if (spec.nEmbd % spec.nHead !== 0 || spec.nHead % spec.nHeadKv !== 0) throw new Error(`bad head layout in ${spec.name}`)
  const nVocab = vocab.tokens.length
  const headDim = spec.nEmbd / spec.nHead
  const w = new GgufWriter()
  w.set('general.architecture', gguf.string('llama'))
    .set('general.type', gguf.string('model'))
    .set('general.name', gguf.string(spec.name))
    .set('general.description', gguf.string('Random-weight test model generated by Readout scripts/make-test-models.ts'))
    .set('general.file_type', gguf.uint32(fileType(spec.type)))
    .set('readout.test_model.generator_version', gguf.uint32(GENERATOR_VERSION))
    .set('readout.test_model.seed', gguf.uint32(SEED))
    .set('llama.context_length', gguf.uint32(spec.contextLength))
    .set('llama.embedding_length', gguf.uint32(spec.nEmbd))
    .set('llama.block_count', gguf.uint32(spec.nLayer))
    .set('llama.feed_forward_length', gguf.uint32(spec.nFf))
    .set('llama.attention.head_count', gguf.uint32(spec.nHead))
    .set('llama.attention.head_count_kv', gguf.uint32(spec.nHeadKv))
    .set('llama.attention.layer_norm_rms_epsilon', gguf.float32(1e-5))
    .set('llama.rope.dimension_count', gguf.uint32(headDim))
    .set('llama.rope.freq_base', gguf.float32(10000))
    .set('llama.vocab_size', gguf.uint32(nVocab))
    .set('tokenizer.ggml.model', gguf.string('llama'))
    .set('tokenizer.ggml.tokens', gguf.strings(vocab.tokens))
    .set('tokenizer.ggml.scores', gguf.float32s(vocab.scores))
    .set('tokenizer.ggml.token_type', gguf.int32s(vocab.types))
    .set('tokenizer.ggml.bos_token_id', gguf.uint32(vocab.bos))
    .set('tokenizer.ggml.eos_token_id', gguf.uint32(vocab.eos))
    .set('tokenizer.ggml.unknown_token_id', gguf.uint32(vocab.unk))
    .set('tokenizer.ggml.eot_token_id', gguf.uint32(vocab.imEnd))
    .set('tokenizer.ggml.add_bos_token', gguf.bool(true))
    .set('tokenizer.ggml.add_eos_token', gguf.bool(false))
    .set('tokenizer.ggml.add_space_prefix', gguf.bool(true))
  const chatTemplate = options.chatTemplate === undefined ? CHATML_TEMPLATE : options.chatTemplate
  if (chatTemplate !== null) w.set('tokenizer.chat_template', gguf.string(chatTemplate))

  const matrix = (name: string, ne: [number, number], std: number): void => {
    w.addTensor({ name, ne, type: spec.type, data: uniform(name, std) })
  }
  const norm = (name: string): void => {
    w.addTensor({ name, ne: [spec.nEmbd], type: GgmlTensorType.F32, data: constant(1) })
  }

  matrix('token_embd.weight', [spec.nEmbd, nVocab], 1)
  const shapes = layerMatrixShapes(spec)
  for (let i = 0; i < spec.nLayer; i++) {
    norm(`blk.${i}.attn_norm.weight`)
    for (const kind of ['attn_q', 'attn_k', 'attn_v', 'attn_output'] as const) {
      matrix(`blk.${i}.${kind}.weight`, shapes[kind], 1 / Math.sqrt(shapes[kind][0]))
    }
    norm(`blk.${i}.ffn_norm.weight`)
    for (const kind of ['ffn_gate', 'ffn_up', 'ffn_down'] as const) {
      matrix(`blk.${i}.${kind}.weight`, shapes[kind], 1 / Math.sqrt(shapes[kind][0]))
    }
  }
  norm('output_norm.weight')
  // Logit standard deviation ≈ 3 (the normed hidden state has length √n_embd); special and byte tokens get logit 0 so
  // a free-running random model practically never ends or emits partial UTF-8 on its own.
  w.addTensor({
    name: 'output.weight',
    ne: [spec.nEmbd, nVocab],
    type: spec.type,
    data: outputRows('output.weight', 3 / Math.sqrt(spec.nEmbd), spec.nEmbd, vocab.firstPiece),
  })
  return w
}

export function loraAdapterWriter(model: LlamaModelSpec, lora: LoraSpec): GgufWriter {
  const w = new GgufWriter()
  w.set('general.architecture', gguf.string('llama'))
    .set('general.type', gguf.string('adapter'))
    .set('general.name', gguf.string(lora.name))
    .set('general.description', gguf.string(`Random LoRA adapter for ${model.name}, generated by Readout scripts/make-test-models.ts`))
    .set('general.file_type', gguf.uint32(0))
    .set('adapter.type', gguf.string('lora'))
    .set('adapter.lora.alpha', gguf.float32(lora.alpha))
    .set('readout.test_model.generator_version', gguf.uint32(GENERATOR_VERSION))
    .set('readout.test_model.seed', gguf.uint32(SEED))
  const shapes = layerMatrixShapes(model)
  for (let i = 0; i < model.nLayer; i++) {
    for (const kind of lora.targets) {
      const [nIn, nOut] = shapes[kind]
      const base = `blk.${i}.${kind}.weight`
      // W' = W + scale·(alpha/rank)·B·A. A: rank × n_in (ggml ne [n_in, rank]); B: n_out × rank (ne [rank, n_out]).
      // Sized so that the update is about as large as W itself: the adapter clearly changes greedy output.
      w.addTensor({ name: `${base}.lora_a`, ne: [nIn, lora.rank], type: GgmlTensorType.F32, data: uniform(`${lora.name}:${base}.lora_a`, 1 / Math.sqrt(nIn)) })
      const bStd = lora.rank / lora.alpha / Math.sqrt(lora.rank)
      w.addTensor({ name: `${base}.lora_b`, ne: [lora.rank, nOut], type: GgmlTensorType.F32, data: uniform(`${lora.name}:${base}.lora_b`, bStd) })
    }
  }
  return w
}

// ---------------------------------------------------------------------------------------------------------------------
// Files

/** Writes `writer` to `path` unless a file with the same size and the same header (metadata, tensor infos) is there. */
export async function writeCached(writer: GgufWriter, path: string, log?: (line: string) => void): Promise<{ path: string; bytes: number; cached: boolean }> {
  const header = writer.encodeHeader()
  const bytes = header.length + writer.dataByteLength
  const existing = await stat(path).catch(() => null)
  if (existing?.isFile() && existing.size === bytes) {
    const handle = await open(path, 'r')
    try {
      const onDisk = Buffer.alloc(header.length)
      await handle.read(onDisk, 0, header.length, 0)
      if (onDisk.equals(header)) {
        log?.(`cached ${path} (${formatBytes(bytes)})`)
        return { path, bytes, cached: true }
      }
    } finally {
      await handle.close()
    }
  }
  const t0 = performance.now()
  await mkdir(dirname(path), { recursive: true })
  const written = await writer.write(path)
  if (written !== bytes) throw new Error(`wrote ${written} bytes to ${path}, expected ${bytes}`)
  log?.(`wrote ${path} (${writer.parameterCount.toLocaleString('en-US')} parameters, ${formatBytes(bytes)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  return { path, bytes, cached: false }
}

function formatBytes(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`
}

export async function makeTestModels(options: MakeTestModelsOptions): Promise<TestModelPaths> {
  const outDir = resolve(options.outDir)
  await mkdir(outDir, { recursive: true })
  const vocab = buildVocabulary(BASE_SPEC.vocabSize)
  const base = join(outDir, TEST_MODEL_FILES.base)
  const adapter = join(outDir, TEST_MODEL_FILES.adapter)
  await writeCached(llamaModelWriter(BASE_SPEC, vocab), base, options.log)
  await writeCached(loraAdapterWriter(BASE_SPEC, ADAPTER_SPEC), adapter, options.log)
  const result: TestModelPaths = { base, adapter }
  if (options.bench) {
    const bench = join(outDir, TEST_MODEL_FILES.bench)
    await writeCached(llamaModelWriter(BENCH_SPEC, buildVocabulary(BENCH_SPEC.vocabSize)), bench, options.log)
    result.bench = bench
  }
  return result
}

// ---------------------------------------------------------------------------------------------------------------------
// Command line

const USAGE = 'usage: make-test-models [--out DIR] [--bench]   (DIR defaults to .cache/test-models in the repository)'

export function parseArgs(argv: readonly string[]): { outDir: string; bench: boolean } {
  let outDir = DEFAULT_TEST_MODELS_DIR
  let bench = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') continue
    if (arg === '--bench') bench = true
    else if (arg === '--out' || arg === '--out-dir') {
      const value = argv[++i]
      if (value === undefined || value.startsWith('--')) throw new Error(`--out needs a folder\n${USAGE}`)
      outDir = value
    } else if (arg.startsWith('--out=')) outDir = arg.slice('--out='.length)
    else throw new Error(`unknown argument: ${arg}\n${USAGE}`)
  }
  return { outDir: resolve(outDir), bench }
}

/**
 * True when this file is the program being run (vite-node replaces process.argv, so the original command line is read
 * from /proc where it exists), false when it is imported (tests, benchmarks). Environment variables such as VITEST are
 * not consulted: they are inherited by child processes that do run this file.
 */
function invokedDirectly(): boolean {
  if (process.env.npm_lifecycle_event === 'make-test-models') return true
  let args = process.argv.slice(1)
  if (existsSync('/proc/self/cmdline')) {
    try {
      args = readFileSync('/proc/self/cmdline', 'utf8').split('\0')
    } catch {
      // keep process.argv
    }
  }
  return args.some((arg) => arg.length > 0 && resolve(arg) === THIS_FILE)
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const paths = await makeTestModels({ ...args, log: (line) => process.stderr.write(`${line}\n`) })
  process.stdout.write(`${JSON.stringify(paths)}\n`)
}

if (invokedDirectly()) {
  main().catch((error: unknown) => {
    process.stderr.write(`make-test-models: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  })
}
