// Splits a file list into import batches and reads files as base64 for the `import.files` call.
import { UPLOAD_MAX_FILE_BYTES } from '../../../../shared/uploadLimits'
import type { PickedFile } from './collectFiles'

export const BATCH_MAX_FILES = 50
export const BATCH_MAX_BYTES = 20 * 1024 * 1024

/** Consecutive batches of at most maxFiles files and about maxBytes bytes (a larger file goes alone). */
export function planBatches<T extends { file: { size: number } }>(
  files: readonly T[],
  maxFiles = BATCH_MAX_FILES,
  maxBytes = BATCH_MAX_BYTES,
): T[][] {
  const batches: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const f of files) {
    if (current.length > 0 && (current.length >= maxFiles || bytes + f.file.size > maxBytes)) {
      batches.push(current)
      current = []
      bytes = 0
    }
    current.push(f)
    bytes += f.file.size
  }
  if (current.length > 0) batches.push(current)
  return batches
}

/** The file's bytes as base64, without the data-URL prefix. FileReader does the encoding natively. */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'))
    reader.readAsDataURL(file)
  })
}

export interface EncodedBatch {
  files: { name: string; contentBase64: string }[]
  /** Files the browser could not read (moved, deleted, no permission): reported, never silently dropped. */
  failed: { name: string; error: string }[]
}

/** Why a file is not sent at all, or null: a file over the upload limit would be refused by the host (413). */
export function uploadRefusal(size: number, maxBytes = UPLOAD_MAX_FILE_BYTES): string | null {
  if (size <= maxBytes) return null
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`
  return `not imported: the file is ${mib(size)}, more than the ${mib(maxBytes)} the Import page can send; import it with \`readout import\` or the watch folder`
}

export async function encodeBatch(batch: readonly PickedFile[]): Promise<EncodedBatch> {
  const out: EncodedBatch = { files: [], failed: [] }
  const sendable: PickedFile[] = []
  for (const f of batch) {
    const refusal = uploadRefusal(f.file.size)
    if (refusal === null) sendable.push(f)
    else out.failed.push({ name: f.name, error: refusal })
  }
  const read = await Promise.allSettled(sendable.map((f) => readBase64(f.file)))
  read.forEach((r, i) => {
    const name = sendable[i]?.name ?? `file ${i + 1}`
    if (r.status === 'fulfilled') out.files.push({ name, contentBase64: r.value })
    else out.failed.push({ name, error: `could not be read: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}` })
  })
  return out
}

export function newJobId(): string {
  const c = globalThis.crypto as Crypto | undefined
  if (c && typeof c.randomUUID === 'function') return c.randomUUID()
  return `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}
