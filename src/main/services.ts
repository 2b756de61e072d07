// Composition root: everything a handler needs, built from a data folder. No Electron here.
import { join } from 'node:path'
import { fileVault, type AnchorVault } from './audit/anchorVault'
import { AuditIntegrity } from './audit/integrity'
import { AuthService, type AuthOptions } from './auth/service'
import { EventBus } from './eventBus'
import type { ExportSource } from './export/pipeline'
import { ActiveRules } from './findings/activeRules'
import type { LlmBackend } from './llm/engine/backend'
import type { HostSpawner } from './llm/engine/hostProtocol'
import { NodeLlamaBackend } from './llm/engine/nodeLlama'
import { ProcessBackend } from './llm/engine/processBackend'
import { ParseThread } from './ingest/parseThread'
import { InterpretationQueue } from './llm/queue'
import { RemoteBackendPool } from './llm/remote/pool'
import { FileSecretStore, type SecretStore } from './llm/remote/secrets'
import { LlmService } from './llm/service'
import { VersionEngine } from './llm/versionEngine'
import { EvalRuns } from './eval/run/runner'
import { ShadowWorker } from './eval/shadow/shadowWorker'
import { consoleLogger, type Logger } from './log'
import { openDatabase, type Db } from './store/db'

export interface ServicesOptions {
  dataDir: string
  version: string
  runtime: 'electron' | 'node'
  electronVersion?: string | null
  /** better_sqlite3.node for the current runtime, when it is not the default Node build. */
  sqliteNativeBinding?: string
  logger?: Logger
  /** The inference backend; node-llama-cpp unless a test or a remote backend supplies another. */
  llmBackend?: LlmBackend
  /** The version engine's backend (evaluation, canary, shadow drafts); made like the main one unless a test supplies one. */
  versionBackend?: LlmBackend
  /**
   * The built model-engine entry (out/main/llmHost.js): node-llama-cpp then runs in a process of its own
   * (processBackend.ts says why). Without it the engine runs in this process, as unit tests that never generate do.
   */
  llmHostPath?: string
  /** How the engine process is started; Node's fork unless the Electron shell supplies a utility process. */
  llmHostSpawner?: HostSpawner
  /** The built parse-worker entry (out/main/parseWorker.js); without it batch imports parse in-thread. */
  parseWorkerPath?: string
  /** The built export-worker entry (out/main/exportWorker.js); without it an export writes its rows in-thread. */
  exportWorkerPath?: string
  /** Where the training-data export reads signed items; the review store unless a test or the bench supplies one. */
  exportSource?: ExportSource
  /** Long-running hosts (the app, `readout serve`) start the queue for auto-queued imports; one-shot CLI commands do not. */
  runsQueue?: boolean
  /**
   * A second place for the audit anchor, out of reach of someone who can only edit files: the desktop app passes the
   * OS secure storage (src/main/electron/secureAnchorVault.ts). The CLI and `readout serve` keep only the file.
   */
  secureAnchorVault?: AnchorVault
  /** Tests: a clock to move, lower hash parameters. */
  auth?: AuthOptions
  /**
   * Where remote backends' API keys are kept: the app passes the OS secure storage (src/main/index.ts); otherwise a
   * file in the data folder only this user can read.
   */
  secretStore?: SecretStore
  /** Retries and backoff for remote servers (tests shorten them). */
  remoteTuning?: { retries?: number; retryBaseMs?: number }
}

export interface Services {
  readonly dataDir: string
  readonly databasePath: string
  readonly version: string
  readonly runtime: 'electron' | 'node'
  readonly electronVersion: string | null
  readonly db: Db
  readonly events: EventBus
  readonly log: Logger
  /** The rule set findings are computed with. */
  readonly rules: ActiveRules
  /** The local model: loading, drafting, cancelling. */
  readonly llm: LlmService
  /** Drafts with named model versions (evaluation runs, canary, shadow) on an engine of its own; stores nothing. */
  readonly versionEngine: VersionEngine
  /** Evaluation runs drafting in this process (started, resumed, cancelled). */
  readonly evalRuns: EvalRuns
  /** Shadow versions' background drafts (stored only in shadow_drafts); started by long-running hosts. */
  readonly shadow: ShadowWorker
  /** Configured remote inference servers, connected on demand; their API keys live in `remotes.secrets`. */
  readonly remotes: RemoteBackendPool
  /** The persisted batch queue of reports to interpret. */
  readonly queue: InterpretationQueue
  /** Parses batch-import inputs on a worker thread while the main thread stores. */
  readonly parser: ParseThread
  /** Users' credentials and sign-in sessions. */
  readonly auth: AuthService
  readonly runsQueue: boolean
  /** The audit log's anchors, verification and checkpoints. */
  readonly audit: AuditIntegrity
  /** The export's item source when one was supplied; null = the review store. */
  readonly exportSource: ExportSource | null
  /** The built export-worker entry, or null: exports then write their rows in-thread. */
  readonly exportWorkerPath: string | null
  close(): void
}

