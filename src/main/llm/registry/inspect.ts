// Reads a GGUF file's metadata and tensor table without loading it; refuses non-GGUF and truncated files.
import { open, stat } from 'node:fs/promises'
import type { GgufTensorInfo } from 'node-llama-cpp'
import { nodeLlamaCpp } from '../nodeLlamaCpp'
import { AppError } from '../../../shared/errors'

export interface ModelFileFacts {
  kind: 'base' | 'adapter'
  name: string
  architecture: string
  parameterCount: number
  quantisation: string
  contextLength: number | null
  embeddingLength: number | null
  layerCount: number | null
  chatTemplate: string | null
  adapterAlpha: number | null
  tensorCount: number
  size: number
  /** name → dimensions (ne0 first), for adapter/base compatibility checks. */
  tensors: Map<string, number[]>
}

// Bytes per block and elements per block of the GGML types model files commonly use, by GGML type number
// (F32 0, F16 1, Q4_0 2, Q4_1 3, Q5_0 6, Q5_1 7, Q8_0 8, Q2_K 10, Q3_K 11, Q4_K 12, Q5_K 13, Q6_K 14).
const BLOCK: Partial<Record<number, [number, number]>> = {
  0: [4, 1],
  1: [2, 1],
  2: [18, 32],
  3: [20, 32],
  6: [22, 32],
  7: [24, 32],
  8: [34, 32],
  10: [84, 256],
  11: [110, 256],
  12: [144, 256],
  13: [176, 256],
  14: [210, 256],
}

function tensorBytes(t: GgufTensorInfo): number | null {
  const block = BLOCK[t.ggmlType]
  if (!block) return null
  const elements = t.dimensions.reduce<number>((n, d) => n * Number(d), 1)
  return Math.ceil(elements / block[1]) * block[0]
}

function metaValue(meta: Record<string, unknown>, path: string): unknown {
  let cur: unknown = meta
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

export async function inspectGguf(path: string): Promise<ModelFileFacts> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch {
    throw new AppError('NOT_FOUND', `No such file: ${path}`)
  }
  const fh = await open(path, 'r')
  const magic = Buffer.alloc(4)
  try {
    await fh.read(magic, 0, 4, 0)
  } finally {
    await fh.close()
  }
  if (magic.toString('latin1') !== 'GGUF') throw new AppError('INVALID_MODEL', `${path} is not a GGUF model file (it does not start with "GGUF").`)

  const { readGgufFileInfo, GgmlType, GgufFileType } = await nodeLlamaCpp()
  let info: Awaited<ReturnType<typeof readGgufFileInfo>>
  try {
    info = await readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false })
  } catch (err) {
    throw new AppError('INVALID_MODEL', `${path} is not a readable GGUF file: ${err instanceof Error ? err.message : String(err)} (truncated or damaged?)`)
  }
  const tensors = info.tensorInfo ?? []
  // The tensor table says where the data should end; a shorter file was cut off in copying.
  let end = 0
  let parameterCount = 0
  const dims = new Map<string, number[]>()
  for (const t of tensors) {
    const elements = t.dimensions.reduce<number>((n, d) => n * Number(d), 1)
    parameterCount += elements
    dims.set(t.name, t.dimensions.map(Number))
    const bytes = tensorBytes(t)
    end = Math.max(end, Number(t.fileOffset) + (bytes ?? 1))
  }
  if (end > size) throw new AppError('INVALID_MODEL', `${path} is truncated: its tensors need ${end} bytes but the file has ${size}.`)

  const meta = info.metadata as unknown as Record<string, unknown>
  const architecture = str(metaValue(meta, 'general.architecture')) ?? 'unknown'
  const isAdapter = str(metaValue(meta, 'general.type')) === 'adapter' || str(metaValue(meta, 'adapter.type')) !== null
  const fileType = num(metaValue(meta, 'general.file_type'))
  const quantisation = fileType === null ? (tensors[0] ? GgmlType[tensors[0].ggmlType] ?? 'unknown' : 'unknown') : (GgufFileType[fileType] ?? `type ${fileType}`)
  return {
    kind: isAdapter ? 'adapter' : 'base',
    name: str(metaValue(meta, 'general.name')) ?? path.split(/[\\/]/).pop() ?? path,
    architecture,
    parameterCount,
    quantisation,
    contextLength: num(metaValue(meta, `${architecture}.context_length`)),
    embeddingLength: num(metaValue(meta, `${architecture}.embedding_length`)),
    layerCount: num(metaValue(meta, `${architecture}.block_count`)),
    chatTemplate: str(metaValue(meta, 'tokenizer.chat_template')),
    adapterAlpha: num(metaValue(meta, 'adapter.lora.alpha')),
    tensorCount: tensors.length,
    size,
    tensors: dims,
  }
}

/** Why an adapter cannot be applied to a base model, or null when it fits. */
export function adapterMismatch(base: Pick<ModelFileFacts, 'architecture' | 'tensors'>, adapter: Pick<ModelFileFacts, 'architecture' | 'tensors'>): string | null {
  if (base.architecture !== adapter.architecture) return `the adapter is for ${adapter.architecture}, the base model is ${base.architecture}`
  let checked = 0
  for (const [name, a] of adapter.tensors) {
    if (!name.endsWith('.lora_a')) continue
    const target = name.slice(0, -'.lora_a'.length)
    const w = base.tensors.get(target)
    const b = adapter.tensors.get(`${target}.lora_b`)
    if (!w) return `the base model has no tensor ${target}`
    if (!b) return `the adapter lacks ${target}.lora_b`
    // GGML order: weight [n_in, n_out], lora_a [n_in, r], lora_b [r, n_out].
    if (a[0] !== w[0] || b[1] !== w[1]) return `${target} is ${w.join('×')} in the base model, but the adapter expects ${a[0]}×${b[1]}`
    checked++
  }
  return checked === 0 ? 'the adapter has no LoRA tensors' : null
}
