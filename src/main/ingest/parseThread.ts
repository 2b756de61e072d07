// Parsing off the main thread for batch imports. Parsing is about a quarter of an HL7 message's import time and
// storing is bound to the main thread (one SQLite connection), so on a 2-core machine the next file is parsed on a
// worker thread while the current one is stored. Without the built worker entry (unit tests run from source), or
// after the worker failed, inputs are parsed in-thread: the result is the same, only slower.
import { Worker } from 'node:worker_threads'
import type { ParsedUnit } from '../../shared/domain/report'
import type { Logger } from '../log'
import { fromWire, parseUnits, type WireUnit } from './parseUnits'

interface Pending {
  resolve: (units: WireUnit[]) => void
  reject: (err: unknown) => void
}

export class ParseThread {
  private worker: Worker | null = null
  private failed = false
  private pending = new Map<number, Pending>()
  private nextId = 1

  constructor(
    private readonly workerPath: string | undefined,
    private readonly log: Logger,
  ) {}

  /** Whether inputs go to the worker thread (false: parsed in-thread). */
  get usesWorker(): boolean {
    return this.workerPath !== undefined && !this.failed
  }

  parse(bytes: Uint8Array): Promise<ParsedUnit[]> {
    const worker = this.ensureWorker()
    if (!worker) return Promise.resolve(parseUnits(bytes))
    const id = this.nextId++
    return new Promise<WireUnit[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.postMessage({ id, bytes })
    }).then(fromWire, () => parseUnits(bytes)) // the worker failed: parse here, so nothing is lost
  }

  private ensureWorker(): Worker | null {
    if (!this.usesWorker) return null
    if (this.worker) return this.worker
    // Libraries print while parsing (the UCUM library logs units it cannot read); on a worker thread that output would
    // reach the process's stdout, which belongs to the CLI's own output (`--json`). It goes to stderr instead.
    const worker = new Worker(this.workerPath!, { stdout: true })
    worker.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk))
    // An idle worker must not keep a CLI command running.
    worker.unref()
    worker.on('message', (m: { id: number; units: WireUnit[] }) => {
      const p = this.pending.get(m.id)
      this.pending.delete(m.id)
      p?.resolve(m.units)
    })
    worker.on('error', (err) => this.fail(err))
    worker.on('exit', (code) => this.fail(new Error(`the parse worker exited with code ${code}`)))
    this.worker = worker
    return worker
  }

  private fail(err: unknown): void {
    if (this.worker === null && this.pending.size === 0) return
    this.log.error('import parse worker failed; parsing in-thread from now on', err)
    this.failed = true
    this.worker = null
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
  }

  close(): void {
    const worker = this.worker
    this.worker = null
    this.failed = true
    void worker?.terminate()
  }
}
