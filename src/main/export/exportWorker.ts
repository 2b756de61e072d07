// Entry of the export's worker thread (built as out/main/exportWorker.js; see exportThread.ts): runs the second pass
// with its own tokenizer (the model's vocabulary, loaded here) and posts back what the main thread records.
import { parentPort } from 'node:worker_threads'
import { AppError } from '../../shared/errors'
import type { FromWorker, ToWorker } from './exportThread'
import { RowWriter } from './rowWriter'
import { disposeTokenizerLlama, openCounterFrom, type OpenTokenCounter } from './tokens/modelTokenizer'
import type { PatientIdentifiers } from './types'

const port = parentPort!
let ready: Promise<{ writer: RowWriter; tokens: OpenTokenCounter }> | null = null
const post = (m: FromWorker) => port.postMessage(m)

function failed(err: unknown): void {
  // Messages of AppErrors name ids and categories only; other errors are reduced to their code or name.
  if (err instanceof AppError) post({ type: 'failed', code: err.code, message: err.message })
  else post({ type: 'failed', code: null, message: err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err) })
}

// Messages are handled one after another, in order: each waits for the one before.
let chain: Promise<void> = Promise.resolve()
port.on('message', (m: ToWorker) => {
  chain = chain.then(() => handle(m)).catch(failed)
})

async function handle(m: ToWorker): Promise<void> {
  if (m.type === 'start') {
    ready = openCounterFrom(m.tokenizer).then((tokens) => ({ writer: new RowWriter(m.config, tokens.counter), tokens }))
    await ready
    return
  }
  if (m.type === 'abandon') {
    const started = await ready?.catch(() => null)
    started?.writer.abandon()
    await closeTokenizer(started?.tokens)
    post({ type: 'abandoned' })
    port.close()
    return
  }
  if (!ready) throw new Error('the export worker was not started')
  const { writer, tokens } = await ready
  if (m.type === 'add') {
    post({ type: 'added', id: m.id, written: m.batch.map((placed) => writer.add(placed)) })
    return
  }
  // Every row is counted: the tokenizer is freed before the scan, so a cancel that ends this thread mid-scan is safe.
  await closeTokenizer(tokens)
  const identifiers = new Map<string, PatientIdentifiers>(m.identifiers)
  const files = writer.finish(
    (p) => identifiers.get(p) ?? null,
    (done, total) => post({ type: 'progress', done, total }),
  )
  post({ type: 'finished', files })
  // The thread ends by itself once its port is closed.
  port.close()
}

async function closeTokenizer(tokens: OpenTokenCounter | undefined): Promise<void> {
  await tokens?.close()
  await disposeTokenizerLlama()
}