/**
 * The entries electron-vite builds beside the app's and the CLI's own in out/main (see electron.vite.config.ts): the
 * model engine's process and the import parse worker.
 */
export function builtEntries(dir: string): { llmHostPath: string; parseWorkerPath: string; exportWorkerPath: string } {
  return { llmHostPath: join(dir, 'llmHost.js'), parseWorkerPath: join(dir, 'parseWorker.js'), exportWorkerPath: join(dir, 'exportWorker.js') }
}

/** The audit anchor beside the database: { format, version, count, headHash, at } as JSON. */
export const AUDIT_ANCHOR_FILE = 'audit-anchor.json'

export function createServices(opts: ServicesOptions): Services {
  const databasePath = join(opts.dataDir, 'readout.db')
  const db = openDatabase(databasePath, opts.sqliteNativeBinding ? { nativeBinding: opts.sqliteNativeBinding } : {})
  const closers: (() => void)[] = [() => db.close()]
  const events = new EventBus()
  const log = opts.logger ?? consoleLogger
  const audit = new AuditIntegrity(db, opts.dataDir, [fileVault(join(opts.dataDir, AUDIT_ANCHOR_FILE)), ...(opts.secureAnchorVault ? [opts.secureAnchorVault] : [])], log)
  // Closed after everything else that may append (the queue, the engine), before the database.
  closers.push(() => audit.close())
  const newBackend = (): LlmBackend => (opts.llmHostPath ? new ProcessBackend({ hostPath: opts.llmHostPath, spawn: opts.llmHostSpawner }) : new NodeLlamaBackend())
  const backend = opts.llmBackend ?? newBackend()
  // A second engine: versions switch adapters there without reloading the model clinicians' drafts come from.
  const versionEngine = new VersionEngine({ db, log }, opts.versionBackend ?? newBackend())
  const evalRuns = new EvalRuns({ db, events, log }, versionEngine)
  const remotes = new RemoteBackendPool(db, opts.secretStore ?? new FileSecretStore(opts.dataDir), opts.remoteTuning)
  // Shadow drafts run only while no draft for clinicians does (`llm` is created just below; asked later).
  const shadow = new ShadowWorker({ db, log, busy: () => llm.draftsInFlight() > 0 }, versionEngine)
  const llm = new LlmService({ db, events, log, versionEngine, afterDraft: () => shadow.notify() }, backend, remotes)
  // Long-running hosts draft shadows; a one-shot command leaves the work (missing rows) for the next one.
  if (opts.runsQueue) shadow.start()
  const queue = new InterpretationQueue({ db, events, log }, llm)
  const parser = new ParseThread(opts.parseWorkerPath, log)
  closers.push(() => parser.close())
  closers.push(() => {
    queue.shutdown()
    shadow.stop()
    void llm.dispose()
    void evalRuns.dispose()
    void versionEngine.dispose()
  })
  // Runs that were drafting when the app or `readout serve` last stopped continue where they were.
  if (opts.runsQueue) evalRuns.resumeInterrupted()
  return {
    dataDir: opts.dataDir,
    databasePath,
    version: opts.version,
    runtime: opts.runtime,
    electronVersion: opts.electronVersion ?? null,
    db,
    events,
    log,
    rules: new ActiveRules(db),
    llm,
    versionEngine,
    evalRuns,
    shadow,
    remotes,
    queue,
    parser,
    auth: new AuthService(db, opts.auth),
    runsQueue: opts.runsQueue ?? false,
    audit,
    exportSource: opts.exportSource ?? null,
    exportWorkerPath: opts.exportWorkerPath ?? null,
    close() {
      for (const c of closers.reverse()) c()
    },
  }
}
