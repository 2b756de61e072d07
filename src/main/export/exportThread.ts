// Where the export's second pass runs. In the app: a worker thread with a capped heap (exportWorker.ts). The pass makes
// a lot of short-lived strings; in the main process V8 let them pile up to ~1.4 GB at 50,000 items before collecting,
// and the residual scan held the main thread for tens of seconds. In the worker the heap stays under its cap, the main
// thread stays free for the UI and other requests, and reading the store overlaps with writing on a second core.
// Without the built worker (unit tests run from source) the same RowWriter runs in-process.
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../shared/errors'
import type { PatientIdentifiers } from './types'
import { RowWriter, type PlacedItem, type RowWriterConfig, type ScanProgress, type WrittenFiles } from './rowWriter'
import type { TokenCounter } from './tokens/counter'
import type { TokenizerSpec } from './tokens/modelTokenizer'

/** The identifiers of the export's patients by pseudonym, for the residual scan (looked up afresh, not taken from items). */
export interface IdentifierLookup {
  pseudonyms(): Iterable<string>
  of(pseudonym: string): PatientIdentifiers | null
}

export interface RowSink {
  /** Writes the items in order; resolves with whether each was written (false: dropped, the reason counted). */
  add(batch: PlacedItem[]): Promise<boolean[]>
  finish(lookup: IdentifierLookup, onScan: ScanProgress, signal?: AbortSignal): Promise<WrittenFiles>
  /** Stops and closes the files; the caller removes the folder. */
  abandon(): Promise<void>
}

/** The pass in this thread. `afterItem` is the tests' seam for failures after an item is written. */
export function inProcessSink(config: RowWriterConfig, counter: TokenCounter, afterItem?: (written: number) => void): RowSink {
  const writer = new RowWriter(config, counter)
  return {
    add: async (batch) =>
      batch.map((placed) => {
        const written = writer.add(placed)
        if (written) afterItem?.(writer.written)
        return written
      }),
    finish: async (lookup, onScan) => writer.finish((p) => lookup.of(p), onScan),
    abandon: async () => writer.abandon(),
  }
}

export interface ExportThreadOptions {
  /** The built worker entry (out/main/exportWorker.js). */
  workerPath: string
  /** The worker's old-generation heap limit in MB. */
  heapMb: number
  tokenizer: TokenizerSpec
}

/** Messages to the worker. */
export type ToWorker =
  | { type: 'start'; config: RowWriterConfig; tokenizer: TokenizerSpec }
  | { type: 'add'; id: number; batch: PlacedItem[] }
  | { type: 'finish'; identifiers: [string, PatientIdentifiers][] }
  | { type: 'abandon' }

/** Messages from the worker. */
export type FromWorker =
  | { type: 'added'; id: number; written: boolean[] }
  | { type: 'progress'; done: number; total: number }
  | { type: 'finished'; files: WrittenFiles }
  | { type: 'abandoned' }
  | { type: 'failed'; code: string | null; message: string }

/** What a cancelled export says, wherever the cancel met it. */
export function exportCancelled(exportId: number): AppError {
  return new AppError('CANCELLED', `Export ${exportId} was cancelled; nothing was left in the target folder.`)
}

/** A failure inside the worker, as the caller would have seen it in-process (AppError codes and messages kept). */
function failure(m: { code: string | null; message: string }): Error {
  return m.code ? new AppError(m.code as ErrorCode, m.message) : new Error(m.message)
}

export function threadSink(o: ExportThreadOptions, config: RowWriterConfig): RowSink {
  // What libraries print on the thread (llama.cpp's log) goes to stderr: stdout belongs to the CLI's `--json` output.
  const worker = new Worker(o.workerPath, { stdout: true, resourceLimits: { maxOldGenerationSizeMb: o.heapMb } })
  worker.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk))
  const added = new Map<number, { resolve: (w: boolean[]) => void; reject: (e: unknown) => void }>()
  let onFinished: { resolve: (f: WrittenFiles) => void; reject: (e: unknown) => void } | null = null
  let onScan: ScanProgress | null = null
  let onAbandoned: (() => void) | null = null
  let failed: Error | null = null
  let exited = false
  let nextId = 1
  const fail = (err: Error) => {
    failed ??= err
    for (const p of added.values()) p.reject(failed)
    added.clear()
    onFinished?.reject(failed)
    onFinished = null
  }
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'added') {
      added.get(m.id)?.resolve(m.written)
      added.delete(m.id)
    } else if (m.type === 'progress') onScan?.(m.done, m.total)
    else if (m.type === 'finished') {
      onFinished?.resolve(m.files)
      onFinished = null
    } else if (m.type === 'abandoned') onAbandoned?.()
    else fail(failure(m))
  })
  worker.on('error', (err: Error & { code?: string }) =>
    fail(
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new AppError('INTERNAL', `The export ran out of memory (its limit is ${o.heapMb} MB); nothing was released. Export fewer items at a time (a date range or "since export").`)
        : err,
    ),
  )
  worker.on('exit', (code) => {
    exited = true
    fail(new Error(`the export worker exited (code ${code})`))
    onAbandoned?.()
  })
  worker.postMessage({ type: 'start', config, tokenizer: o.tokenizer } satisfies ToWorker)
  return {
    add(batch) {
      if (failed) return Promise.reject(failed)
      const id = nextId++
      return new Promise((resolve, reject) => {
        added.set(id, { resolve, reject })
        worker.postMessage({ type: 'add', id, batch } satisfies ToWorker)
      })
    },
    finish(lookup, scan, signal) {
      if (failed) return Promise.reject(failed)
      onScan = scan
      const identifiers: [string, PatientIdentifiers][] = []
      for (const p of lookup.pseudonyms()) {
        const ids = lookup.of(p)
        if (ids) identifiers.push([p, ids])
      }
      return new Promise((resolve, reject) => {
        onFinished = { resolve, reject }
        // The scan runs in the worker; a cancel stops it there (the folder is removed by the caller).
        signal?.addEventListener(
          'abort',
          () => {
            fail(exportCancelled(config.exportId))
            void worker.terminate()
          },
          { once: true },
        )
        worker.postMessage({ type: 'finish', identifiers } satisfies ToWorker)
      })
    },
    async abandon() {
      if (exited) return
      // The worker closes its files first (a terminated thread would leave them open), then ends; at most 5 s.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000)
        onAbandoned = () => {
          clearTimeout(timer)
          resolve()
        }
        try {
          worker.postMessage({ type: 'abandon' } satisfies ToWorker)
        } catch {
          resolve()
        }
      })
      await worker.terminate()
    },
  }
}
